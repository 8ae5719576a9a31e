"""The matters a society's registered rules must provide for (s.14 of the 2014 Act).

Section 14 of the Co-operative and Community Benefit Societies Act 2014 lists them.
One internal id per matter (M1..M14, in the order of the s.14 table). The FCA's
restatement (RFCCBS 3.4.1G) lists 15 items because it splits shares into transferable
and withdrawable; `fca_items` maps each matter to those numbers so a report can speak
either language. Sources: the Act's s.14 table; FCA Handbook RFCCBS 3.4.1G.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Matter:
    id: str
    title: str
    requirement: str
    fca_items: tuple[int, ...]


MATTERS: tuple[Matter, ...] = (
    Matter("M1", "Name", "the name of the society", (1,)),
    Matter("M2", "Objects", "the objects of the society", (2,)),
    Matter("M3", "Registered office",
           "the registered office, to which all communications and notices may be addressed",
           (3,)),
    Matter("M4", "Admission of members",
           "the terms of admission of members, including any society or company investing"
           " funds in the society", (4,)),
    Matter("M5", "Meetings, voting and rules",
           "how meetings are held, the scale and right of voting, and how rules are made,"
           " altered or rescinded", (5,)),
    Matter("M6", "Board and officers",
           "the appointment and removal of a committee (the board), managers and other"
           " officers, their powers and their pay", (6,)),
    Matter("M7", "Maximum shareholding",
           "the maximum amount of interest in shares that any member may hold", (7,)),
    Matter("M8", "Borrowing and deposits",
           "whether and how the society may borrow or take deposits, from members or"
           " others, with its conditions, security and limits", (8,)),
    Matter("M9", "Transferable and withdrawable shares",
           "whether shares are transferable (with the form of transfer, registration and"
           " consent) and whether they are withdrawable (with how withdrawal is made and"
           " paid)", (9, 10)),
    Matter("M10", "Audit", "the audit of accounts under Part 7 of the Act", (11,)),
    Matter("M11", "Withdrawal, death and bankruptcy",
           "whether and how members may withdraw, and the claims of the representatives of"
           " deceased or bankrupt (in Scotland, sequestrated) members and of nominees", (12,)),
    Matter("M12", "Profits", "how profits are applied", (13,)),
    Matter("M13", "Seal", "the custody and use of the seal, if the society has one", (14,)),
    Matter("M14", "Investment of funds", "whether and how funds may be invested", (15,)),
)

MATTER_IDS: frozenset[str] = frozenset(m.id for m in MATTERS)


def matter(matter_id: str) -> Matter:
    return next(m for m in MATTERS if m.id == matter_id)
