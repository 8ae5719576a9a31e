"""Who can decide what: each class's share of the vote, and which coalitions can pass what.

With weighted class voting the shares are fixed by the rules. With one member one vote
they depend on how many members each class has, which the rules cannot know: the caller
gives expected numbers, or each class is assumed to have the same number. A cap on
non-user classes applies either way.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations

from coopfound.spec.model import ClassRole, ConsentMatter, Spec, VotingSystem

HUNDRED = Decimal(100)
ASSUMED_MEMBERS_PER_CLASS = 10
#: Matters that touch every class, and those that touch the classes who use the service.
ALL_CLASS_MATTERS = (ConsentMatter.purpose, ConsentMatter.asset_lock, ConsentMatter.dissolution)
USER_CLASS_MATTERS = (ConsentMatter.closing_a_service, ConsentMatter.charging_policy)


@dataclass(frozen=True)
class VoteShares:
    shares: dict[str, Decimal]  # class id -> per cent of the votes cast
    assumption: str


@dataclass(frozen=True)
class Coalition:
    classes: tuple[str, ...]
    share: Decimal
    passes_ordinary: bool
    passes_extraordinary: bool


@dataclass(frozen=True)
class Protection:
    class_id: str
    matter: ConsentMatter
    protected: bool
    reason: str


def vote_shares(spec: Spec, members: dict[str, int] | None = None) -> VoteShares:
    classes = spec.member_classes
    if spec.voting.system is VotingSystem.weighted_classes and all(
            c.vote_weight_pct is not None for c in classes):
        total = sum((c.vote_weight_pct or Decimal(0) for c in classes), Decimal(0))
        base = {c.id: (c.vote_weight_pct or Decimal(0)) * HUNDRED / total if total else
                HUNDRED / len(classes) for c in classes}
        assumption = "the class weights in the rules"
    else:
        counts = {c.id: (members or {}).get(c.id, ASSUMED_MEMBERS_PER_CLASS) for c in classes}
        total_members = sum(counts.values()) or 1
        base = {cid: Decimal(n) * HUNDRED / total_members for cid, n in counts.items()}
        assumption = ("the expected members per class given" if members else
                      f"{ASSUMED_MEMBERS_PER_CLASS} members in every class (pass --members"
                      " for your own numbers)")
    return VoteShares(_apply_cap(spec, base), assumption)


def _apply_cap(spec: Spec, shares: dict[str, Decimal]) -> dict[str, Decimal]:
    cap = spec.voting.non_user_cap_pct
    non_users = {c.id for c in spec.member_classes if not c.user_class}
    non_user_total = sum((shares[c] for c in non_users), Decimal(0))
    if cap is None or non_user_total <= cap or non_user_total == HUNDRED:
        return shares
    user_total = HUNDRED - non_user_total
    return {cid: share * (cap / non_user_total if cid in non_users else
                          (HUNDRED - cap) / user_total)
            for cid, share in shares.items()}


def worst_case_non_user_share(spec: Spec) -> Decimal:
    """The most that non-user classes together could count for, whatever the numbers.

    With one member one vote and no cap, the rules keep user-class members a majority of
    all members, so non-users stay below half.
    """
    non_users = [c for c in spec.member_classes if not c.user_class]
    if not non_users:
        return Decimal(0)
    cap = spec.voting.non_user_cap_pct
    if spec.voting.system is VotingSystem.weighted_classes:
        weighted = sum((c.vote_weight_pct or Decimal(0) for c in non_users), Decimal(0))
        return min(weighted, cap) if cap is not None else weighted
    return cap if cap is not None else Decimal(50)


def coalitions(spec: Spec, shares: VoteShares) -> list[Coalition]:
    """The smallest groups of classes that can pass each kind of resolution on their own."""
    ids = [c.id for c in spec.member_classes]
    threshold = spec.voting.extraordinary_resolution_pct
    found: list[Coalition] = []
    for size in range(1, len(ids) + 1):
        for group in combinations(ids, size):
            share = sum((shares.shares[c] for c in group), Decimal(0))
            ordinary, extraordinary = share > 50, share >= threshold
            smaller_passes = any(
                set(other.classes) < set(group)
                and (other.passes_ordinary >= ordinary)
                and (other.passes_extraordinary >= extraordinary)
                for other in found)
            if (ordinary or extraordinary) and not smaller_passes:
                found.append(Coalition(group, share, ordinary, extraordinary))
    return found


def protections(spec: Spec, shares: VoteShares) -> list[Protection]:
    """For each class and each matter reserved to it: can the other classes outvote it?"""
    threshold = spec.voting.extraordinary_resolution_pct
    consent = set(spec.voting.class_consent)
    result = []
    for member_class in spec.member_classes:
        matters = [ConsentMatter.class_rights, *ALL_CLASS_MATTERS]
        if member_class.user_class:
            matters += list(USER_CLASS_MATTERS)
        others = sum((s for cid, s in shares.shares.items() if cid != member_class.id),
                     Decimal(0))
        for matter in matters:
            if matter in consent:
                result.append(Protection(member_class.id, matter, True,
                                         "needs this class's own majority"))
            elif others >= threshold:
                result.append(Protection(member_class.id, matter, False,
                                         f"the other classes hold {others:.0f}% and can"
                                         " pass it alone"))
            else:
                result.append(Protection(member_class.id, matter, True,
                                         f"the other classes hold only {others:.0f}%"))
    return result


def receiving_care_classes(spec: Spec) -> list[str]:
    return [c.id for c in spec.member_classes if c.role is ClassRole.people_receiving_care]
