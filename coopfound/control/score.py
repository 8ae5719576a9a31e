"""The member-control scorecard: how far a constitution keeps the co-op in its members' hands.

Sixteen indicators, from the model-rules design notes (section 4), each with what it
measures, when it earns full marks, its points and why it matters. The score is out of
100. A spec with any check error cannot be acceptable, and if the user classes cannot
always pass an ordinary resolution by themselves (there is no user class, or the
non-user classes could hold half of the votes or more) the total is capped at 50: a co-op
whose users do not control it is not rescued by good paperwork elsewhere. What the
indicators credit comes from `protections`, as the rules do.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from coopfound.control.governance import VoteShares, receiving_care_classes
from coopfound.control.protections import RESERVABLE, protections_of, user_control
from coopfound.spec.model import AssetLock, ClassRole, Spec

STRONG, ADEQUATE = 85, 70
USER_CONTROL_CAP = 50


@dataclass(frozen=True)
class Indicator:
    number: int
    name: str
    measure: str
    full_marks_when: str
    points: int
    why: str
    scorer: Callable[[Spec, VoteShares], tuple[float, str]]


@dataclass(frozen=True)
class IndicatorScore:
    indicator: Indicator
    score: float
    found: str


@dataclass(frozen=True)
class Scorecard:
    scores: tuple[IndicatorScore, ...]
    total: float
    capped: bool
    has_errors: bool

    @property
    def band(self) -> str:
        if self.has_errors or self.total < ADEQUATE:
            return "not acceptable"
        return "strongly member-controlled" if self.total >= STRONG else "adequate"


def _ratio(points: int, got: float) -> float:
    return round(points * got, 1)


def _user_control(spec: Spec, shares: VoteShares) -> tuple[float, str]:
    control = user_control(spec)
    if control.no_user_class:
        return 0.0, "no class is a user class"
    if control.users_kept_majority and control.worst_non_user_pct >= 50:
        return 0.5, ("user-class members must be more than half of all members, so users"
                     " hold more than half of the votes")
    users = Decimal(100) - control.worst_non_user_pct
    score = 1.0 if users >= 75 else 0.5 if control.users_control else 0.0
    return score, f"user classes hold at least {users:.0f}% of the votes"


def _service_user_voice(spec: Spec, shares: VoteShares) -> tuple[float, str]:
    receiving = set(receiving_care_classes(spec))
    voice = receiving | {c.id for c in spec.member_classes if c.role is ClassRole.family_carers}
    if not receiving:
        return 0.0, "no class is marked as people receiving care"
    vote = sum((shares.shares[c] for c in voice), Decimal(0))
    largest_other = max((s for c, s in shares.shares.items() if c not in voice), default=0)
    seats = protections_of(spec).seats.guaranteed(voice)
    # Judged against the largest board the rules allow: seats reserved on a board of
    # the minimum size are diluted as the board grows.
    needed = math.ceil(spec.board.max_directors / 3)
    score = (0.5 if vote >= largest_other else 0.0) + (
        0.5 if seats >= needed else 0.2 if seats else 0.0)
    return score, (f"people receiving care and their carers: {vote:.0f}% of the votes,"
                   f" at least {seats} board seats (a third is {needed})")


def _weakest_protected(spec: Spec, shares: VoteShares) -> tuple[float, str]:
    """How many of the reservable matters need the consent of people receiving care
    (the weakest class), by the rules themselves: the same record the rules text uses."""
    receiving = receiving_care_classes(spec)
    if not receiving:
        return 0.0, "no class is marked as people receiving care"
    found = protections_of(spec)
    covered = min(len(found.matters_protected(cid)) for cid in receiving)
    return covered / len(RESERVABLE), (
        f"the consent of people receiving care is needed on {covered} of"
        f" {len(RESERVABLE)} reserved matters")


def _entry_barrier(spec: Spec, shares: VoteShares) -> tuple[float, str]:
    receiving = [c for c in spec.member_classes if c.role is ClassRole.people_receiving_care]
    if not receiving:
        return 0.0, "no class is marked as people receiving care"
    cost_ok = all(c.share_waived or spec.shares.value * c.minimum_shares <= 1 for c in receiving)
    wait = max(c.qualifying_weeks for c in receiving)
    return (0.5 if cost_ok else 0.0) + (0.5 if wait <= 8 else 0.0), (
        f"joining {'costs £1 or less, or is waived' if cost_ok else 'costs more than £1'};"
        f" qualifying wait {wait} weeks")


def _capacity(spec: Spec, shares: VoteShares) -> tuple[float, str]:
    parts = spec.participation
    present = [parts.advocate_route or spec.voting.proxies.allowed,
               parts.supported_decision_making, parts.easy_read]
    return sum(present) / 3, (f"{sum(present)} of 3: advocate or proxy route, supported"
                              " decision-making, accessible formats")


def _deliberation(spec: Spec, shares: VoteShares) -> tuple[float, str]:
    extra = spec.general_meetings.extra_meetings_per_year
    score = 1.0 if extra >= 3 else 0.6 if extra >= 1 else 0.0
    return score, f"the AGM and {extra} more general meetings a year"


def _requisition(spec: Spec, shares: VoteShares) -> tuple[float, str]:
    req = spec.general_meetings.requisition
    easy = req.percent_of_members <= 10 or req.members <= 50
    per_class = any(c.may_requisition for c in spec.member_classes)
    return (0.6 if easy else 0.0) + (0.4 if per_class else 0.0), (
        f"{req.members} members or {req.percent_of_members:f}% may call a meeting"
        + ("; a class may call one on its own" if per_class else ""))


def _quorum(spec: Spec, shares: VoteShares) -> tuple[float, str]:
    per_class = spec.general_meetings.quorum.min_per_user_class
    members = "member" if per_class == 1 else "members"
    return (1.0 if per_class >= 1 else 0.0), f"{per_class} {members} of each user class needed"


def _board_accountability(spec: Spec, shares: VoteShares) -> tuple[float, str]:
    board = spec.board
    terms_ok = board.term_years <= 3
    limit = board.max_consecutive_terms
    span_ok = limit is not None and limit * board.term_years <= 9
    # The rules always let a general meeting remove a director by ordinary resolution.
    return (1 + terms_ok + span_ok) / 3, (
        f"removable by the members; {board.term_years}-year terms;"
        f" {'no limit' if limit is None else f'at most {limit}'} in a row")


def _insiders_outsiders(spec: Spec, shares: VoteShares) -> tuple[float, str]:
    board = spec.board
    staff = board.staff_directors_max_pct
    coopted_ok, staff_ok = board.max_coopted <= 2, staff is not None and staff <= 50
    return (0.6 * coopted_ok + 0.4 * staff_ok), (
        f"up to {board.max_coopted} co-opted; staff at most"
        f" {'any share' if staff is None else f'{staff:f}%'} of the board")


def _capital_serves(spec: Spec, shares: VoteShares) -> tuple[float, str]:
    worst = user_control(spec).worst_non_user_pct
    interest = spec.shares.interest
    capped = not interest.paid or interest.max_rate_pct is not None
    # The rules never give capital a share of surplus beyond capped interest.
    return (0.5 * (worst <= 10) + 0.25 * capped + 0.25), (
        f"non-user classes at most {worst:.0f}% of the votes; interest"
        f" {'capped or none' if capped else 'uncapped'}; no surplus share for capital")


def _common_wealth(spec: Spec, shares: VoteShares) -> tuple[float, str]:
    reserve = spec.profits.reserve_min_pct
    lock = spec.dissolution.asset_lock
    locked = lock is AssetLock.statutory or lock is AssetLock.common_ownership
    return (0.5 * (reserve >= 30) + 0.5 * locked), (
        f"{reserve:f}% of surplus to the indivisible reserve; {lock.value.replace('_', ' ')}")


def _transparency(spec: Spec, shares: VoteShares) -> tuple[float, str]:
    st = spec.stewardship
    with_feedback = st.social_account and st.service_user_feedback
    return 0.6 * with_feedback + 0.4 * st.care_quality_to_agm, (
        f"social account with service-user feedback: {'yes' if with_feedback else 'no'};"
        f" care quality to the AGM: {'yes' if st.care_quality_to_agm else 'no'}")


def _disputes(spec: Spec, shares: VoteShares) -> tuple[float, str]:
    # coopfound's disputes rule always stages informal resolution, independent mediation
    # and then arbitration or the courts, with support for members who need an advocate.
    return 1.0, "staged: informal, mediation, then arbitration or the courts, with support"


def _education(spec: Spec, shares: VoteShares) -> tuple[float, str]:
    st = spec.stewardship
    return (st.director_induction + st.member_training) / 2, (
        f"director induction: {'yes' if st.director_induction else 'no'}; member training:"
        f" {'yes' if st.member_training else 'no'}")


def _oversight_body(spec: Spec, shares: VoteShares) -> tuple[float, str]:
    council = spec.council
    if council is None:
        return 0.0, "no members' council"
    receiving = set(receiving_care_classes(spec))
    total = sum(council.seats.values())
    theirs = sum(n for cid, n in council.seats.items() if cid in receiving)
    majority = total > 0 and theirs * 2 >= total
    power = council.appoints_directors > 0
    does = (f"it appoints {council.appoints_directors} directors" if power
            else "it advises and scrutinises only")
    found = f"a members' council: people receiving care hold {theirs} of {total} seats; {does}"
    return (0.5 * majority + 0.5 * (majority and power)), found


INDICATORS: tuple[Indicator, ...] = (
    Indicator(1, "User control", "user classes' share of the general-meeting vote",
              "75% or more", 10, "the people who use and do the work must decide",
              _user_control),
    Indicator(2, "Service-user voice", "people receiving care and carers: vote and board seats",
              "at least the largest other class's vote, and a third of the seats", 10,
              "the most vulnerable members are the easiest to leave out", _service_user_voice),
    Indicator(3, "Protection of the weakest class", "class consent on reserved matters",
              "purpose, class rights, asset lock, dissolution, closure, charges", 10,
              "a majority of other classes must not be able to strip a class of its rights",
              _weakest_protected),
    Indicator(4, "Low entry barrier", "share price and qualifying wait for people receiving"
              " care", "£1 or waived; 8 weeks or less", 6,
              "cost and waiting keep out the people a care co-op is for", _entry_barrier),
    Indicator(5, "Capacity-inclusive membership", "advocate or proxy route, supported"
              " decision-making, accessible formats", "all three", 8,
              "membership must not depend on capacity on the day", _capacity),
    Indicator(6, "Deliberation", "general meetings a year", "the AGM and 3 more", 5,
              "members who meet once a year leave everything else to the board",
              _deliberation),
    Indicator(7, "Easy to call members together", "requisition threshold",
              "10% or 50 members, and any single class", 5,
              "members must be able to call their board to account", _requisition),
    Indicator(8, "Quorum that includes users", "members of each user class in the quorum",
              "at least 1", 4, "no decision without the people the co-op serves", _quorum),
    Indicator(9, "Board accountability", "removal by members; term length; consecutive terms",
              "removable; 3-year terms; 9 years at most", 6,
              "members must be able to renew their board", _board_accountability),
    Indicator(10, "Limited insiders and outsiders", "co-opted directors; staff directors",
              "2 co-opted at most; staff at most half", 5,
              "neither managers nor outside experts should run a members' board",
              _insiders_outsiders),
    Indicator(11, "Capital serves, not controls", "non-user votes; interest cap; surplus",
              "non-users 10% at most; capped interest; no surplus share", 8,
              "money must never buy control of a co-op", _capital_serves),
    Indicator(12, "Common wealth", "indivisible reserve; asset lock",
              "30% or more to reserve; statutory or common-ownership lock", 8,
              "what the co-op builds belongs to future users too", _common_wealth),
    Indicator(13, "Transparency", "social account with service-user feedback; care quality"
              " to the AGM", "both", 5, "members judge the co-op by its care, not its turnover",
              _transparency),
    Indicator(14, "Fair disputes", "staged disputes process with support", "present", 4,
              "members in conflict need a fair and supported way through", _disputes),
    Indicator(15, "Education", "director induction; member training", "both", 3,
              "members can only control what they understand", _education),
    Indicator(16, "User-led oversight body", "a members' council with people receiving care"
              " in the majority and a real power", "present", 3,
              "a council can hold the board to account between meetings", _oversight_body),
)


def score(spec: Spec, shares: VoteShares, has_errors: bool) -> Scorecard:
    results = []
    for indicator in INDICATORS:
        fraction, found = indicator.scorer(spec, shares)
        results.append(IndicatorScore(indicator, _ratio(indicator.points, fraction), found))
    total = round(sum(r.score for r in results), 1)
    capped = not user_control(spec).users_control and total > USER_CONTROL_CAP
    if capped:
        total = USER_CONTROL_CAP
    return Scorecard(tuple(results), total, capped, has_errors)
