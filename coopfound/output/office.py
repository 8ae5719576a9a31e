"""PDF copies of Word files, made by LibreOffice: one office process for a whole render.

Starting LibreOffice costs seconds and converting a file costs little, so every Word file
of a render goes to one `soffice --convert-to pdf` run, with a private profile in a
temporary folder (a LibreOffice the person has open, or a second render at the same time,
never shares it). The conversion works from the documents in memory and gives documents
back in memory, so the PDFs are written atomically with everything else and listed in
the manifest.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

from coopfound.errors import Problem, UsageError
from coopfound.output.document import Document

#: How long the office process may take for one render, in seconds, before it is stopped
#: (COOPFOUND_OFFICE_SECONDS changes it). A render's twenty-odd files take a few seconds.
OFFICE_SECONDS = 300.0

INSTALL_HINT = ("install LibreOffice, or leave out --pdf: `sudo apt install"
                " libreoffice-writer` on Debian or Ubuntu, or download it from"
                " https://www.libreoffice.org/download/")

#: Where LibreOffice's installers put soffice when it is not on PATH (macOS, Windows).
_USUAL_PLACES = (
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)

#: Every PDF carries this date, as every Word file's zip entries carry 1980-01-01: the
#: same spec gives the same bytes, so manifest.json's hashes identify the content.
_FIXED_DATE = b"19800101000000"
_DATE = re.compile(rb"/(?:CreationDate|ModDate)\s*\(D:(\d{14})")
_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")
_CHECKSUM = re.compile(rb"/DocChecksum\s*/([0-9A-Fa-f]+)")


def find_office() -> str:
    """The path of LibreOffice's soffice; a usage error (exit 2) with how to install it
    when there is none. Cheap: called before any work, so a missing office costs nothing."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for place in _USUAL_PLACES:
        if Path(place).is_file():
            return place
    raise UsageError(Problem("LibreOffice is not installed (no soffice on PATH), and --pdf"
                             " needs it to make the PDFs", hint=INSTALL_HINT))


def office_seconds() -> float:
    try:
        return max(1.0, float(os.environ.get("COOPFOUND_OFFICE_SECONDS", OFFICE_SECONDS)))
    except ValueError:
        return OFFICE_SECONDS


def with_pdfs(documents: Sequence[Document], soffice: str, shown: Path) -> list[Document]:
    """`documents` with a PDF after each Word file (`rules.docx`, then `rules.pdf`).

    `shown` is the output folder, to locate errors. Raises a usage error (exit 2) when
    LibreOffice fails, cannot convert a file, or runs past its time.
    """
    words = [d for d in documents if d.name.endswith(".docx")]
    if not words:
        return list(documents)
    pdfs = _convert(words, soffice, shown)
    result: list[Document] = []
    for document in documents:
        result.append(document)
        if document in pdfs:
            result.append(pdfs[document])
    return result


def _convert(words: list[Document], soffice: str, shown: Path) -> dict[Document, Document]:
    work = Path(tempfile.mkdtemp(prefix="coopfound-pdf-"))
    try:
        sources = work / "docx"
        sources.mkdir()
        # Files of one render share names across folders (a letter per class): LibreOffice
        # writes every PDF into one folder, so each source gets a name of its own.
        flat = {document: sources / f"{index:04d}-{PurePosixPath(document.name).name}"
                for index, document in enumerate(words)}
        for document, path in flat.items():
            path.write_bytes(document.content)
        outdir = work / "pdf"
        _run_office(soffice, work / "profile", outdir, list(flat.values()), shown, len(words))
        pdfs: dict[Document, Document] = {}
        for document, path in flat.items():
            pdf = outdir / (path.stem + ".pdf")
            name = document.name[: -len(".docx")] + ".pdf"
            if not pdf.is_file():
                raise UsageError(Problem(
                    "LibreOffice could not turn this Word file into a PDF; nothing was"
                    " written", file=shown / document.name,
                    hint="check that LibreOffice Writer is installed (`sudo apt install"
                         " libreoffice-writer` on Debian or Ubuntu) and opens the file; or"
                         " leave out --pdf"))
            pdfs[document] = Document(name, reproducible(pdf.read_bytes()))
        return pdfs
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _run_office(soffice: str, profile: Path, outdir: Path, sources: list[Path],
                shown: Path, count: int) -> None:
    seconds = office_seconds()
    command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
               "--norestore", "--nolockcheck", "--convert-to", "pdf", "--outdir",
               str(outdir), *map(str, sources)]
    # UTC: the PDF's dates then always have the same length, so they can be fixed below.
    environment = {**os.environ, "TZ": "UTC"}
    try:
        # A session of its own: soffice starts soffice.bin, and a stopped run must end both.
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, env=environment,
                                   start_new_session=sys.platform != "win32")
    except OSError as error:
        raise UsageError(Problem(f"cannot start LibreOffice ({soffice}): {error.strerror}",
                                 file=shown, hint=INSTALL_HINT)) from None
    with process:  # closes the pipe and waits, however this ends
        try:
            output, _ = process.communicate(timeout=seconds)
        except subprocess.TimeoutExpired:
            _stop(process)
            raise UsageError(Problem(
                f"LibreOffice did not finish turning {count} Word files into PDFs within"
                f" {seconds:g} second{'' if seconds == 1 else 's'}, and was stopped;"
                " nothing was written", file=shown,
                hint="run the command again; if it keeps happening, check that"
                     " `soffice --headless --version` answers, or allow longer with"
                     " COOPFOUND_OFFICE_SECONDS")) from None
        except BaseException:  # Ctrl-C, or the batch stopping: leave no office running
            _stop(process)
            raise
    if process.returncode != 0:
        said = output.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(Problem(
            f"LibreOffice failed (exit {process.returncode})"
            + (f": {said[-1][:200]}" if said else "") + "; nothing was written",
            file=shown, hint="check that `soffice --headless --version` works; or leave"
                             " out --pdf"))


def _stop(process: subprocess.Popen[bytes]) -> None:
    try:
        if sys.platform != "win32":
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
    except OSError:  # it ended on its own meanwhile
        pass
    process.wait()


def reproducible(pdf: bytes) -> bytes:
    """The PDF with a fixed date and an identifier made from its content.

    LibreOffice stamps the time of conversion and a random identifier; nothing else
    differs between two conversions of the same file. Each is replaced by a value of the
    same length, so the cross-reference table's byte offsets stay right.
    """
    fixed = _DATE.sub(lambda m: m.group(0)[: m.start(1) - m.start(0)] + _FIXED_DATE, pdf)
    blank = _CHECKSUM.sub(lambda m: _same_length(m, b"0"), _ID.sub(
        lambda m: _same_length(m, b"0"), fixed))
    digest = hashlib.sha256(blank).hexdigest().upper().encode("ascii") * 4
    return _CHECKSUM.sub(lambda m: _same_length(m, digest), _ID.sub(
        lambda m: _same_length(m, digest), fixed))


def _same_length(match: re.Match[bytes], value: bytes) -> bytes:
    """`match` with each of its groups replaced by as much of `value` as fills it."""
    text, start = match.group(0), match.start(0)
    pieces, last = [], 0
    for group in range(1, (match.lastindex or 0) + 1):
        begin, end = match.start(group) - start, match.end(group) - start
        pieces += [text[last:begin], (value * (end - begin))[: end - begin]]
        last = end
    return b"".join([*pieces, text[last:]])
