"""Run every check on a loaded spec, including the checks that need the rendered rules."""

from __future__ import annotations

from dataclasses import dataclass

from coopfound.checks.base import Finding, Severity, finding
from coopfound.checks.legal import SPEC_CHECKS
from coopfound.rules.rulebook import ORDERS, Rulebook, build_rulebook
from coopfound.spec.loader import LoadedSpec
from coopfound.spec.matters import MATTERS
from coopfound.templating.packs import TemplatePack


@dataclass(frozen=True)
class CheckReport:
    loaded: LoadedSpec
    findings: tuple[Finding, ...]
    rulebook: Rulebook
    #: The standing orders made under the rules, which cite the rules by number.
    orders: Rulebook

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.error)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.warning)

    @property
    def ok(self) -> bool:
        return not self.errors


def run_checks(loaded: LoadedSpec, pack: TemplatePack) -> CheckReport:
    findings = [f for check in SPEC_CHECKS for f in check(loaded.spec)]
    findings.extend(defaulted_sections(loaded))
    rulebook = build_rulebook(loaded.spec, pack)
    findings.extend(coverage_findings(rulebook))
    orders = build_rulebook(loaded.spec, pack, ORDERS, rules=rulebook)
    for problem in rulebook.broken_references + orders.broken_references:
        findings.append(finding("CF202", (), problem.message,
                                problem.hint or "fix the template's reference"))
    findings.sort(key=lambda f: (f.severity is not Severity.error, f.code))
    return CheckReport(loaded=loaded, findings=tuple(findings), rulebook=rulebook,
                       orders=orders)


#: Sections a founder may leave out, taking coopfound's defaults. `purpose` is not here:
#: it holds only an optional mission in the founders' own words.
OPTIONAL_SECTIONS = ("voting", "general_meetings", "board", "investment", "audit",
                     "profits", "seal", "participation", "stewardship")


def defaulted_sections(loaded: LoadedSpec) -> list[Finding]:
    """Warn about each optional section the spec leaves out: its defaults are in the rules."""
    findings = []
    for section in OPTIONAL_SECTIONS:
        if (section,) in loaded.positions.key_lines:
            continue
        values = getattr(loaded.spec, section).model_dump(mode="json")
        findings.append(finding(
            "CF301", (section,),
            f"'{section}' is not in the spec, so the rules use coopfound's defaults:"
            f" {_flatten(values)}",
            f"add a '{section}:' section with your own choices (`coopfound schema` lists"
            " them), or copy these defaults into the spec to make them yours"))
    return findings


def _as_yaml(value: object) -> str:
    """A default as the founder would copy it into the spec: true, not True."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_as_yaml(v) for v in value) + "]"
    return str(value)


def _flatten(values: dict[str, object], prefix: str = "") -> str:
    parts = []
    for key, value in values.items():
        if isinstance(value, dict):
            parts.append(_flatten(value, f"{prefix}{key}."))
        else:
            parts.append(f"{prefix}{key}: {_as_yaml(value)}")
    return ", ".join(parts)


def coverage_findings(rulebook: Rulebook) -> list[Finding]:
    covered = rulebook.matters_covered()
    return [
        finding("CF201", (), f"no rule covers {m.id} ({m.title}): {m.requirement}",
                "include a clause that covers it; a template pack must declare `matters`")
        for m in MATTERS if not covered[m.id]
    ]
