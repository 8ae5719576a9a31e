"""Render one spec into one output folder: the work `render`, `register` and `batch` share."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from coopfound.checks.base import Finding
from coopfound.checks.run import run_checks
from coopfound.errors import Problem
from coopfound.output.leftovers import put_right
from coopfound.output.lock import output_lock
from coopfound.output.office import find_office, with_pdfs
from coopfound.output.provenance import Provenance
from coopfound.output.vetting import check_output_folder, check_output_place
from coopfound.output.writers import write_documents
from coopfound.publish.page import pack_page
from coopfound.publish.render import render_everything
from coopfound.spec.loader import load_spec
from coopfound.templating.packs import TemplatePack


@dataclass(frozen=True)
class Published:
    files: list[Path]
    warnings: tuple[Finding, ...]
    #: The same warnings located in the spec (file, line, field) with their hints, to be
    #: shown as `check` shows them.
    located: tuple[Problem, ...] = ()
    #: What the person should know that is not a finding: a stopped run's folder restored.
    notices: tuple[str, ...] = ()


def publish(spec: Path, output: Path, pack: TemplatePack, *, force: bool,
            only: frozenset[str] | None = None, pdf: bool = False) -> Published:
    """Check `spec`, render its documents and write them atomically into `output`, with
    index.html, the page that holds them all, and with `pdf` a PDF of each Word file.

    The place is checked before the lock is taken (a spec's own folder is refused before
    anything is created beside it). Holding the folder's lock, what a stopped run left is
    put right and the folder is vetted before any work, so a refusal costs nothing; it is
    vetted once more just before the new folder replaces it. A failure at any step leaves
    the folder as it was. Without LibreOffice, `pdf` is refused before anything is done.
    """
    soffice = find_office() if pdf else None
    keep = [spec, *pack.roots[:-1]]

    def vet() -> None:
        check_output_folder(output, force=force, keep=keep)

    check_output_place(output, keep=keep)
    with output_lock(output):
        notices = put_right(output)
        vet()
        loaded = load_spec(spec)
        report = run_checks(loaded, pack)
        documents = render_everything(report, pack, only=only)
        stamp = Provenance.of(loaded, pack)
        documents.append(pack_page(report, documents, stamp))
        if soffice is not None:  # converted in memory: written atomically with the rest
            documents = with_pdfs(documents, soffice, output)
        written = write_documents(output, documents, stamp.as_dict(), vet=vet)
    positions = report.loaded.positions
    located = tuple(Problem(f"{f.message} ({f.code})", file=spec,
                            line=positions.line_for(f.path) if f.path else None,
                            field=f.field or None, hint=f.fix) for f in report.warnings)
    return Published(files=written.files, warnings=report.warnings, located=located,
                     notices=(*notices, *written.notices))
