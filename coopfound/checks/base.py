"""What a finding is, and the catalogue of every check's code, severity and source."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from coopfound.fields import PathKey
from coopfound.loader import format_path


class Severity(StrEnum):
    error = "error"  # would stop registration, or breaks the law or co-operative principles
    warning = "warning"  # lawful, but weakens member control or invites trouble


@dataclass(frozen=True)
class CheckInfo:
    code: str
    severity: Severity
    summary: str
    source: str


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    path: PathKey
    message: str
    fix: str

    @property
    def field(self) -> str:
        return format_path(self.path)


def _catalogue(*infos: CheckInfo) -> dict[str, CheckInfo]:
    return {info.code: info for info in infos}


E, W = Severity.error, Severity.warning

CHECKS: dict[str, CheckInfo] = _catalogue(
    CheckInfo("CF101", E, "The name must end 'Limited' (or 'Cyfyngedig' with the office in Wales).",
              "Co-operative and Community Benefit Societies Act 2014, s.10"),
    CheckInfo("CF102", E, "'Cyfyngedig' is allowed only when the registered office is in Wales.",
              "Co-operative and Community Benefit Societies Act 2014, s.10(2)"),
    CheckInfo("CF103", E, "A community benefit society may not use 'co-operative' in its name.",
              "FCA practice, Community Shares Handbook 3.1.1"),
    CheckInfo("CF111", E, "A society needs at least three founding members to register.",
              "Co-operative and Community Benefit Societies Act 2014, s.2(2)(b)"),
    CheckInfo("CF112", E, "A founding member's class must be one of the spec's member classes.",
              "coopfound: the register of members needs each member's class"),
    CheckInfo("CF113", E, "Member class ids must be unique.",
              "coopfound: rules and forms refer to classes by id"),
    CheckInfo("CF114", E, "At least one member class must be a user class.",
              "FCA RFCCBS 4 (bona fide co-operative: members benefit through participation)"),
    CheckInfo("CF121", E, "The statutory asset lock is available to community benefit"
              " societies only.",
              "Community Benefit Societies (Restriction on Use of Assets) Regulations 2006"),
    CheckInfo("CF122", E, "A community benefit society may not return surplus to its members.",
              "Co-operative and Community Benefit Societies Act 2014, s.2(2)(a)(ii)"),
    CheckInfo("CF123", E, "A community benefit society must say whom its business benefits.",
              "Co-operative and Community Benefit Societies Act 2014, s.2(2)(a)(ii)"),
    CheckInfo("CF124", W, "Co-ownership lets members share the assets on dissolution.",
              "ICA Guidance Notes, Principle 3 (indivisible reserves)"),
    CheckInfo("CF125", E, "A community benefit society may not share its assets among"
              " members on dissolution.",
              "Co-operative and Community Benefit Societies Act 2014, s.2(2)(a)(ii);"
              " Community Shares Handbook 2.4"),
    CheckInfo("CF126", W, "The statutory asset lock must be adopted in the exact words the"
              " Regulations prescribe.",
              "Community Benefit Societies (Restriction on Use of Assets) Regulations 2006,"
              " reg.2 and Schedule 1"),
    CheckInfo("CF131", E, "A member's withdrawable shares may not exceed £100,000.",
              "Co-operative and Community Benefit Societies Act 2014, s.24"),
    CheckInfo("CF132", E, "When interest is paid on shares, the rules must cap the rate.",
              "FCA RFCCBS 4; HMRC CTM40507 (interest no more than needed to raise capital)"),
    CheckInfo("CF133", E, "The board's minimum size cannot exceed its maximum.",
              "coopfound: the rules would contradict themselves"),
    CheckInfo("CF134", E, "An extraordinary resolution must need more votes than an ordinary one.",
              "coopfound: rule changes and other grave decisions need more than a bare"
              " majority; the Act's own thresholds (ss.111, 113, 119) apply regardless"),
    CheckInfo("CF301", W, "A section left out of the spec takes coopfound's defaults.",
              "coopfound: founders should see and own every choice in their rules"),
    CheckInfo("CF302", W, "A placeholder from `coopfound init --defaults` is still in the spec.",
              "coopfound: a rule book must not carry stand-in names or addresses"),
    CheckInfo("CF201", E, "Every matter in s.14 of the Act must be covered by the rules.",
              "Co-operative and Community Benefit Societies Act 2014, s.14; FCA RFCCBS 3.4.1G"),
    CheckInfo("CF202", E, "A rule refers to another rule that these rules leave out.",
              "coopfound: a reference must point at a rule that exists"),
)


def finding(code: str, path: PathKey, message: str, fix: str) -> Finding:
    return Finding(code=code, severity=CHECKS[code].severity, path=path, message=message,
                   fix=fix)
