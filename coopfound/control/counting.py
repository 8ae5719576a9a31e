"""How the votes at a general meeting are counted, in one method that everything uses.

Class weights first, then the limit on the non-user classes, then each class's share split
between for and against.

One method, used twice: the governance simulation counts with it, and the standing orders'
worked examples are computed by it, so the arithmetic the members read is the arithmetic
coopfound checks.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from coopfound.control.protections import FULL_WEIGHT_VOTERS, class_weights, extraordinary
from coopfound.spec.model import Spec, VotingSystem

HUNDRED = Decimal(100)
#: For, against: the votes a class's members cast on one resolution.
Cast = tuple[int, int]


def apply_cap(spec: Spec, shares: dict[str, Decimal]) -> dict[str, Decimal]:
    """Scale the non-user classes down to the cap, and the user classes up to fill the rest.
    `shares` are per cent of the result, adding up to 100."""
    cap = spec.voting.non_user_cap_pct
    non_users = {c.id for c in spec.member_classes if not c.user_class}
    non_user_total = sum((s for cid, s in shares.items() if cid in non_users), Decimal(0))
    if cap is None or non_user_total <= cap or non_user_total == HUNDRED:
        return shares
    user_total = HUNDRED - non_user_total
    return {cid: share * (cap / non_user_total if cid in non_users else
                          (HUNDRED - cap) / user_total)
            for cid, share in shares.items()}


def class_shares(spec: Spec, cast: dict[str, Cast]) -> dict[str, Decimal]:
    """Each class's share of the result, per cent, for the classes whose members voted."""
    voted = {cid: Decimal(sum(votes)) for cid, votes in cast.items() if sum(votes) > 0}
    if spec.voting.system is VotingSystem.weighted_classes:
        weights = class_weights(spec)
        base = {cid: weights[cid] * min(Decimal(1), voters / FULL_WEIGHT_VOTERS)
                for cid, voters in voted.items()}
    else:
        base = voted
    total = sum(base.values(), Decimal(0))
    if not total:
        return {}
    return apply_cap(spec, {cid: value * HUNDRED / total for cid, value in base.items()})


def no_user_voted(spec: Spec, cast: dict[str, Cast]) -> bool:
    """With the cap, a resolution on which no member of a user class votes is not passed."""
    users = {c.id for c in spec.member_classes if c.user_class}
    return (spec.voting.non_user_cap_pct is not None and bool(users)
            and not any(sum(cast.get(cid, (0, 0))) for cid in users))


def share_for(spec: Spec, cast: dict[str, Cast]) -> Decimal | None:
    """The per cent of the votes cast that are for; None when the rules pass nothing."""
    if no_user_voted(spec, cast):
        return None
    shares = class_shares(spec, cast)
    total = sum((shares[cid] * cast[cid][0] / sum(cast[cid]) for cid in shares), Decimal(0))
    # Decimal division leaves a trace in the last digits: an exact tie must read as a tie.
    return total.quantize(Decimal("1e-12")).normalize()


def classes_for(cast: dict[str, Cast]) -> int:
    """How many classes had members voting for the resolution."""
    return sum(1 for votes_for, _ in cast.values() if votes_for > 0)


def figure(value: Decimal) -> str:
    """45%, 62.5%, or 'about 33.33%' when a share does not end within two decimals."""
    exact = value.quantize(Decimal("0.01"))
    text = f"{exact.normalize():f}%"
    return text if exact == value else f"about {text}"


@dataclass(frozen=True)
class WorkedExample:
    """Sentences that count one made-up resolution with this society's own settings."""

    sentences: tuple[str, ...]


_PATTERNS: tuple[Cast, ...] = ((30, 10), (10, 10), (10, 30))


