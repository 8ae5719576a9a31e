"""Checks of member control in the community model: votes, seats, consent, inclusion."""

from __future__ import annotations

from decimal import Decimal

from coopfound.checks.base import Finding, finding
from coopfound.control.protections import user_control
from coopfound.spec.model import ClassRole, ConsentMatter, Spec, VotingSystem

#: The Community Shares Handbook's reading of "user members keep control": non-users
#: hold no more than a quarter of the votes. The FCA itself sets no number.
NON_USER_LIMIT = Decimal(25)
NON_USER_GOOD_PRACTICE = Decimal(10)


def check_voting(spec: Spec) -> list[Finding]:
    findings = []
    classes = spec.member_classes
    if spec.voting.system is VotingSystem.weighted_classes:
        for index, member_class in enumerate(classes):
            if member_class.vote_weight_pct is None:
                findings.append(finding(
                    "CF141", ("member_classes", index, "vote_weight_pct"),
                    f"the class '{member_class.id}' has no vote weight",
                    "give every class a vote_weight_pct"))
        total = sum((c.vote_weight_pct or Decimal(0) for c in classes), Decimal(0))
        if all(c.vote_weight_pct is not None for c in classes) and total != 100:
            findings.append(finding(
                "CF141", ("member_classes",),
                f"the class vote weights add up to {total:f}, not 100",
                "change the vote_weight_pct of the classes so they add up to 100"))
    non_users = [c for c in classes if not c.user_class]
    worst = user_control(spec).worst_non_user_pct
    cap = spec.voting.non_user_cap_pct
    if non_users and not spec.is_cbs and worst > NON_USER_LIMIT:
        if spec.voting.system is VotingSystem.one_member_one_vote and cap is None:
            message = ("nothing stops non-user members ("
                       + ", ".join(c.id for c in non_users)
                       + ") from holding up to half of the votes")
        else:
            message = f"non-user classes can hold {worst:f}% of the votes, more than 25%"
        findings.append(finding(
            "CF142", ("voting", "non_user_cap_pct"), message,
            "set voting.non_user_cap_pct to 25 or less (10 is better), or lower their weights"))
    elif non_users and worst > NON_USER_GOOD_PRACTICE:
        findings.append(finding(
            "CF165", ("voting", "non_user_cap_pct"),
            f"non-user classes may count for up to {worst:f}% of the votes",
            "a cap of 10 keeps the people who receive and give care in charge"))
    if len(classes) > 1 and ConsentMatter.class_rights not in spec.voting.class_consent:
        findings.append(finding(
            "CF162", ("voting", "class_consent"),
            "changing a class's rights does not need that class's consent",
            "add class_rights to voting.class_consent"))
    return findings


def check_board_seats(spec: Spec) -> list[Finding]:
    findings = []
    board = spec.board
    for index, member_class in enumerate(spec.member_classes):
        seats = member_class.board_seats
        if seats.max is not None and seats.min > seats.max:
            findings.append(finding(
                "CF144", ("member_classes", index, "board_seats", "min"),
                f"the class '{member_class.id}' must have at least {seats.min} seats but at"
                f" most {seats.max}", "make min no more than max"))
    total_min = sum(c.board_seats.min for c in spec.member_classes)
    if total_min > board.max_directors:
        findings.append(finding(
            "CF144", ("board", "max_directors"),
            f"the classes' minimum seats add up to {total_min}, more than the"
            f" {board.max_directors} seats on the board", "lower the classes' minimum seats"))
    if board.min_directors < total_min <= board.max_directors:
        findings.append(finding(
            "CF145", ("board", "min_directors"),
            f"{total_min} board seats are reserved for classes, more than the smallest board"
            f" of {board.min_directors}, so the board can never be that small",
            f"set board.min_directors to at least {total_min}, or reserve fewer seats"))
    non_user_min = sum(c.board_seats.min for c in spec.member_classes if not c.user_class)
    if non_user_min and non_user_min * 2 >= board.min_directors:
        findings.append(finding(
            "CF143", ("board", "min_directors"),
            f"seats reserved for non-user classes ({non_user_min}) are half or more of a"
            f" board of {board.min_directors}", "reserve fewer seats for non-user classes"))
    if board.max_coopted > 2:
        findings.append(finding(
            "CF164", ("board", "max_coopted"),
            f"the board may co-opt up to {board.max_coopted} directors",
            "allow 2 at most"))
    if board.term_years > 3 or board.max_consecutive_terms is None:
        reason = (f"terms of {board.term_years} years" if board.term_years > 3
                  else "no limit on terms in a row")
        findings.append(finding(
            "CF168", ("board", "term_years" if board.term_years > 3 else
                      "max_consecutive_terms"),
            f"directors may serve {reason}", "3-year terms, at most 3 in a row"))
    return findings


