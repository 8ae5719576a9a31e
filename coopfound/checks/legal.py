"""Checks of the spec against the 2014 Act and the FCA's registration conditions."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

from coopfound.checks.base import Finding, finding
from coopfound.checks.community import COMMUNITY_CHECKS
from coopfound.checks.placeholders import check_placeholders
from coopfound.facts import statutory_text
from coopfound.spec.fields import PathKey
from coopfound.spec.model import AssetLock, Nation, Spec

WITHDRAWABLE_CAP = Decimal("100000")  # s.24 of the 2014 Act, for individual members in GB
_CURLY_QUOTES = frozenset("\u201c\u201d\u2018\u2019")  # the quotes word processors add
_POSTCODE_IN = re.compile(r"\b[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}\b", re.IGNORECASE)
#: Every dash and hyphen a word processor or keyboard may put in "co-operative", and the
#: spaces that are not plain spaces, so that the name check cannot be dodged by typography.
_DASHES = dict.fromkeys(
    map(ord, "\u00ad\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"), "-")
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u2009\u200a\u2002\u2003"), " ")
#: "co-operative", "cooperative", "co operative", "co-op", "coop" (not "cooper"), and the
#: Welsh "cydweithredol" and "cydweithfa" with their mutations (gydweithredol,
#: nghydweithredol, chydweithredol).
_COOPERATIVE = re.compile(
    r"\bco\s*-?\s*op(?:erative|eratives)?\b|\b(?:c|g|ngh|ch)ydweith(?:redol|fa|fâ)",
    re.IGNORECASE)
#: Two-thirds: below this, a minority of a third can no longer block a rule change.
TWO_THIRDS = Decimal(200) / 3


def normalised_name(name: str) -> str:
    """The name with every kind of dash as '-', every kind of space as ' ', spaces
    collapsed and spaces around hyphens removed: the form CF103 searches."""
    text = name.translate(_DASHES).translate(_SPACES)
    text = re.sub(r"\s*-\s*", "-", text)
    return " ".join(text.split())


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
    found = _COOPERATIVE.search(normalised_name(name)) if spec.is_cbs else None
    if found:
        findings.append(finding(
            "CF103", path, f"a community benefit society's name contains '{found.group(0)}',"
            " a form of 'co-operative'",
            "choose a name without 'co-operative', 'co-op' or 'cydweithredol', or register"
            " as a co-operative society"))
    return findings


#: An address line needs at least two letters or a digit: "?" or "-" is not an address.
_ADDRESS_LIKE = re.compile(r"\d|[^\W\d_].*[^\W\d_]")


def plural(count: int, noun: str, zero: str | None = None) -> str:
    """'1 reserved board seat', '2 reserved board seats', 'no founding members'."""
    if count == 0 and zero is not None:
        return f"{zero} {noun}s"
    return f"{count} {noun}{'' if count == 1 else 's'}"


def check_addresses(spec: Spec) -> list[Finding]:
    """Letters and notices are sent to these addresses: each must look like one."""
    lines: list[tuple[tuple[str | int, ...], str]] = [
        (("society", "registered_office", "address", i), line)
        for i, line in enumerate(spec.society.registered_office.address)]
    lines += [(("founding_members", i, "address"), f.address)
              for i, f in enumerate(spec.founding_members)]
    lines.append((("secretary", "address"), spec.secretary.address))
    return [finding("CF137", path, f"'{text}' does not look like an address",
                    "write the street and town, e.g. '12 High Street, Llanrwst'")
            for path, text in lines if not _ADDRESS_LIKE.search(text)]


def check_members(spec: Spec) -> list[Finding]:
    findings = []
    if len(spec.founding_members) < 3:
        findings.append(finding(
            "CF111", ("founding_members",),
            f"only {len(spec.founding_members)} founding"
            f" {'member' if len(spec.founding_members) == 1 else 'members'}; the Act needs"
            " at least 3",
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
                f"the class '{member_class.id}' has"
                f" {plural(member_class.board_seats.min, 'reserved board seat')} but"
                f" {plural(in_class, 'founding member', 'no')}",
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
    elif spec.voting.extraordinary_resolution_pct < TWO_THIRDS:
        findings.append(finding(
            "CF136", ("voting", "extraordinary_resolution_pct"),
            f"rule changes need only {spec.voting.extraordinary_resolution_pct}% of the"
            " votes, so a group with that share can change the rules over the objections of"
            " everyone else", "set it to at least 67; 75 is usual"))
    return findings


def check_legal_form(spec: Spec) -> list[Finding]:
    findings = []
    lock = spec.dissolution.asset_lock
    if lock is AssetLock.statutory and not spec.is_cbs:
        findings.append(finding(
            "CF121", ("dissolution", "asset_lock"),
            "a co-operative society cannot adopt the statutory asset lock",
            "use common_ownership, or register as a community benefit society"))
    if spec.society.charitable:
        findings += _charitable_findings(spec)
    if lock is AssetLock.statutory and spec.is_cbs and not spec.society.charitable \
            and not statutory_text("asset_lock").confirmed:
        # The Regulations require the rule in the exact terms of Schedule 1, and coopfound
        # could not confirm those terms as currently in force (see data/facts.yaml), so
        # the rules mark the place and every document says the words must be inserted.
        findings.append(finding(
            "CF126", ("dissolution", "asset_lock"),
            "the statutory asset lock must be in the rules in the exact words of Schedule 1 to"
            " the 2006 Regulations, which coopfound could not confirm as currently in force;"
            " the dissolution rule marks where they go",
            "before anyone signs, have your adviser insert the Schedule 1 text as currently"
            " in force (SI 2006/264) where the dissolution rule says"))
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


def _charitable_findings(spec: Spec) -> list[Finding]:
    findings = []
    path = ("society", "charitable")
    if not spec.is_cbs:
        findings.append(finding(
            "CF127", path, "a co-operative society runs for its members, so it cannot be a"
            " charity", "register as a community benefit society, or set charitable: false"))
    if spec.dissolution.asset_lock is AssetLock.statutory:
        findings.append(finding(
            "CF128", ("dissolution", "asset_lock"),
            "a charitable society cannot adopt the statutory asset lock; charity law locks"
            " its assets instead", "set dissolution.asset_lock to common_ownership: the"
            " rules then send what is left to charities with similar purposes"))
    if spec.board.directors_paid or spec.board.staff_directors_max_pct != 0:
        findings.append(finding(
            "CF129", ("board", "directors_paid" if spec.board.directors_paid
                      else "staff_directors_max_pct"),
            "the board of a charity are its trustees, and charity law limits what trustees"
            " may be paid or gain, including as staff", "take advice before letting"
            " directors be paid or staff serve as directors; staff_directors_max_pct: 0"
            " keeps staff off the board"))
    return findings


SPEC_CHECKS = (check_name, check_addresses, check_members, check_money, check_legal_form,
               *COMMUNITY_CHECKS, check_placeholders)
