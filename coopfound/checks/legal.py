"""Checks of the spec against the 2014 Act and the FCA's registration conditions."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

from coopfound.checks.base import Finding, finding
from coopfound.checks.community import COMMUNITY_CHECKS
from coopfound.checks.placeholders import check_placeholders
from coopfound.spec.fields import PathKey
from coopfound.spec.model import AssetLock, Nation, Spec

WITHDRAWABLE_CAP = Decimal("100000")  # s.24 of the 2014 Act, for individual members in GB
_CURLY_QUOTES = frozenset("\u201c\u201d\u2018\u2019")  # the quotes word processors add
_POSTCODE_IN = re.compile(r"\b[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}\b", re.IGNORECASE)
_COOPERATIVE = re.compile(r"co-?\s?operative", re.IGNORECASE)


def check_name(spec: Spec) -> list[Finding]:
    name = spec.society.name
    path = ("society", "name")
    in_wales = spec.society.registered_office.nation is Nation.wales
    last_word = name.split()[-1].lower() if name.split() else ""
    findings = []
    if last_word == "cyfyngedig" and not in_wales:
        findings.append(finding(
            "CF102", path, f"the name ends 'Cyfyngedig' but the registered office is in"
            f" {spec.society.registered_office.nation.display}",
            "end the name 'Limited', or register the office in Wales"))
    elif name[-1:] in _CURLY_QUOTES and last_word.rstrip("".join(_CURLY_QUOTES)) in {
            "limited", "cyfyngedig"}:
        findings.append(finding(
            "CF101", path, "the name ends with a curly quote, which YAML keeps as part of"
            " the name (word processors turn \" into “ ”)",
            'put the name in straight quotes: name: "... Limited"'))
    elif last_word not in {"limited", "cyfyngedig"}:
        allowed = "'Limited' or 'Cyfyngedig'" if in_wales else "'Limited'"
        findings.append(finding(
            "CF101", path, f"the name '{name}' does not end {allowed}",
            f"add {allowed} as the last word of the name"))
    if spec.is_cbs and _COOPERATIVE.search(name):
        findings.append(finding(
            "CF103", path, "a community benefit society's name contains 'co-operative'",
            "choose a name without 'co-operative', or register as a co-operative society"))
    return findings


def check_members(spec: Spec) -> list[Finding]:
    findings = []
    if len(spec.founding_members) < 3:
        findings.append(finding(
            "CF111", ("founding_members",),
            f"only {len(spec.founding_members)} founding member(s); the Act needs at least 3",
            "add founding members until there are at least three"))
    counts = Counter(c.id for c in spec.member_classes)
    for index, member_class in enumerate(spec.member_classes):
        if counts[member_class.id] > 1:
            findings.append(finding(
                "CF113", ("member_classes", index, "id"),
                f"the class id '{member_class.id}' is used {counts[member_class.id]} times",
                "give each member class its own id"))
    ids = set(counts)
    for index, founder in enumerate(spec.founding_members):
        if founder.member_class not in ids:
            findings.append(finding(
                "CF112", ("founding_members", index, "member_class"),
                f"{founder.name} is in class '{founder.member_class}', which is not defined",
                f"use one of: {', '.join(sorted(ids))}"))
    seen: dict[tuple[str, str], int] = {}
    for index, founder in enumerate(spec.founding_members):
        who = (" ".join(founder.name.lower().split()), " ".join(founder.address.lower().split()))
        if who in seen:
            findings.append(finding(
                "CF115", ("founding_members", index),
                f"{founder.name} is listed twice (also as founding member {seen[who] + 1})",
                "list each founding member once"))
        seen.setdefault(who, index)
    user_ids = {c.id for c in spec.member_classes if c.user_class}
    if user_ids and spec.founding_members and not any(
            f.member_class in user_ids for f in spec.founding_members):
        findings.append(finding(
            "CF116", ("founding_members",), "no founding member is in a user class",
            "include at least one founder who receives care, cares, or works in the service"))
    for index, member_class in enumerate(spec.member_classes):
        if member_class.minimum_age < 16:
            findings.append(finding(
                "CF117", ("member_classes", index, "minimum_age"),
                f"the class '{member_class.id}' admits members from age"
                f" {member_class.minimum_age}", "take advice, or set minimum_age to 16"))
        cost = spec.shares.value * member_class.minimum_shares
        if cost > spec.shares.maximum_holding:
            findings.append(finding(
                "CF135", ("member_classes", index, "minimum_shares"),
                f"joining the class '{member_class.id}' needs £{cost:,} of shares, but no"
                f" member may hold more than £{spec.shares.maximum_holding:,}",
                "lower minimum_shares, or raise shares.maximum_holding"))
    people: list[tuple[PathKey, str]] = [(("founding_members", i, "address"), f.address)
                                         for i, f in enumerate(spec.founding_members)]
    people.append((("secretary", "address"), spec.secretary.address))
    for path, address in people:
        if not _POSTCODE_IN.search(address) and "[" not in address:
            findings.append(finding(
                "CF118", path, f"'{address}' has no postcode",
                "add the postcode to the address"))
    founders = len(spec.founding_members)
    if founders and founders < spec.board.min_directors:
        findings.append(finding(
            "CF119", ("board", "min_directors"),
            f"{founders} founding members cannot fill a board of at least"
            f" {spec.board.min_directors}", "recruit more founders, or lower min_directors"))
    for index, member_class in enumerate(spec.member_classes):
        in_class = sum(1 for f in spec.founding_members if f.member_class == member_class.id)
        if founders and in_class < member_class.board_seats.min:
            findings.append(finding(
                "CF119", ("member_classes", index, "board_seats", "min"),
                f"the class '{member_class.id}' has {member_class.board_seats.min} reserved"
                f" board seats but {in_class} founding member(s)",
                "recruit founders from that class, or reserve fewer seats"))
    if not any(c.user_class for c in spec.member_classes):
        findings.append(finding(
            "CF114", ("member_classes",), "no member class is a user class",
            "mark the classes of people receiving care, carers or workers `user_class: true`"))
    return findings


def check_money(spec: Spec) -> list[Finding]:
    findings = []
    shares = spec.shares
    if shares.withdrawable and shares.maximum_holding > WITHDRAWABLE_CAP:
        findings.append(finding(
            "CF131", ("shares", "maximum_holding"),
            f"withdrawable shares are capped at £100,000 a member, not"
            f" £{shares.maximum_holding:,}",
            "set shares.maximum_holding to 100000 or less"))
    if shares.interest.paid and shares.interest.max_rate_pct is None:
        findings.append(finding(
            "CF132", ("shares", "interest", "max_rate_pct"),
            "interest is paid on shares but no maximum rate is set",
            "set shares.interest.max_rate_pct, e.g. 3"))
    if spec.board.min_directors > spec.board.max_directors:
        findings.append(finding(
            "CF133", ("board", "max_directors"),
            f"the board has at least {spec.board.min_directors} but at most"
            f" {spec.board.max_directors} directors",
            "make max_directors at least min_directors"))
    if spec.voting.extraordinary_resolution_pct <= 50:
        findings.append(finding(
            "CF134", ("voting", "extraordinary_resolution_pct"),
            "an extraordinary resolution needs only"
            f" {spec.voting.extraordinary_resolution_pct}% of votes",
            "set it above 50; 75 is usual"))
    return findings


def check_legal_form(spec: Spec) -> list[Finding]:
    findings = []
    lock = spec.dissolution.asset_lock
    if lock is AssetLock.statutory and not spec.is_cbs:
        findings.append(finding(
            "CF121", ("dissolution", "asset_lock"),
            "a co-operative society cannot adopt the statutory asset lock",
            "use common_ownership, or register as a community benefit society"))
    if lock is AssetLock.statutory and spec.is_cbs:
        # We have not verified the Schedule 1 text as currently amended (the 2014 Act
        # renumbered the sections it cites), so the rules adopt it by reference and say
        # so here rather than print words that may be out of date.
        findings.append(finding(
            "CF126", ("dissolution", "asset_lock"),
            "the rules adopt the statutory asset lock by reference to Schedule 1 of the 2006"
            " Regulations; the FCA expects its exact words in the rules",
            "before filing, have your adviser insert the Schedule 1 text as currently in"
            " force (legislation.gov.uk, SI 2006/264) into the dissolution rule"))
    if lock is AssetLock.co_ownership and spec.is_cbs:
        findings.append(finding(
            "CF125", ("dissolution", "asset_lock"),
            "a community benefit society runs for the community, so what is left on"
            " dissolution cannot go to its members",
            "choose statutory or common_ownership"))
    elif lock is AssetLock.co_ownership:
        findings.append(finding(
            "CF124", ("dissolution", "asset_lock"),
            "on dissolution, what is left would be shared among members",
            "choose common_ownership so the co-op's wealth stays with future users"))
    if spec.is_cbs and spec.profits.patronage_return:
        findings.append(finding(
            "CF122", ("profits", "patronage_return"),
            "a community benefit society cannot return surplus to members",
            "set profits.patronage_return to false"))
    if spec.is_cbs and not spec.objects.community_benefit:
        findings.append(finding(
            "CF123", ("objects", "community_benefit"),
            "a community benefit society must say who benefits from its business",
            "set objects.community_benefit, e.g. 'older people in Fife and their families'"))
    return findings


SPEC_CHECKS = (check_name, check_members, check_money, check_legal_form, *COMMUNITY_CHECKS,
               check_placeholders)
