"""The practice score out of 100: how far members controlled the co-op in the year.

Each indicator says what it measures, when it earns full marks and why, as `score` does for
the rules. An indicator the records cannot measure earns its points only if nothing was
due (no AGM fell due, no consent was needed); otherwise it earns none and says why.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from coopfound.annual.measure import Measures, living_wage, receiving_care_ids
from coopfound.spec.model import Spec


@dataclass(frozen=True)
class PracticeIndicator:
    number: int
    name: str
    measures: str
    full_marks_when: str
    points: int
    why: str
    fraction: Callable[[Spec, Measures], tuple[float, str]]


@dataclass(frozen=True)
class PracticeResult:
    indicator: PracticeIndicator
    score: float
    found: str


def _linear(value: float | None, full: float, zero: float = 0.0) -> float:
    if value is None:
        return 0.0
    return max(0.0, min(1.0, (value - zero) / (full - zero)))


def _pct(value: float | None) -> str:
    return "not recorded" if value is None else f"{value:.0f}%"


def _seats(spec: Spec, m: Measures) -> tuple[float, str]:
    pct = m.seats_filled_pct
    if pct is None:
        return 1.0, "no seats are reserved"
    return pct / 100, f"{pct:.1f}% of reserved seat-days filled"


def _agm(spec: Spec, m: Measures) -> tuple[float, str]:
    if m.agm_due is None:
        return 1.0, "no AGM fell due this year"
    if m.agm_on_time:
        return 1.0, f"held on {m.agm:%d %B %Y}" if m.agm else "held"
    return 0.0, "not held by the rules' deadline"


def _quorum(spec: Spec, m: Measures) -> tuple[float, str]:
    if not m.general_meetings:
        return 0.0, "no general meeting was held"
    return m.quorum_met / m.general_meetings, (
        f"{m.quorum_met} of {m.general_meetings} general meetings quorate")


def _turnout(spec: Spec, m: Measures) -> tuple[float, str]:
    return _linear(m.care_turnout, 15.0), (
        f"{_pct(m.care_turnout)} of people receiving care present, on average")


def _consents(spec: Spec, m: Measures) -> tuple[float, str]:
    if not m.consents_needed:
        return 1.0, "no class consent was needed"
    return m.consents_sought / m.consents_needed, (
        f"sought {m.consents_sought} of {m.consents_needed} times it was needed")


def _membership(spec: Spec, m: Measures) -> tuple[float, str]:
    return _linear(m.receiving_care_share, 50.0), (
        f"{_pct(m.receiving_care_share)} of the people cared for are members")


def _satisfaction(spec: Spec, m: Measures) -> tuple[float, str]:
    ids = receiving_care_ids(spec)
    values = [v for v in (m.satisfaction(cid) for cid in ids) if v is not None]
    value = sum(values) / len(values) if values else None
    return _linear(value, 80.0, 50.0), f"{_pct(value)} of people receiving care satisfied"


def _complaints(spec: Spec, m: Measures) -> tuple[float, str]:
    pct = m.ratio("complaints", "resolved_in_time", "received")
    if pct is None:
        return 1.0, "no complaints received"
    return _linear(pct, 90.0), f"{pct:.0f}% resolved in time"


def _hours(spec: Spec, m: Measures) -> tuple[float, str]:
    pct = m.ratio("care_hours", "delivered", "planned")
    return _linear(pct, 95.0, 50.0), f"{_pct(pct)} of planned care hours delivered"


def _pay(spec: Spec, m: Measures) -> tuple[float, str]:
    wage, verified, _ = living_wage()
    pay = m.figures.get("care_worker_hourly_pay")
    if pay is None:
        return 0.0, "not recorded"
    note = "" if verified else " (reference figure unconfirmed)"
    return _linear(float(pay), float(wage), float(wage) * 0.8), (
        f"£{float(pay):.2f} an hour against the Real Living Wage of £{wage}{note}")


def _pay_share(spec: Spec, m: Measures) -> tuple[float, str]:
    return _linear(m.pay_share_pct, 60.0, 30.0), (
        f"{_pct(m.pay_share_pct)} of income paid to care workers")


def _education(spec: Spec, m: Measures) -> tuple[float, str]:
    value = m.training_per_member
    shown = "not recorded" if value is None else f"{value:.1f} hours per member"
    return _linear(value, 2.0), shown


INDICATORS = (
    PracticeIndicator(1, "Reserved seats filled", "reserved board seat-days filled",
                      "every reserved seat filled all year", 15,
                      "the people the rules give a seat must sit in it", _seats),
    PracticeIndicator(2, "AGM on time", "the AGM against the rules' deadline", "held in time",
                      10, "the members' annual say cannot slip", _agm),
    PracticeIndicator(3, "Quorate meetings", "general meetings with a quorum", "all", 5,
                      "decisions need enough members present", _quorum),
    PracticeIndicator(4, "Voice of people receiving care", "their turnout at general"
                      " meetings", "15% or more", 15, "control on paper is not control in"
                      " practice", _turnout),
    PracticeIndicator(5, "Class consents sought", "consents sought when the rules needed"
                      " them", "every time", 10, "the weakest class's protection must be"
                      " used", _consents),
    PracticeIndicator(6, "Users are members", "people cared for who are members",
                      "half or more", 10, "the co-op belongs to those it serves", _membership),
    PracticeIndicator(7, "Satisfied users", "people receiving care satisfied in the survey",
                      "80% or more", 10, "good care is the purpose", _satisfaction),
    PracticeIndicator(8, "Complaints resolved", "complaints resolved in time", "90% or more",
                      5, "being heard when things go wrong", _complaints),
    PracticeIndicator(9, "Care delivered", "care hours against plan", "95% or more", 5,
                      "people rely on the hours they were promised", _hours),
    PracticeIndicator(10, "Fair pay", "care workers' hourly pay", "the Real Living Wage or"
                      " more", 5, "fair work keeps good carers", _pay),
    PracticeIndicator(11, "Money reaches care", "income paid to care workers", "60% or more",
                      5, "value for money means money spent on care", _pay_share),
    PracticeIndicator(12, "Education", "training hours per member", "2 or more", 5,
                      "members who understand the co-op can control it", _education),
)


def practice_score(spec: Spec, measures: Measures) -> tuple[list[PracticeResult], float]:
    results = []
    for indicator in INDICATORS:
        fraction, found = indicator.fraction(spec, measures)
        results.append(PracticeResult(indicator, round(indicator.points * fraction, 1), found))
    return results, round(sum(r.score for r in results), 1)
