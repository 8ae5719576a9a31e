"""Render one spec into one output folder: the work `render`, `register` and `batch` share."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from coopfound.checks.base import Finding
from coopfound.checks.run import run_checks
from coopfound.output.provenance import Provenance
from coopfound.output.writers import check_output_folder, write_documents
from coopfound.publish.render import render_everything
from coopfound.spec.loader import load_spec
from coopfound.templating.packs import TemplatePack


@dataclass(frozen=True)
class Published:
    files: list[Path]
    warnings: tuple[Finding, ...]


def publish(spec: Path, output: Path, pack: TemplatePack, *, force: bool,
            only: frozenset[str] | None = None) -> Published:
    """Check `spec`, render its documents and write them atomically into `output`.

    The output folder is vetted before any work, so a refusal costs nothing; a failure at
    any later step leaves the folder as it was.
    """
    check_output_folder(output, force=force, keep=[spec, *pack.roots[:-1]])
    loaded = load_spec(spec)
    report = run_checks(loaded, pack)
    documents = render_everything(report, pack, only=only)
    provenance = Provenance.of(loaded, pack).as_dict()
    return Published(files=write_documents(output, documents, provenance),
                     warnings=report.warnings)