def weighted_example(spec: Spec) -> WorkedExample | None:
    """A resolution under weighted voting: one class stays silent so that the reader sees
    its weight shared out, and the cap is shown whenever it changes the result."""
    if spec.voting.system is not VotingSystem.weighted_classes:
        return None
    weights = class_weights(spec)
    counted = [c for c in spec.member_classes if weights[c.id] > 0]
    users = [c for c in counted if c.user_class]
    non_users = [c for c in counted if not c.user_class]
    silent = non_users[-1] if non_users and users else (users[-1] if len(users) > 1 else None)
    voters = [c for c in counted if c is not silent]
    if not voters or (not users and spec.voting.non_user_cap_pct is not None):
        return None
    cast = {c.id: _PATTERNS[i % len(_PATTERNS)] for i, c in enumerate(voters)}
    names = {c.id: c.name for c in spec.member_classes}
    said = [f"members of the class {names[cid]} cast {f} votes for and {a} against"
            for cid, (f, a) in cast.items()]
    if silent is not None:
        said.append(f"no member of the class {silent.name} votes")
    sentences = [f"Suppose that {_series(said)}."]
    total = sum((weights[cid] for cid in cast), Decimal(0))
    before_cap = {cid: weights[cid] * HUNDRED / total for cid in cast}
    shares = class_shares(spec, cast)
    if total != HUNDRED:
        sentences.append(
            f"The classes that voted have weights adding up to {figure(total)}, so each"
            f" counts for its weight divided by {figure(total)}: "
            + _series([f"{names[cid]} for {figure(before_cap[cid])}" for cid in cast]) + ".")
    if shares != before_cap:
        cap = spec.voting.non_user_cap_pct
        sentences.append(
            f"The classes that are not user classes would then count for more than"
            f" {figure(cap or Decimal(0))}, so their shares are scaled down to that in"
            f" total, and the user classes' shares scaled up to fill the rest: "
            + _series([f"{names[cid]} for {figure(shares[cid])}" for cid in cast]) + ".")
    sentences.append("Each class's share is split as its members voted: " + _series(
        [f"{names[cid]} gives {figure(shares[cid] * f / (f + a))} for and"
         f" {figure(shares[cid] * a / (f + a))} against" for cid, (f, a) in cast.items()])
        + ".")
    sentences.append(_verdict(spec, share_for(spec, cast), cast))
    return WorkedExample(tuple(sentences))


def cap_example(spec: Spec) -> WorkedExample | None:
    """The limit on the non-user classes under one member one vote, with whole numbers of
    votes chosen so that each non-user vote counts as exactly a third."""
    cap = spec.voting.non_user_cap_pct
    users = [c for c in spec.member_classes if c.user_class]
    non_users = [c for c in spec.member_classes if not c.user_class]
    if (spec.voting.system is VotingSystem.weighted_classes or cap is None or not users
            or not non_users or cap in (0, HUNDRED)):
        return None
    scale = next(k for k in (1, 2, 4, 5, 10, 20, 25, 50, 100) if (cap * k) % 1 == 0)
    user_votes, other_votes = int((HUNDRED - cap) * scale), int(cap * scale * 3)
    user_for = user_votes * 2 // 3
    cast = {users[0].id: (user_for, user_votes - user_for), non_users[0].id: (other_votes, 0)}
    counts_as = cap * scale
    return WorkedExample((
        f"Suppose that members of user classes cast {user_votes} votes ({user_for} for and"
        f" {user_votes - user_for} against) and members of the other classes cast"
        f" {other_votes}, all for.",
        f"Unlimited, the other classes would have"
        f" {figure(Decimal(other_votes) * HUNDRED / (user_votes + other_votes))}"
        f" of the votes, more than {figure(cap)}, so each of their votes counts as"
        f" {user_votes} × {figure(cap)[:-1]} ÷ ({figure(HUNDRED - cap)[:-1]}"  # noqa: RUF001
        f" × {other_votes})"  # noqa: RUF001
        f" = one third of a vote, and together they count as {counts_as:f} votes out of"
        f" {user_votes + counts_as:f}.",
        _verdict(spec, share_for(spec, cast), cast),
    ))


def _verdict(spec: Spec, share: Decimal | None, cast: dict[str, Cast]) -> str:
    if share is None:
        return "No member of a user class voted, so the resolution is not passed."
    extra = extraordinary(spec).threshold_pct
    ordinary, special = share > 50, share >= extra
    # Under weighted voting one class alone never passes an extraordinary resolution.
    if spec.voting.system is VotingSystem.weighted_classes and classes_for(cast) < 2:
        special = False
    exactly_half = " (exactly half is not more than half)" if share == 50 else ""
    return (f"In all, {figure(share)} of the votes cast are for the resolution, so it"
            f" {'passes' if ordinary else 'fails'} as an ordinary resolution{exactly_half}"
            f" {'and' if ordinary == special else 'but'} would"
            f" {'pass' if special else 'fail'} as an extraordinary resolution, which needs"
            f" {figure(extra)}.")


def _series(parts: list[str]) -> str:
    if len(parts) == 1:
        return parts[0]
    return "; ".join(parts[:-1]) + "; and " + parts[-1]


def template_data(spec: Spec) -> dict[str, list[str] | None]:
    """The worked examples, as plain sentences, for the standing orders."""
    weighted, capped = weighted_example(spec), cap_example(spec)
    return {"weighted_example": list(weighted.sentences) if weighted else None,
            "cap_example": list(capped.sentences) if capped else None}