def check_inclusion(spec: Spec) -> list[Finding]:
    findings = []
    if not spec.participation.advocate_route:
        findings.append(finding(
            "CF161", ("participation", "advocate_route"),
            "a member who lacks capacity has no one who may act for them",
            "set participation.advocate_route to true"))
    receiving = [(i, c) for i, c in enumerate(spec.member_classes)
                 if c.role is ClassRole.people_receiving_care]
    if not receiving:
        findings.append(finding(
            "CF170", ("member_classes",), "no class has role people_receiving_care",
            "set role: people_receiving_care on the class people receiving care join"))
    for index, member_class in receiving:
        if member_class.qualifying_weeks > 12:
            findings.append(finding(
                "CF163", ("member_classes", index, "qualifying_weeks"),
                f"people receiving care wait {member_class.qualifying_weeks} weeks to join",
                "8 weeks or less"))
        cost = spec.shares.value * member_class.minimum_shares
        if cost > 1 and not member_class.share_waived:
            findings.append(finding(
                "CF171", ("member_classes", index, "share_waived"),
                f"joining costs people receiving care £{cost:,}",
                "set share_waived: true, or keep their shares to £1"))
    return findings


def check_meetings_and_stewardship(spec: Spec) -> list[Finding]:
    findings = []
    meetings = spec.general_meetings
    if meetings.notice_clear_days < 14:
        findings.append(finding(
            "CF166", ("general_meetings", "notice_clear_days"),
            f"only {meetings.notice_clear_days} clear days' notice", "give 14 clear days"))
    if meetings.extra_meetings_per_year == 0:
        findings.append(finding(
            "CF167", ("general_meetings", "extra_meetings_per_year"),
            "members meet only at the AGM", "hold members' forums between AGMs:"
            " general_meetings.extra_meetings_per_year: 3"))
    stewardship = spec.stewardship
    missing = [name for name, present in (
        ("an indivisible reserve", spec.profits.reserve_min_pct > 0),
        ("a yearly social account", stewardship.social_account),
        ("the feedback of people receiving care in it", stewardship.service_user_feedback),
        ("member training", stewardship.member_training),
        ("director induction", stewardship.director_induction),
    ) if not present]
    if missing:
        findings.append(finding(
            "CF169", ("stewardship",), "the rules have no " + ", no ".join(missing),
            "switch these safeguards back on"))
    return findings


def check_seat_limits(spec: Spec) -> list[Finding]:
    """Combined seat limits name real classes and leave room for the seats they reserve."""
    findings = []
    classes = {c.id: c for c in spec.member_classes}
    for index, limit in enumerate(spec.board.combined_seat_limits):
        unknown = [cid for cid in limit.classes if cid not in classes]
        if unknown:
            findings.append(finding(
                "CF172", ("board", "combined_seat_limits", index, "classes"),
                f"the seat limit names '{unknown[0]}', which is not a member class",
                f"use class ids: {', '.join(classes)}"))
            continue
        reserved = sum(classes[cid].board_seats.min for cid in limit.classes)
        if reserved > limit.max:
            findings.append(finding(
                "CF173", ("board", "combined_seat_limits", index, "max"),
                f"{' and '.join(limit.classes)} may hold at most {limit.max} seats together,"
                f" but are guaranteed {reserved}", "raise the limit, or reserve fewer seats"))
    return findings


def check_council(spec: Spec) -> list[Finding]:
    """A members' council answers to the classes, with people receiving care at its heart."""
    council = spec.council
    if council is None:
        return []
    findings = []
    ids = {c.id for c in spec.member_classes}
    for class_id in council.seats:
        if class_id not in ids:
            findings.append(finding(
                "CF174", ("council", "seats", class_id),
                f"the council gives seats to '{class_id}', which is not a member class",
                f"use class ids: {', '.join(sorted(ids))}"))
    total = sum(council.seats.values())
    receiving = sum(n for cid, n in council.seats.items()
                    if cid in {c.id for c in spec.member_classes
                               if c.role is ClassRole.people_receiving_care})
    if total == 0:
        findings.append(finding(
            "CF174", ("council", "seats"), "the members' council has no seats",
            "give each class a number of councillors, or leave out `council:`"))
    elif receiving * 2 < total:
        findings.append(finding(
            "CF175", ("council", "seats"),
            f"people receiving care elect {receiving} of the council's {total} councillors,"
            " less than half", "give the classes of people receiving care at least half of"
            " the seats"))
    if council.appoints_directors * 2 > spec.board.min_directors:
        findings.append(finding(
            "CF176", ("council", "appoints_directors"),
            f"the council appoints {council.appoints_directors} directors, more than half of"
            f" a board of {spec.board.min_directors}", "keep most directors elected by the"
            " members at the AGM"))
    return findings


COMMUNITY_CHECKS = (check_voting, check_board_seats, check_seat_limits, check_council,
                    check_inclusion, check_meetings_and_stewardship)
