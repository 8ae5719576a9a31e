"""Who can decide what: each class's share of the vote, and which coalitions can pass what.

With weighted class voting the shares are fixed by the rules. With one member one vote
they depend on how many members each class has, which the rules cannot know: the caller
gives expected numbers, or each class is assumed to have the same number. A cap on
non-user classes applies either way. What each class is protected on comes from
`protections`, the one record of what the rules reserve to each class.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations

from coopfound.control.counting import apply_cap
from coopfound.control.protections import (
    RESERVABLE,
    Decision,
    consenting_classes,
    decision_for,
    extraordinary,
    protections_of,
)
from coopfound.spec.model import ClassRole, Spec, VotingSystem

HUNDRED = Decimal(100)
ASSUMED_MEMBERS_PER_CLASS = 10


@dataclass(frozen=True)
class VoteShares:
    shares: dict[str, Decimal]  # class id -> per cent of the votes cast
    assumption: str
    #: Why no resolution can pass with these numbers, if none can (no user-class member
    #: votes, and the rules pass nothing without one).
    blocked: str | None = None


@dataclass(frozen=True)
class Coalition:
    classes: tuple[str, ...]
    share: Decimal
    passes_ordinary: bool
    passes_extraordinary: bool


@dataclass(frozen=True)
class Protection:
    """Whether one class can be overruled on one matter that concerns it."""

    class_id: str
    matter: str
    by_rules: bool  # the rules need this class's own majority
    decision: Decision
    others_pct: Decimal  # what the other classes hold, under the shares assumed

    @property
    def outvoted(self) -> bool:
        """The other classes can take the decision without this class."""
        if self.by_rules:
            return False
        if not self.decision.counted_by_class:
            return True  # counted one member one vote: numbers decide, the rules do not
        return self.decision.passes(self.others_pct)

    @property
    def reason(self) -> str:
        if self.by_rules:
            return f"the rules need this class's own majority ({self.decision.name})"
        if not self.decision.counted_by_class:
            return (f"the rules do not need this class's consent; the {self.decision.name}"
                    " counts every member once")
        verb = "can" if self.outvoted else "cannot yet"
        return (f"the rules do not need this class's consent; the other classes hold"
                f" {self.others_pct:.0f}% and {verb} pass the {self.decision.name} alone")


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
        unnamed = [c.id for c in classes if c.id not in (members or {})]
        if not members:
            assumption = (f"{ASSUMED_MEMBERS_PER_CLASS} members in every class (pass --members"
                          " for your own numbers)")
        elif unnamed:
            assumption = (f"the members given, and {ASSUMED_MEMBERS_PER_CLASS} in each class"
                          f" not named ({', '.join(unnamed)})")
        else:
            assumption = "the members given per class"
    users = {c.id for c in classes if c.user_class}
    blocked = None
    if (users and spec.voting.non_user_cap_pct is not None
            and sum((base[c] for c in users), Decimal(0)) == 0):
        blocked = ("no member of a user class would vote, and the rules pass nothing"
                   " without one")
    return VoteShares(apply_cap(spec, base), assumption, blocked)


def coalitions(spec: Spec, shares: VoteShares) -> list[Coalition]:
    """The smallest groups of classes that can pass each kind of resolution on their own."""
    if shares.blocked:
        return []
    ids = [c.id for c in spec.member_classes]
    special = extraordinary(spec)
    found: list[Coalition] = []
    for size in range(1, len(ids) + 1):
        for group in combinations(ids, size):
            share = sum((shares.shares[c] for c in group), Decimal(0))
            ordinary, extra = share > 50, special.passes(share)
            smaller_passes = any(
                set(other.classes) < set(group)
                and (other.passes_ordinary >= ordinary)
                and (other.passes_extraordinary >= extra)
                for other in found)
            if (ordinary or extra) and not smaller_passes:
                found.append(Coalition(group, share, ordinary, extra))
    return found


def protections(spec: Spec, shares: VoteShares) -> list[Protection]:
    """For each class and each reservable matter that concerns it: is it protected by the
    rules, and if not, can the other classes decide it without it?"""
    reserved = protections_of(spec).matters_protected
    result = []
    for member_class in spec.member_classes:
        others = sum((s for cid, s in shares.shares.items() if cid != member_class.id),
                     Decimal(0))
        for matter in RESERVABLE:
            if member_class.id not in consenting_classes(spec, matter):
                continue  # not this class's concern: no class holds a veto it does not need
            result.append(Protection(member_class.id, matter.value,
                                     matter.value in reserved(member_class.id),
                                     decision_for(spec, matter.value), others))
    return result


def receiving_care_classes(spec: Spec) -> list[str]:
    return [c.id for c in spec.member_classes if c.role is ClassRole.people_receiving_care]
