"""Word files: render a docxtpl shell, stamp its provenance, and save it reproducibly.

python-docx stamps each zip entry with the time of saving, so the same spec rendered
twice gave two different files and two different hashes in the manifest. Rewriting the
zip with a fixed timestamp (and the entries in the same order) makes the hash a real
fingerprint of the content.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from coopfound.errors import CoopfoundError, Problem, TemplateError
from coopfound.templating.rendering import template_failure
from coopfound.templating.sandbox import time_limited
from coopfound.templating.whereabouts import rendering

_FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can hold


class _FixedTimeZipWriter:
    """python-docx's physical package writer, with every entry dated 1980-01-01."""

    def __init__(self, stream: io.BytesIO) -> None:
        self._zip = zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED)

    def write(self, pack_uri: Any, blob: bytes) -> None:
        entry = zipfile.ZipInfo(pack_uri.membername, date_time=_FIXED_TIME)
        entry.compress_type = zipfile.ZIP_DEFLATED
        entry.external_attr = 0o644 << 16
        self._zip.writestr(entry, blob)

    def close(self) -> None:
        self._zip.close()


def save_reproducibly(document: Any) -> bytes:
    """Save a python-docx document with fixed timestamps, compressing each part once.

    Saving normally and then rewriting the zip (`reproducible_zip`) compressed every part
    twice, which was a fifth of a pack's render time. This follows python-docx's own
    `OpcPackage.save`, with our writer in place of its zip writer; if a later python-docx
    changes those internals, the slower route still gives the same kind of file.
    """
    from docx.opc import pkgwriter

    writer_steps: Any = pkgwriter.PackageWriter  # private helpers: typed loosely on purpose
    package = document.part.package
    steps = ("_write_content_types_stream", "_write_pkg_rels", "_write_parts")
    if not all(hasattr(writer_steps, step) for step in steps):
        buffer = io.BytesIO()
        document.save(buffer)
        return reproducible_zip(buffer.getvalue())
    parts = list(package.parts)
    for part in parts:
        part.before_marshal()
    buffer = io.BytesIO()
    writer = _FixedTimeZipWriter(buffer)
    writer_steps._write_content_types_stream(writer, parts)
    writer_steps._write_pkg_rels(writer, package.rels)
    writer_steps._write_parts(writer, parts)
    writer.close()
    return buffer.getvalue()


_STYLE_REFERENCES = ("pStyle", "rStyle", "tblStyle", "numStyleLink", "styleLink")
_STYLE_LINKS = ("basedOn", "next", "link")


