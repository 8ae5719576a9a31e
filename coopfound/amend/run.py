"""`coopfound amend OLD NEW -o DIR`: from two specs to a written amendment pack.

Check both specs, compare their rules, work out the procedure from the rules in force, and
write the pack atomically.
"""

from __future__ import annotations

import io
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from coopfound.amend.compare import compare
from coopfound.amend.documents import Amendment, documents, generated_at, history_lines
from coopfound.amend.limits import amendment_findings
from coopfound.amend.procedure import required
from coopfound.checks.base import CHECKS, Finding, Severity
from coopfound.checks.run import CheckReport, run_checks
from coopfound.errors import Problem, SpecError, UsageError
from coopfound.output.leftovers import put_right
from coopfound.output.lock import output_lock
from coopfound.output.provenance import Provenance
from coopfound.output.vetting import check_output_folder, check_output_place
from coopfound.output.writers import write_documents
from coopfound.publish.render import rules_subtitle
from coopfound.rules.markdown import rules_markdown
from coopfound.rules.word import rules_docx
from coopfound.spec.loader import load_spec
from coopfound.templating.packs import TemplatePack


@dataclass(frozen=True)
class Amended:
    amendment: Amendment | None  # None: the rules do not change
    files: list[Path]


def old_from_git(new: Path, revision: str, into: Path) -> Path:
    """The spec as it was at a git revision of the same file, written to `into`."""
    folder = new.resolve().parent
    try:
        top = subprocess.run(["git", "-C", str(folder), "rev-parse", "--show-toplevel"],
                             capture_output=True, text=True, check=True).stdout.strip()
        relative = new.resolve().relative_to(Path(top).resolve()).as_posix()
        shown = subprocess.run(["git", "-C", top, "show", f"{revision}:{relative}"],
                               capture_output=True, check=True).stdout
    except FileNotFoundError:
        raise UsageError(Problem("git is not installed", hint="install git, or give the"
                                 " old spec as a file")) from None
    except subprocess.CalledProcessError as error:
        stderr = error.stderr or b""
        said = (stderr.decode("utf-8", "replace") if isinstance(stderr, bytes)
                else str(stderr)).strip().splitlines()
        raise UsageError(Problem(f"git could not give {new.name} at {revision}"
                                 + (f": {said[-1]}" if said else ""), file=new,
                                 hint="the file must be in a git repository, and the revision"
                                      " one where it exists, e.g. HEAD~1"
                                 )) from None
    target = into / f"{new.stem}@{revision.replace('/', '_')}.yaml"
    target.write_bytes(shown)
    return target


def _located(report: CheckReport, findings: list[Finding]) -> list[Problem]:
    path, positions = report.loaded.path, report.loaded.positions
    return [Problem(f"{f.message} ({f.code})", file=path,
                    line=positions.line_for(f.path) if f.path else None,
                    field=f.field or None, hint=f.fix)
            for f in findings if f.severity is Severity.error]


def prepare(old_path: Path, new_path: Path, pack: TemplatePack,
            notice_date: date) -> tuple[Amendment | None, CheckReport]:
    old_report = run_checks(load_spec(old_path), pack)
    new_report = run_checks(load_spec(new_path), pack)
    if old_report.errors:
        raise SpecError([Problem("the rules in force do not pass `coopfound check`",
                                 file=old_path, hint="amend from a spec that passes"),
                         *_located(old_report, list(old_report.errors))])
    old, new = old_report.loaded.spec, new_report.loaded.spec
    findings = amendment_findings(old, new)
    problems = _located(new_report, findings)
    if new_report.errors:
        # The amended rules must pass the same checks as new rules.
        code = CHECKS["CF406"]
        problems += [Problem(f"{code.summary[:1].lower()}{code.summary[1:-1]} ({code.code})",
                             file=new_path, hint="fix the errors below, then amend again")]
        problems += _located(new_report, list(new_report.errors))
    if problems:
        raise SpecError(problems)
    changes = compare(old_report.rulebook, new_report.rulebook)
    if not any(c.substantive for c in changes):
        return None, new_report
    procedure = required(old, new, changes, notice_date)
    return Amendment(old, new, old_report.rulebook, new_report.rulebook, changes, procedure,
                     findings), new_report


def with_history_docx(docx: bytes, lines: list[str]) -> bytes:
    from docx import Document

    document = Document(io.BytesIO(docx))
    document.add_heading(lines[0].removeprefix("## "), level=1)
    for line in lines[1:]:
        if line:
            document.add_paragraph(line.removeprefix("- "))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def run_amend(old_path: Path, new_path: Path, output: Path, pack: TemplatePack, *,
              force: bool, notice_date: date) -> Amended:
    keep = [old_path, new_path, *pack.roots[:-1]]

    def vet() -> None:
        check_output_folder(output, force=force, keep=keep)

    check_output_place(output, keep=keep)
    amendment, report = prepare(old_path, new_path, pack, notice_date)
    if amendment is None:
        return Amended(None, [])
    provenance = Provenance.of(report.loaded, pack)
    from coopfound.amend.redline import redline_docx

    history = history_lines(amendment)
    as_md = rules_markdown(amendment.new_rules, provenance, rules_subtitle(report)) \
        + "\n" + "\n".join(history)
    as_docx = with_history_docx(rules_docx(amendment.new_rules, provenance,
                                           amendment.new.society.name,
                                           rules_subtitle(report), pack), history)
    redline = redline_docx(amendment.old_rules, amendment.new_rules, amendment.changes,
                           f"Changes to the rules of {amendment.old.society.name}",
                           generated_at())
    docs = documents(amendment, provenance, as_md, as_docx, redline)
    with output_lock(output):
        put_right(output)
        vet()
        written = write_documents(output, docs, provenance.as_dict(), vet=vet)
    return Amended(amendment, written.files)


def summary_data(amendment: Amendment) -> dict[str, Any]:
    """The amendment for scripts (`--format json`)."""
    p = amendment.procedure
    band = amendment.band()
    return {
        "resolution": p.decision.name,
        "threshold_pct": float(p.decision.threshold_pct),
        "entrenched": p.is_entrenched,
        "entrenched_changes": list(p.entrenched_changes),
        "earliest_meeting": p.earliest_meeting.isoformat(),
        "second_meeting": [d.isoformat() for d in p.second_meeting] if p.second_meeting
        else None,
        "class_consents": [{"matter": c.matter, "classes": list(c.classes), "why": c.why}
                           for c in p.consents],
        "amended_rules": amendment.counted,
        "fee_band": band["amendments"] if band else None,
        "changes": [{"kind": c.kind.value, "where": c.where,
                     "old_number": c.old.number if c.old else None,
                     "new_number": c.new.number if c.new else None}
                    for c in amendment.changes],
        "findings": [{"code": f.code, "severity": f.severity.value, "field": f.field,
                      "message": f.message, "hint": f.fix} for f in amendment.findings],
    }


def temporary_folder() -> tempfile.TemporaryDirectory[str]:
    return tempfile.TemporaryDirectory(prefix="coopfound-amend-")
