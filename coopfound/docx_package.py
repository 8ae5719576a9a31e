"""Make a saved Word file byte-for-byte reproducible.

python-docx stamps each zip entry with the time of saving, so the same spec rendered
twice gave two different files and two different hashes in the manifest. Rewriting the
zip with a fixed timestamp (and the entries in the same order) makes the hash a real
fingerprint of the content.
"""

from __future__ import annotations

import io
import zipfile
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from coopfound.templating import template_failure

_FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can hold


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


@cache
def _shell_bytes(path: Path, mtime_ns: int) -> bytes:
    return path.read_bytes()


def open_shell(path: Path) -> Any:
    """A fresh docxtpl document over a Word shell, read from disk once per process."""
    from docxtpl import DocxTemplate

    return DocxTemplate(io.BytesIO(_shell_bytes(path, path.stat().st_mtime_ns)))


def render_shell(document: Any, context: dict[str, Any], env: jinja2.Environment,
                 shell: Path) -> None:
    # autoescape: docxtpl inserts text into XML; without it '&' or '<' in a name would
    # corrupt the document or silently lose text.
    try:
        document.render(context, jinja_env=env, autoescape=True)
    except jinja2.TemplateError as error:
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


def stamped_bytes(document: Any, title: str, subject: str, provenance: Any,
                  category: str = "") -> bytes:
    """Record what produced a Word file in its properties, and save it reproducibly."""
    properties = document.core_properties
    properties.title = title
    properties.subject = subject
    properties.author = "coopfound"
    properties.last_modified_by = "coopfound"
    properties.category = category
    properties.keywords = f"spec_sha256={provenance.spec_sha256}"
    properties.identifier = provenance.spec_sha256
    properties.version = provenance.coopfound_version
    properties.comments = provenance.sentence()
    properties.content_status = f"law as at {provenance.law_as_at.isoformat()}"
    buffer = io.BytesIO()
    document.save(buffer)
    return reproducible_zip(buffer.getvalue())
