"""What the rules promise each class, computed once from the spec.

Who must consent to which decision, how each decision is taken and counted, which seats
each class is guaranteed, and whether users keep control of the vote. The rules text (the
class-consent and board clauses), `coopfound check`, `coopfound score` and the governance
simulation all read this one structure, so none of them can claim a protection that
another does not give.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from coopfound.spec.model import ClassRole, ConsentMatter, MemberClass, Spec, VotingSystem

HUNDRED = Decimal(100)
#: An entrenched rule changes only by this share of the votes at each of two meetings.
ENTRENCHED_PCT = Decimal(90)
#: An instrument of dissolution needs the consent of three quarters of the members (s.119).
DISSOLUTION_PCT = Decimal(75)
#: Under weighted voting a class counts for its full weight only when at least this many of
#: its members vote, however small the class: one member alone never carries a whole
#: class's weight. With fewer voters its weight is reduced in proportion.
FULL_WEIGHT_VOTERS = 5
#: The matters a founder may reserve, in the order the rules list them.
RESERVABLE = tuple(ConsentMatter)
#: Amalgamation, transfer of engagements and conversion: always reserved to the user
#: classes whenever the rules have a class-consent rule at all.
MERGERS = "mergers"


@dataclass(frozen=True)
class Decision:
    """How the members take one kind of decision."""

    name: str
    threshold_pct: Decimal  # of the votes cast; of all members for an instrument
    counted_by_class: bool  # whether class weights and the non-user cap apply

    def passes(self, share: Decimal) -> bool:
        """Whether a bloc holding `share` per cent can take the decision alone."""
        if self.threshold_pct == 50 and self.name == "ordinary resolution":
            return share > 50
        return share >= self.threshold_pct


ORDINARY = Decision("ordinary resolution", Decimal(50), True)
DISSOLUTION = Decision("instrument of dissolution", DISSOLUTION_PCT, False)
#: The Act's own special resolutions (ss.109-113) count every member's vote once.
STATUTORY = Decision("special resolution under the Act", Decimal(75), False)


def extraordinary(spec: Spec) -> Decision:
    return Decision("extraordinary resolution", spec.voting.extraordinary_resolution_pct, True)


def entrenched(spec: Spec) -> Decision:
    """Never easier than an extraordinary resolution, however high the founders set that."""
    pct = max(ENTRENCHED_PCT, spec.voting.extraordinary_resolution_pct)
    return Decision("entrenched-rule resolution", pct, True)


def entrenched_rules(spec: Spec) -> tuple[str, ...]:
    """The paragraphs (clause.label) or rules (clause) an entrenched-rule resolution alone
    may change: the rule on changing the rules lists exactly these, and `amend` reads them
    to choose the procedure a change needs."""
    capped = (spec.voting.non_user_cap_pct is not None
              and any(c.user_class for c in spec.member_classes)
              and any(not c.user_class for c in spec.member_classes))
    found = (["purpose"] if spec.stewardship.entrenched_purpose else []) + ["voting.one_vote"]
    found += ["voting.cap"] if capped else []
    found += ["surplus.reserve_fund", "dissolution.assets"]
    if spec.society.charitable:
        found += ["objects", "surplus.no_distribution", "directors_pay.trustee_benefit"]
    return (*found, "changing_rules.entrenched")


@dataclass(frozen=True)
class Reserved:
    """A decision that also needs the consent, by their own majority, of some classes."""

    matter: str  # a ConsentMatter value, or MERGERS
    classes: tuple[str, ...]  # the class ids whose own majority is needed
    decision: Decision
    #: For class rights: only the classes whose rights a change would cut need consent.
    only_affected: bool = False


def user_class_ids(spec: Spec) -> tuple[str, ...]:
    """The user classes; every class if there is none, so that something is protected."""
    users = tuple(c.id for c in spec.member_classes if c.user_class)
    return users or tuple(c.id for c in spec.member_classes)


def _charged_classes(spec: Spec) -> tuple[str, ...]:
    """Those who pay for care or care for those who do: people receiving care and carers."""
    charged = tuple(c.id for c in spec.member_classes
                    if c.role in (ClassRole.people_receiving_care, ClassRole.family_carers))
    return charged or user_class_ids(spec)


def consenting_classes(spec: Spec, matter: str) -> tuple[str, ...]:
    """The classes whose consent a matter needs if it is reserved. Investors and other
    non-user classes consent only to changes to their own rights: money never holds a veto
    over the purpose, the asset lock or dissolution."""
    if matter == ConsentMatter.class_rights:
        return tuple(c.id for c in spec.member_classes)
    if matter == ConsentMatter.charging_policy:
        return _charged_classes(spec)
    return user_class_ids(spec)


def decision_for(spec: Spec, matter: str) -> Decision:
    if matter == ConsentMatter.purpose:
        return entrenched(spec) if spec.stewardship.entrenched_purpose else extraordinary(spec)
    if matter == ConsentMatter.asset_lock:
        return entrenched(spec)
    if matter == ConsentMatter.dissolution:
        return DISSOLUTION
    if matter == ConsentMatter.charging_policy:
        return ORDINARY
    if matter == MERGERS:
        return STATUTORY
    return extraordinary(spec)


def reserved_matters(spec: Spec) -> tuple[Reserved, ...]:
    """Every decision the rules reserve to classes' consent, in the rules' order."""
    chosen = set(spec.voting.class_consent)
    if not chosen:
        return ()
    found = [Reserved(matter.value, consenting_classes(spec, matter), decision_for(spec, matter),
                      only_affected=matter is ConsentMatter.class_rights)
             for matter in RESERVABLE if matter in chosen]
    found.append(Reserved(MERGERS, user_class_ids(spec), STATUTORY))
    return tuple(found)


@dataclass(frozen=True)
class UserControl:
    """How much of the vote the non-user classes could ever hold under the rules."""

    worst_non_user_pct: Decimal
    #: Members of user classes must always be more than half of all members (a co-op
    #: with one member one vote and no cap has no other way to keep users in control).
    users_kept_majority: bool
    no_user_class: bool

    @property
    def users_control(self) -> bool:
        """Whether the user classes can always pass an ordinary resolution by themselves:
        the definition behind the score's cap of 50. They cannot when there is no user
        class, or when the non-user classes could hold half of the votes or more (with one
        member one vote, the rule keeping users a majority of members keeps them in it)."""
        if self.no_user_class:
            return False
        return self.worst_non_user_pct < 50 or self.users_kept_majority


def keeps_users_a_majority(spec: Spec) -> bool:
    return (not spec.is_cbs and any(not c.user_class for c in spec.member_classes)
            and spec.voting.system is VotingSystem.one_member_one_vote
            and spec.voting.non_user_cap_pct is None)


def user_control(spec: Spec) -> UserControl:
    non_users = [c for c in spec.member_classes if not c.user_class]
    no_users = len(non_users) == len(spec.member_classes)
    kept = keeps_users_a_majority(spec)
    if not non_users:
        worst = Decimal(0)
    elif no_users:
        worst = HUNDRED
    else:
        cap = spec.voting.non_user_cap_pct
        if spec.voting.system is VotingSystem.weighted_classes:
            weighted = _weighted_share(spec, non_users)
            worst = min(weighted, cap) if cap is not None else weighted
        elif cap is not None:
            worst = cap
        else:  # one member one vote, no cap: only the membership rule holds them back,
            # and it keeps them below half
            worst = Decimal(50) if kept else HUNDRED
    return UserControl(worst, kept, no_users)


def adjourned_quorum(spec: Spec) -> int:
    """The quorum of a meeting adjourned for want of one: half the usual minimum, never fewer
    than three, so that a young society's meeting can go ahead the second time."""
    return max(3, -(-spec.general_meetings.quorum.minimum_members // 2))


def class_weights(spec: Spec) -> dict[str, Decimal]:
    """Each class's weight in a weighted vote. A class given no weight shares equally what
    the weights given leave of 100."""
    given = sum((c.vote_weight_pct for c in spec.member_classes
                 if c.vote_weight_pct is not None), Decimal(0))
    unset = [c for c in spec.member_classes if c.vote_weight_pct is None]
    rest = (HUNDRED - given) / len(unset) if unset and given < HUNDRED else Decimal(0)
    return {c.id: c.vote_weight_pct if c.vote_weight_pct is not None else rest
            for c in spec.member_classes}


def _weighted_share(spec: Spec, classes: list[MemberClass]) -> Decimal:
    weights = class_weights(spec)
    total = sum(weights.values(), Decimal(0))
    part = sum((weights[c.id] for c in classes), Decimal(0))
    return part * HUNDRED / total if total else Decimal(0)


@dataclass(frozen=True)
class Seats:
    """What the rules guarantee and limit on the board."""

    minimum: dict[str, int]  # class id -> seats it must hold
    maximum: dict[str, int | None]
    combined: tuple[tuple[tuple[str, ...], int], ...]  # (classes, most seats together)
    board_min: int
    board_max: int
    council_appointed: int

    def guaranteed(self, class_ids: set[str]) -> int:
        return sum(n for cid, n in self.minimum.items() if cid in class_ids)


def seats(spec: Spec) -> Seats:
    council = spec.council.appoints_directors if spec.council else 0
    return Seats(
        minimum={c.id: c.board_seats.min for c in spec.member_classes},
        maximum={c.id: c.board_seats.max for c in spec.member_classes},
        combined=tuple((tuple(limit.classes), limit.max)
                       for limit in spec.board.combined_seat_limits),
        board_min=spec.board.min_directors, board_max=spec.board.max_directors,
        council_appointed=council)


@dataclass(frozen=True)
class Protections:
    reserved: tuple[Reserved, ...]
    control: UserControl
    seats: Seats

    def reserved_for(self, class_id: str) -> tuple[Reserved, ...]:
        return tuple(r for r in self.reserved if class_id in r.classes)

    def matters_protected(self, class_id: str) -> set[str]:
        """The reservable matters on which this class's own majority is needed."""
        return {r.matter for r in self.reserved_for(class_id) if r.matter != MERGERS}


def protections_of(spec: Spec) -> Protections:
    return Protections(reserved_matters(spec), user_control(spec), seats(spec))


def template_data(spec: Spec) -> dict[str, object]:
    """The protections as plain data for the rules' templates: the class-consent rule and
    the board rule print exactly what `check` and `score` read."""
    found = protections_of(spec)
    names = {c.id: c.name for c in spec.member_classes}
    users = set(user_class_ids(spec))
    every = {c.id for c in spec.member_classes}
    return {
        "reserved": [
            {"matter": r.matter, "classes": list(r.classes),
             "names": [names[cid] for cid in r.classes],
             "users": set(r.classes) == users and users != every,
             "every": set(r.classes) == every, "only_affected": r.only_affected,
             "decision": r.decision.name}
            for r in found.reserved],
        "reserved_matters": [r.matter for r in found.reserved],
        "users_kept_majority": found.control.users_kept_majority,
        "weights": class_weights(spec),
        "full_weight_voters": FULL_WEIGHT_VOTERS,
        "adjourned_quorum": adjourned_quorum(spec),
        "thresholds": {"ordinary": ORDINARY.threshold_pct,
                       "extraordinary": extraordinary(spec).threshold_pct,
                       "entrenched": entrenched(spec).threshold_pct,
                       "dissolution": DISSOLUTION.threshold_pct},
        "combined_seats": [
            {"names": [names.get(cid, cid) for cid in classes], "max": most}
            for classes, most in found.seats.combined],
        "council_appointed": found.seats.council_appointed,
    }
