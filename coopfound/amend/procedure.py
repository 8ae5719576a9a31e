"""What the rules in force require before they are changed.

The resolution, its notice and threshold, and the classes whose own consent is needed.

Everything is read from the OLD spec's rules and from `control.protections`, the same
source the rules' text, `check` and `score` use, so the procedure cannot disagree with the
rules it applies.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from coopfound.amend.compare import Change
from coopfound.control.protections import (
    Decision,
    entrenched,
    entrenched_rules,
    extraordinary,
    protections_of,
)
from coopfound.spec.dates import add_months
from coopfound.spec.model import ConsentMatter, Spec

#: A notice sent by post is treated as received 48 hours later (the notices rule).
POSTAL_DAYS = 2
#: The second meeting of an entrenched-rule resolution: 28 days to six months after the
#: first (the rule on changing the rules).
ENTRENCHED_GAP_DAYS = 28

#: Where a change touches a class's own rights (eligibility, seats, weight, requisition).
_CLASS_RIGHTS_RULES = ("member_classes", "board.seats", "voting.weighting", "voting.cap",
                       "general_meetings.requisition")
_ASSET_LOCK_RULES = ("dissolution.assets", "surplus.reserve_fund")


@dataclass(frozen=True)
class Consent:
    matter: str
    classes: tuple[str, ...]  # class ids
    why: str


@dataclass(frozen=True)
class Procedure:
    decision: Decision
    entrenched_changes: tuple[str, ...]  # the changed paragraphs that are entrenched
    consents: tuple[Consent, ...]
    notice_clear_days: int
    quorum_members: int
    notice_date: date
    earliest_meeting: date
    #: For an entrenched-rule resolution: the earliest and latest second meeting.
    second_meeting: tuple[date, date] | None

    @property
    def is_entrenched(self) -> bool:
        return self.second_meeting is not None


def _touches(change: Change, targets: tuple[str, ...]) -> bool:
    return any(change.where == t or change.clause == t or change.where.startswith(t + ".")
               for t in targets)


def required(old: Spec, new: Spec, changes: list[Change], notice_date: date) -> Procedure:
    substantive = [c for c in changes if c.substantive]
    locked = entrenched_rules(old)
    touched = tuple(c.where for c in substantive if _touches(c, locked))
    # Lowering the rule-change threshold changes the entrenched rule on changing rules.
    if new.voting.extraordinary_resolution_pct < old.voting.extraordinary_resolution_pct:
        touched += ("changing_rules.entrenched",)
    decision = entrenched(old) if touched else extraordinary(old)
    clear = old.general_meetings.notice_clear_days
    earliest = notice_date + timedelta(days=POSTAL_DAYS + clear + 1)
    second = ((earliest + timedelta(days=ENTRENCHED_GAP_DAYS),
               add_months(earliest, 6)) if touched else None)
    return Procedure(decision, touched, consents_needed(old, new, substantive), clear,
                     old.general_meetings.quorum.minimum_members, notice_date, earliest,
                     second)


def consents_needed(old: Spec, new: Spec, changes: list[Change]) -> tuple[Consent, ...]:
    """The class consents the rules in force require for these changes."""
    reserved = {r.matter: r for r in protections_of(old).reserved}
    found: list[Consent] = []
    purpose = reserved.get(ConsentMatter.purpose.value)
    if purpose and any(c.clause == "purpose" for c in changes):
        found.append(Consent("purpose", purpose.classes, "the purpose changes"))
    rights = reserved.get(ConsentMatter.class_rights.value)
    affected = classes_with_changed_rights(old, new)
    if rights and affected and any(_touches(c, _CLASS_RIGHTS_RULES) for c in changes):
        found.append(Consent("class_rights", affected,
                             "a class's own rights change (if the change takes away or"
                             " reduces them, the class must agree)"))
    lock = reserved.get(ConsentMatter.asset_lock.value)
    if lock and any(_touches(c, _ASSET_LOCK_RULES) for c in changes):
        found.append(Consent("asset_lock", lock.classes,
                             "what happens to the assets, or the reserve, changes"))
    weakened = {r.matter for r in reserved.values()} - {
        r.matter for r in protections_of(new).reserved}
    if weakened and any(c.clause == "class_consent" for c in changes):
        classes = tuple(dict.fromkeys(cid for m in sorted(weakened)
                                      for cid in reserved[m].classes))
        found.append(Consent("this_rule", classes,
                             "the consent rule stops protecting "
                             + ", ".join(m.replace("_", " ") for m in sorted(weakened))))
    return tuple(found)


def classes_with_changed_rights(old: Spec, new: Spec) -> tuple[str, ...]:
    """Classes whose eligibility, board seats, vote weight or right to call a meeting
    change; every existing class when a class is created or ended."""
    before = {c.id: c for c in old.member_classes}
    after = {c.id: c for c in new.member_classes}
    if set(before) != set(after):
        return tuple(before)
    weights_before = _weights(old)
    weights_after = _weights(new)
    return tuple(cid for cid, c in before.items() if (
        c.eligibility != after[cid].eligibility or c.board_seats != after[cid].board_seats
        or c.may_requisition != after[cid].may_requisition
        or weights_before.get(cid) != weights_after.get(cid)))


def _weights(spec: Spec) -> dict[str, Decimal]:
    from coopfound.control.protections import class_weights

    return class_weights(spec) if spec.voting.system.value == "weighted_classes" else {}
