"""How the scorecard and the governance simulation are shown: tables, or JSON."""

from __future__ import annotations

from typing import Any

from coopfound import __version__
from coopfound.control.governance import Coalition, Protection, VoteShares
from coopfound.control.score import Scorecard
from coopfound.spec.model import Spec

SCORE_FORMAT_VERSION = 1


def score_json(spec: Spec, card: Scorecard, shares: VoteShares, coalitions: list[Coalition],
               protections: list[Protection]) -> dict[str, Any]:
    return {
        "format_version": SCORE_FORMAT_VERSION,
        "coopfound": __version__,
        "ok": card.band != "not acceptable",
        "society": spec.society.name,
        "total": card.total,
        "out_of": 100,
        "band": card.band,
        "capped_for_user_control": card.capped,
        "has_errors": card.has_errors,
        "indicators": [
            {"number": s.indicator.number, "name": s.indicator.name,
             "measure": s.indicator.measure, "full_marks_when": s.indicator.full_marks_when,
             "points": s.indicator.points, "score": s.score, "found": s.found,
             "why": s.indicator.why}
            for s in card.scores
        ],
        "simulation": {
            "vote_shares": {cid: float(round(share, 2)) for cid, share in shares.shares.items()},
            "assumption": shares.assumption,
            "coalitions": [
                {"classes": list(c.classes), "share": float(round(c.share, 2)),
                 "passes_ordinary": c.passes_ordinary,
                 "passes_extraordinary": c.passes_extraordinary}
                for c in coalitions
            ],
            "blocked": shares.blocked,
            "reserved_matters": [
                {"class": p.class_id, "matter": p.matter, "protected_by_rules": p.by_rules,
                 "can_be_outvoted": p.outvoted, "decision": p.decision.name,
                 "reason": p.reason}
                for p in protections
            ],
        },
    }


def show_score(spec: Spec, card: Scorecard, shares: VoteShares, coalitions: list[Coalition],
               protections: list[Protection]) -> None:
    from coopfound.console import say, table

    rows = [(str(s.indicator.number), s.indicator.name, f"{s.score:g}/{s.indicator.points}",
             s.found, s.indicator.full_marks_when) for s in card.scores]
    table(f"Member control: {spec.society.name}",
          ("#", "Indicator", "Score", "Found", "Full marks when"), rows)
    if card.capped:
        say(f"Capped at {card.total:g}: the user classes cannot always pass an ordinary"
            " resolution by themselves.", style="yellow")
    if card.has_errors:
        say("The spec has check errors, so it cannot be acceptable: run coopfound check.",
            style="red")
    say(f"Score: {card.total:g} out of 100 ({card.band}).",
        style="bold green" if card.band != "not acceptable" else "bold red")

    say(f"\nWho can decide what (vote shares from {shares.assumption}):", style="bold")
    table(None, ("Class", "Share of the vote"),
          [(cid, f"{share:.1f}%") for cid, share in shares.shares.items()])
    table("The smallest groups of classes that can pass a resolution on their own",
          ("Classes together", "Share", "Ordinary (over 50%)",
           f"Extraordinary ({spec.voting.extraordinary_resolution_pct:f}%)"),
          [(" + ".join(c.classes), f"{c.share:.1f}%", "yes" if c.passes_ordinary else "no",
            "yes" if c.passes_extraordinary else "no") for c in coalitions])
    if shares.blocked:
        say(f"No resolution can pass with these numbers: {shares.blocked}.", style="yellow")
    class_rows: list[tuple[str, str, str]] = []
    for class_id in shares.shares:
        mine = [p for p in protections if p.class_id == class_id]
        safe = ", ".join(_words(p) for p in mine if p.by_rules) or "-"
        exposed = "; ".join(f"{_words(p)} ({p.reason})" for p in mine if not p.by_rules)
        class_rows.append((class_id, safe, exposed or "none"))
    table("Does each class's consent protect it on the matters that concern it?",
          ("Class", "Its consent is needed on", "Not protected by the rules on"), class_rows)
    outvoted = [p for p in protections if p.outvoted]
    if outvoted:
        say(f"{len(outvoted)} matter{'' if len(outvoted) == 1 else 's'} can be decided"
            " against a class's will: add them to voting.class_consent.", style="yellow")


def _words(protection: Protection) -> str:
    return protection.matter.replace("_", " ")