def slim_styles(document: Any) -> None:
    """Keep only the styles a document uses, and drop the Word 2010 styles copy.

    python-docx's blank document carries ~800 KB of style XML (every built-in style, twice
    over with stylesWithEffects.xml). Each Word file we render from a shell parsed,
    serialised and compressed all of it; the shells now carry only the styles their text
    uses, the ones those are based on, and the defaults, which look the same in Word and
    LibreOffice.
    """
    from docx.opc.constants import RELATIONSHIP_TYPE

    part = document.part
    styles_part = part.part_related_by(RELATIONSHIP_TYPE.STYLES)
    for rel_id, rel in list(part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            del part.rels[rel_id]
    used: set[str] = set()
    for other in part.package.parts:
        if other is styles_part or not hasattr(other, "element"):
            continue
        for tag in _STYLE_REFERENCES:
            used.update(e.get(qn("w:val")) for e in other.element.iter(qn(f"w:{tag}")))
    styles = document.styles.element
    by_id = {s.get(qn("w:styleId")): s for s in styles.findall(qn("w:style"))}
    used.update(i for i, s in by_id.items() if s.get(qn("w:default")) in ("1", "true"))
    pending = list(used)
    while pending:
        style = by_id.get(pending.pop())
        for tag in _STYLE_LINKS:
            for link in style.findall(qn(f"w:{tag}")) if style is not None else ():
                if link.get(qn("w:val")) not in used:
                    used.add(link.get(qn("w:val")))
                    pending.append(link.get(qn("w:val")))
    for style_id, style in by_id.items():
        if style_id not in used:
            styles.remove(style)
    for latent in styles.findall(qn("w:latentStyles")):
        styles.remove(latent)


def reproducible_zip(data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            fixed = zipfile.ZipInfo(entry.filename, date_time=_FIXED_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(entry.filename))
    return buffer.getvalue()


#: A Word shell is a page and its styles around a few template tags; these bounds are
#: far above any real shell, and keep a crafted one (a few KB of zip holding millions of
#: empty paragraphs, which docxtpl handles in quadratic time) from stalling a render.
MAX_SHELL_BYTES = 5 * 1024 * 1024
MAX_SHELL_UNPACKED_BYTES = 20 * 1024 * 1024
MAX_SHELL_PARAGRAPHS = 5_000


@cache
def _shell_bytes(path: Path, mtime_ns: int) -> bytes:
    """A Word shell's bytes, read once per process and checked against the bounds."""
    if path.stat().st_size > MAX_SHELL_BYTES:
        raise _too_large(path, f"it is {path.stat().st_size:,} bytes")
    data = path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        entries = package.infolist()
        if sum(entry.file_size for entry in entries) > MAX_SHELL_UNPACKED_BYTES:
            raise _too_large(path, "it unpacks to more than 20 MB")
        body = package.read("word/document.xml")
    paragraphs = len(re.findall(rb"<w:p[ />]", body))
    if paragraphs > MAX_SHELL_PARAGRAPHS:
        raise _too_large(path, f"it has {paragraphs:,} paragraphs")
    return data


def _too_large(path: Path, why: str) -> TemplateError:
    return TemplateError(Problem(
        f"this Word shell is too large for a shell: {why}", file=path,
        hint="a shell holds the page, the styles and a few template tags; the text comes"
             " from the templates"))


@cache
def _pristine_shell(path: Path, mtime_ns: int) -> Any:
    """A Word shell parsed once per process; each render works on a deep copy of it,
    which costs a third of parsing the file again."""
    from docx import Document as WordDocument

    return WordDocument(io.BytesIO(_shell_bytes(path, mtime_ns)))


@cache
def _shell_template_class() -> Any:
    """docxtpl's template, doing the same work with less repetition.

    Both changes return exactly what docxtpl returns (the golden files hold the bytes):
    `patch_xml` is a pure function of the shell's XML, so each shell is patched once, not
    once per document; `resolve_listing` only turns tabs, newlines and the like inside
    the text into Word's own marks, so text without any of them is left as it is instead
    of being taken apart paragraph by paragraph with regular expressions.
    """
    from docxtpl import DocxTemplate

    patched: dict[str, str] = {}

    class ShellTemplate(DocxTemplate):  # type: ignore[misc]
        def patch_xml(self, src_xml: str) -> str:
            result = patched.get(src_xml)
            if result is None:
                if len(patched) >= 64:
                    patched.clear()
                result = patched[src_xml] = super().patch_xml(src_xml)
            return result

        def resolve_listing(self, xml: str) -> str:
            if not any(mark in xml for mark in _LISTING_MARKS):
                return xml
            return str(super().resolve_listing(xml))

    return ShellTemplate


#: The characters docxtpl's resolve_listing turns into Word marks.
_LISTING_MARKS = ("\t", "\a", "\n", "\f")


def open_shell(path: Path) -> Any:
    """A fresh docxtpl document over a Word shell, read and parsed once per process."""
    try:
        with rendering(str(path)):
            mtime_ns = path.stat().st_mtime_ns
            document = _shell_template_class()(io.BytesIO(_shell_bytes(path, mtime_ns)))
            document.docx = copy.deepcopy(_pristine_shell(path, mtime_ns))
    except CoopfoundError:
        raise
    except Exception as error:
        raise _damaged(path, error) from None
    return document


def open_word_shell(path: Path) -> Any:
    """A fresh python-docx document over a Word shell with no template tags (the
    registers), read from disk once per process."""
    from docx import Document as WordDocument

    try:
        return WordDocument(io.BytesIO(_shell_bytes(path, path.stat().st_mtime_ns)))
    except CoopfoundError:
        raise
    except Exception as error:
        raise _damaged(path, error) from None


def _damaged(path: Path, error: Exception) -> TemplateError:
    return TemplateError(Problem(
        f"cannot open this Word shell ({type(error).__name__}: {error})", file=path,
        hint="save it again from Word as a .docx document"))


def render_shell(document: Any, context: dict[str, Any], env: jinja2.Environment,
                 shell: Path) -> None:
    # autoescape: docxtpl inserts text into XML; without it '&' or '<' in a name would
    # corrupt the document or silently lose text.
    try:
        with rendering(str(shell)), time_limited(env):
            document.render(context, jinja_env=env, autoescape=True)
    except CoopfoundError:
        raise
    except Exception as error:  # a pack's shell may fail in any way a template can
        raise template_failure(error, str(shell)) from None


def british_english(document: Any) -> None:
    """Spell-check and hyphenate as British English (python-docx's default is en-US)."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_properties = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    language = run_properties.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        run_properties.append(language)
    language.set(qn("w:val"), "en-GB")
    language.set(qn("w:eastAsia"), "en-GB")


def drop_template_leftovers(document: Any) -> None:
    """Remove python-docx's sample thumbnail and its 2013 dates from the shell."""
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del package.rels[rel_id]
    properties = document.core_properties
    properties.author = "coopfound"
    properties.last_modified_by = "coopfound"
    properties.title = ""
    properties.comments = ""
    core = properties._element
    for tag in ("dcterms:created", "dcterms:modified"):
        for element in core.findall(qn(tag)):
            core.remove(element)


def _fit_property(value: str) -> str:
    """Word's document properties hold at most 255 characters (python-docx enforces it)
    and no control characters (XML cannot): a long pack name or a stray character in a
    pack's title must not stop a render. The full provenance is in manifest.json."""
    value = "".join(" " if ord(c) < 32 or ord(c) == 127 else c for c in value)
    return value if len(value) <= 255 else value[:254] + "\u2026"


def stamped_bytes(document: Any, title: str, subject: str, provenance: Any,
                  category: str = "") -> bytes:
    """Record what produced a Word file in its properties, and save it reproducibly."""
    properties = document.core_properties
    values = {
        "title": title, "subject": subject, "author": "coopfound",
        "last_modified_by": "coopfound", "category": category,
        "keywords": f"spec_sha256={provenance.spec_sha256}",
        "identifier": provenance.spec_sha256, "version": provenance.coopfound_version,
        "comments": provenance.sentence(),
        "content_status": f"law as at {provenance.law_as_at.isoformat()}",
    }
    for name, value in values.items():
        setattr(properties, name, _fit_property(value))
    return save_reproducibly(document)
