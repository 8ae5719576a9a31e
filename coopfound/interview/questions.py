"""The `coopfound init` interview, as data: sections, questions, help, defaults, conditions.

Each question names the spec field it answers (`society.name`), or a helper answer that
shapes later questions (keys starting `_`, never written to the spec). Nothing here asks
anything: `session.py` walks these questions through whatever asks them, a terminal or
a test.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

Answers = dict[str, Any]
Kind = Literal["text", "optional_text", "optional_date", "int", "optional_int", "decimal",
               "optional_decimal", "bool", "select", "multi", "lines", "list"]


@dataclass(frozen=True)
class Choice:
    value: Any
    label: str


def _always(_: Answers) -> bool:
    return True


#: The default is the spec's own default for the field.
SPEC_DEFAULT = object()


Help = str | Callable[[Answers], str]


@dataclass(frozen=True)
class Question:
    key: str
    prompt: str
    help: Help
    kind: Kind
    default: Any = SPEC_DEFAULT
    when: Callable[[Answers], bool] = _always
    choices: Callable[[Answers], tuple[Choice, ...]] | None = None
    #: Used only by `--defaults` where no real default exists (a name, an address): an
    #: obvious placeholder that `coopfound check` flags until it is replaced (CF302).
    placeholder: Any = None
    #: A check that only makes sense inside the interview (agreement with an earlier
    #: choice); it returns the reason an answer cannot be used, or None.
    extra_check: Callable[[Any, Answers], str | None] | None = None

    def default_for(self, answers: Answers) -> Any:
        return self.default(answers) if callable(self.default) else self.default

    def help_for(self, answers: Answers) -> str:
        return self.help(answers) if callable(self.help) else self.help

    def placeholder_for(self, answers: Answers) -> Any:
        return self.placeholder(answers) if callable(self.placeholder) else self.placeholder


@dataclass(frozen=True)
class Group:
    """A list the founder builds item by item: member classes, founding members."""

    key: str
    item: str  # "member class"
    items: str  # "member classes"
    prompt: str
    help: str
    fields: tuple[Question, ...]
    minimum: int
    default: Callable[[Answers], list[dict[str, Any]]]
    when: Callable[[Answers], bool] = _always
    #: Whether `default` is a real starting point (offered to the founder) or only a
    #: placeholder for `--defaults`.
    default_is_placeholder: bool = False


Item = Question | Group


@dataclass(frozen=True)
class Section:
    title: str
    intro: str
    items: tuple[Item, ...] = field(default_factory=tuple)


# --- conditions -----------------------------------------------------------------------

def is_cbs(answers: Answers) -> bool:
    return answers.get("society.legal_form") == "community_benefit_society"


def in_wales(answers: Answers) -> bool:
    return answers.get("society.registered_office.nation") == "wales"


#: Postcode areas wholly in Wales or Scotland (areas that cross a border, such as SY, CH
#: and TD, are left out: no guess is better than a wrong one).
_WELSH_AREAS = frozenset({"LL", "SA", "CF", "NP", "LD"})
_SCOTTISH_AREAS = frozenset({"AB", "DD", "DG", "EH", "FK", "G", "HS", "IV", "KA", "KW",
                             "KY", "ML", "PA", "PH", "ZE"})


def nation_from_answers(answers: Answers) -> str:
    """The nation other answers point to (a postcode, a name ending 'Cyfyngedig'), so
    that answers given without one are not silently placed in England."""
    postcode = str(answers.get("society.registered_office.postcode") or "").upper()
    area = "".join(ch for ch in postcode.split(" ")[0] if ch.isalpha())
    name = str(answers.get("society.name") or "").split()
    if area in _WELSH_AREAS or name[-1:] == ["Cyfyngedig"]:
        return "wales"
    if area in _SCOTTISH_AREAS:
        return "scotland"
    return "england"


def reserved_seats(answers: Answers) -> int:
    """The board seats the member classes answered so far reserve between them."""
    classes = answers.get("member_classes") or []
    return sum(int((c.get("board_seats") or {}).get("min") or 0) for c in classes
               if isinstance(c, dict))


def has_investors(answers: Answers) -> bool:
    return answers.get("_investors") is True


def _withdrawable(answers: Answers) -> bool:
    return answers.get("shares.withdrawable") is True


def _proxies(answers: Answers) -> bool:
    return answers.get("voting.proxies.allowed", True) is True


def _investing(answers: Answers) -> bool:
    return answers.get("investment.permitted", True) is True


_EXAMPLE = {
    "england": ("Unit 2, Mill Road, Hebden Bridge", "HX7 8AD", "Calderdale and Kirklees"),
    "wales": ("Unit 2, Station Road, Llanrwst", "LL26 0EH", "the Conwy valley"),
    "scotland": ("Unit 2, Bonnygate, Cupar", "KY15 4BY", "north-east Fife"),
}


def _nation(answers: Answers) -> str:
    nation = answers.get("society.registered_office.nation")
    return nation if nation in _EXAMPLE else "england"


def _name_help(answers: Answers) -> str:
    ending = _name_ending(answers)
    example = "Valley Community Care" if is_cbs(answers) else "Valley Care Co-operative"
    text = (f"Write the full name as it will be registered, ending '{ending}', e.g."
            f" '{example} {ending}'.")
    if is_cbs(answers):
        text += " A community benefit society may not use the word 'co-operative'."
    return text


def _name_ending(answers: Answers) -> str:
    return "Cyfyngedig" if in_wales(answers) and answers.get("_name_ending") == "Cyfyngedig" \
        else "Limited"


def _ends_as_chosen(name: Any, answers: Answers) -> str | None:
    if not in_wales(answers) or "_name_ending" not in answers:
        return None
    ending = _name_ending(answers)
    if str(name).split()[-1:] != [ending]:
        return f"you chose to end the name '{ending}': end it with that word"
    return None


# --- choices --------------------------------------------------------------------------

def _nations(_: Answers) -> tuple[Choice, ...]:
    return (Choice("england", "England"), Choice("wales", "Wales"),
            Choice("scotland", "Scotland"))


def _legal_forms(_: Answers) -> tuple[Choice, ...]:
    return (
        Choice("co_operative_society",
               "Co-operative society: run for the benefit of its members"),
        Choice("community_benefit_society",
               "Community benefit society: run for the benefit of the wider community"),
    )


def _endings(_: Answers) -> tuple[Choice, ...]:
    return (Choice("Cyfyngedig", "Cyfyngedig (Welsh for 'Limited')"),
            Choice("Limited", "Limited"))


def is_charitable(answers: Answers) -> bool:
    return is_cbs(answers) and answers.get("society.charitable") is True


def wants_council(answers: Answers) -> bool:
    return answers.get("_council") is True


def _charity_help(answers: Answers) -> str:
    where = ("In Scotland it must also register with the Scottish Charity Regulator (OSCR)."
             if _nation(answers) == "scotland" else
             "In England and Wales it is an 'exempt charity': the FCA registers it, not the"
             " Charity Commission, and HMRC must recognise it for Gift Aid.")
    return ("Only a community benefit society whose objects are wholly charitable can be a"
            " charity. It then pays nothing to members, its directors are trustees and may"
            " not be paid, and what is left on closing goes to charities. " + where)


def _staff_directors_default(answers: Answers) -> Any:
    # A charity's directors are its trustees, who may not be staff without authority.
    return Decimal("0") if is_charitable(answers) else SPEC_DEFAULT


def _asset_locks(answers: Answers) -> tuple[Choice, ...]:
    if is_charitable(answers):
        return (Choice("common_ownership", "Charity law's lock: what is left goes to"
                                           " charities with similar purposes"),)
    if is_cbs(answers):
        return (
            Choice("statutory", "The statutory asset lock (recommended; it can never be"
                                " removed)"),
            Choice("common_ownership", "Our own lock: what is left goes to a similar body"
                                       " with its own asset lock"),
        )
    return (
        Choice("common_ownership", "Common ownership (recommended): what is left goes to a"
                                   " similar body with its own asset lock"),
        Choice("co_ownership", "Co-ownership: what is left is shared among members (not"
                               " recommended)"),
    )


def _audit_approaches(_: Answers) -> tuple[Choice, ...]:
    return (
        Choice("members_may_disapply", "A qualified auditor, unless members vote each year"
                                       " not to appoint one where the Act allows"),
        Choice("qualified_auditor", "Always a qualified auditor"),
        Choice("lay_auditors_when_small", "Lay auditors while the society is small enough,"
                                          " otherwise a qualified auditor"),
    )


def _investment_deciders(_: Answers) -> tuple[Choice, ...]:
    return (Choice("board", "The board, within a policy the members approve"),
            Choice("general_meeting", "The members at a general meeting"))


def _founder_classes(answers: Answers) -> tuple[Choice, ...]:
    return tuple(Choice(c["id"], c["name"]) for c in answers.get("member_classes", []))


SOMEONE_ELSE = "someone_else"


def _secretaries(answers: Answers) -> tuple[Choice, ...]:
    founders = answers.get("founding_members", [])
    return (*(Choice(i, f["name"]) for i, f in enumerate(founders)),
            Choice(SOMEONE_ELSE, "Someone else"))


# --- defaults -------------------------------------------------------------------------

def _seats(minimum: int = 0, maximum: int | None = None) -> dict[str, Any]:
    return {"min": minimum, "max": maximum}


USUAL_CLASSES: tuple[dict[str, Any], ...] = (
    {"id": "people_receiving_care", "name": "People receiving care",
     "eligibility": "receive care or support from the society", "user_class": True,
     "role": "people_receiving_care", "minimum_age": 16, "minimum_shares": 1,
     "qualifying_weeks": 8, "share_waived": True, "board_seats": _seats(2),
     "may_requisition": True, "ends_when_ineligible": True, "grace_weeks": 12},
    {"id": "family_carers", "name": "Family carers",
     "eligibility": "care, unpaid, for a person who receives care or support from the society",
     "user_class": True, "role": "family_carers", "minimum_age": 16, "minimum_shares": 1,
     "qualifying_weeks": 0, "share_waived": False, "board_seats": _seats(1),
     "may_requisition": True, "ends_when_ineligible": True, "grace_weeks": 12},
    {"id": "care_workers", "name": "Care workers",
     "eligibility": "work for the society and have finished any probation period",
     "user_class": True, "role": "workers", "minimum_age": 16, "minimum_shares": 1,
     "qualifying_weeks": 0, "share_waived": False, "board_seats": _seats(2),
     "may_requisition": True, "ends_when_ineligible": True, "grace_weeks": 12},
    {"id": "community_supporters", "name": "Community supporters",
     "eligibility": "live or work in the area the society serves and support its purpose",
     "user_class": False, "role": "supporters", "minimum_age": 16, "minimum_shares": 1,
     "qualifying_weeks": 0, "share_waived": False, "board_seats": _seats(0, 2),
     "may_requisition": True, "ends_when_ineligible": True, "grace_weeks": 12},
)
INVESTOR_CLASS: dict[str, Any] = {
    "id": "investors", "name": "Investor members",
    "eligibility": "buy investor shares to help fund the society's work",
    "user_class": False, "role": "investors", "minimum_age": 18, "minimum_shares": 1,
    "qualifying_weeks": 0, "share_waived": False, "board_seats": _seats(0, 1),
    "may_requisition": False, "ends_when_ineligible": False, "grace_weeks": 0,
}
#: Suggested shares of the vote when votes are weighted by class: people receiving care
#: and their carers together at least match the workers; non-users stay at 10% or less.
USUAL_WEIGHTS = {"people_receiving_care": 40, "family_carers": 15, "care_workers": 35,
                 "community_supporters": 10}
WEIGHTS_WITH_INVESTORS = {"people_receiving_care": 40, "family_carers": 15,
                          "care_workers": 35, "community_supporters": 5, "investors": 5}


def weighted(answers: Answers) -> bool:
    return answers.get("voting.system") == "weighted_classes"


def _usual_classes(answers: Answers) -> list[dict[str, Any]]:
    classes = [dict(c) for c in USUAL_CLASSES]
    if has_investors(answers):
        classes.append(dict(INVESTOR_CLASS))
    if weighted(answers):
        weights = WEIGHTS_WITH_INVESTORS if has_investors(answers) else USUAL_WEIGHTS
        for member_class in classes:
            member_class["vote_weight_pct"] = weights[member_class["id"]]
    return classes


def _item(answers: Answers) -> dict[str, Any]:
    """The member class being added, for defaults that depend on its earlier answers."""
    item: dict[str, Any] = answers.get("_item", {})
    return item


def _role_is(*roles: str) -> Callable[[Answers], bool]:
    return lambda answers: _item(answers).get("role") in roles


def _roles(_: Answers) -> tuple[Choice, ...]:
    return (
        Choice("people_receiving_care", "People who receive care or support"),
        Choice("family_carers", "Family carers and advocates"),
        Choice("workers", "Care workers and other staff"),
        Choice("volunteers", "Volunteers"),
        Choice("supporters", "Community supporters"),
        Choice("investors", "Investors"),
        Choice("other", "Someone else"),
    )


def _voting_systems(_: Answers) -> tuple[Choice, ...]:
    return (
        Choice("one_member_one_vote", "One member, one vote: every vote counts the same"),
        Choice("weighted_classes", "Weighted by class: each class counts for a fixed share"
                                   " of every vote"),
    )


def _consent_matters(_: Answers) -> tuple[Choice, ...]:
    return (
        Choice("purpose", "Changing the co-op's purpose"),
        Choice("class_rights", "Changing a class's rights, or who may join it"),
        Choice("asset_lock", "Changing the asset lock"),
        Choice("dissolution", "Winding the co-op up"),
        Choice("closing_a_service", "Closing a care service"),
        Choice("charging_policy", "Changing how people are charged for care"),
    )


def _has_non_users(answers: Answers) -> bool:
    return any(not c.get("user_class", True) for c in answers.get("member_classes", []))


def _placeholder_founders(answers: Answers) -> list[dict[str, Any]]:
    classes = answers.get("member_classes") or _usual_classes(answers)
    first_user = next((c["id"] for c in classes if c.get("user_class")), classes[0]["id"])
    return [{"name": f"[Founding member {n}]", "address": f"[Address of founding member {n}]",
             "member_class": first_user} for n in (1, 2, 3)]


def _maximum_holding(answers: Answers) -> Any:
    if _withdrawable(answers) and has_investors(answers):
        return Decimal("20000")
    return answers.get("shares.value", Decimal("1"))


def _asset_lock_default(answers: Answers) -> str:
    return "statutory" if is_cbs(answers) and not is_charitable(answers) \
        else "common_ownership"


# --- the interview --------------------------------------------------------------------

SECTIONS: tuple[Section, ...] = (
    Section(
        "About your co-op",
        "First the basics: where the co-op is based, what kind of society it is, and what"
        " it does.",
        (
            Question(
                "society.registered_office.nation",
                "Which nation will the registered office be in?",
                "This decides your care regulator (CQC in England, Care Inspectorate Wales,"
                " the Care Inspectorate in Scotland) and, in Wales, lets the name end"
                " 'Cyfyngedig'. The board can later move the office only within this nation.",
                "select", default=lambda a: nation_from_answers(a), choices=_nations),
            Question(
                "society.legal_form", "What kind of society will it be?",
                "A co-operative society is run for the benefit of its members: the people"
                " who receive care, their carers and the workers. A community benefit"
                " society is run for the wider community; it pays nothing to members and"
                " can adopt the statutory asset lock. You cannot switch later.",
                "select", default="co_operative_society", choices=_legal_forms),
            Question(
                "society.charitable", "Will the society be a charity?", _charity_help,
                "bool", when=is_cbs),
            Question(
                "_name_ending", "How should the name end?",
                "The Act lets a society whose registered office is in Wales end its name"
                " 'Cyfyngedig' instead of 'Limited'. Both mean the same in law.",
                "select", default="Cyfyngedig", when=in_wales, choices=_endings),
            Question(
                "society.name", "What is the co-op's full name?",
                _name_help,
                "text", default=None,
                placeholder=lambda a: f"[Name of the society] {_name_ending(a)}",
                extra_check=_ends_as_chosen),
            Question(
                "society.registered_office.address", "What is the registered office address?",
                lambda a: "The address lines without the postcode, separated by commas, e.g."
                f" '{_EXAMPLE[_nation(a)][0]}'. Letters and notices to the society can be"
                " sent here, and the registers are kept here.",
                "lines", default=None, placeholder=["[Street address]", "[Town]"]),
            Question(
                "society.registered_office.postcode", "And its postcode?",
                lambda a: "The postcode of the registered office, e.g."
                f" '{_EXAMPLE[_nation(a)][1]}'.",
                "text", default=None, placeholder="ZZ99 9ZZ"),
            Question(
                "society.financial_year_end", "When does the financial year end?",
                "A day and a month, e.g. '31 March', which suits co-ops paid mostly by"
                " councils and the NHS. The annual return to the FCA is due within 7 months"
                " of this date.",
                "text", default="31 March"),
            Question(
                "objects.services", "What care and support will the co-op provide?",
                "Each service completes 'to provide ...'. Separate them with semicolons,"
                " e.g. 'personal care and support at home; breaks for family carers'.",
                "list", default=["personal care and support at home for people who need it",
                                 "support and breaks for family carers"]),
            Question(
                "objects.area", "Which area will it serve?",
                lambda a: f"Completes 'in ...', e.g. '{_EXAMPLE[_nation(a)][2]}'.",
                "text", default=None, placeholder="[the area the co-op serves]"),
            Question(
                "objects.community_benefit", "Who in the community will benefit, and how?",
                "A community benefit society must say whom it runs for. Completes 'for the"
                " benefit of ...'.",
                "text", when=is_cbs,
                default="people in the area who need care and support, and their families"
                        " and carers"),
            Question(
                "purpose.mission", "Would you like to add a sentence about your mission?",
                "Optional. A sentence in your own words, added to the purpose rule. Leave"
                " it empty to skip.",
                "optional_text", default=None),
        ),
    ),
    Section(
        "Who can be a member",
        "A care co-op's members are the people it serves and the people who do the work,"
        " with room for the wider community.",
        (
            Question(
                "_investors", "Will some members join mainly to invest money in the co-op?",
                "Investor members buy shares to help fund the co-op without using or working"
                " in its services. In a co-operative society they never control it: they"
                " may get interest at a capped rate, never a share of surplus.",
                "bool", default=False),
            Question(
                "voting.system", "How should votes at general meetings be counted?",
                "One member, one vote is the co-operative tradition. Weighted by class lets"
                " you fix each group's share of every decision, so that, say, people"
                " receiving care always count for 40% however many workers join.",
                "select", choices=_voting_systems),
            Group(
                "member_classes", "member class", "member classes", "Add another member class?",
                "Each class says who may join. 'User' classes are for people who receive"
                " care, their carers and the workers: they must control the co-op.",
                (
                    Question("name", "What is the class called?",
                             "The name members will know it by, e.g. 'Care workers'.",
                             "text", default=None),
                    Question("eligibility", "Who may join it?",
                             "Completes 'A person may join this class if they ...'.",
                             "text", default=None),
                    Question("role", "Who are its members to the co-op?",
                             "This tells the checks and the score whose voice the rules"
                             " must protect.", "select", default="other", choices=_roles),
                    Question("user_class", "Do its members receive care, care for someone,"
                                           " or work in the service?",
                             "Yes makes it a user class. Supporters and investors are not.",
                             "bool", default=lambda a: _item(a).get("role") not in {
                                 "supporters", "investors"},
                             when=_role_is("other")),
                    Question("minimum_age", "How old must a member of this class be?",
                             "16 is usual; people receiving care may be younger if the"
                             " co-op supports young people.", "int", default=16),
                    Question("minimum_shares", "How many shares must each member hold?",
                             "1 is usual, so joining costs only the value of one share.",
                             "int", default=1),
                    Question("qualifying_weeks",
                             "How many weeks in the co-op (receiving care, caring or"
                             " working) before a person may join?",
                             "0 means straight away. For people receiving care, 8 weeks or"
                             " less keeps them in the decisions.", "int",
                             default=lambda a: 8 if _item(a).get("role") ==
                             "people_receiving_care" else 0),
                    Question("share_waived",
                             "May the co-op pay for, or waive, the share of a member of this"
                             " class who cannot afford it?",
                             "Recommended for people receiving care: the price of a share"
                             " must never keep them out.", "bool",
                             default=lambda a: _item(a).get("role") ==
                             "people_receiving_care"),
                    Question("ends_when_ineligible",
                             "Does membership end when a member stops being eligible (for"
                             " example when their care ends)?",
                             "Usually yes, after a grace period; investors usually stay"
                             " until their shares are repaid.", "bool",
                             default=lambda a: _item(a).get("role") != "investors"),
                    Question("grace_weeks", "How many weeks' grace before it ends?",
                             "Time to finish a term on the board or take part in a vote;"
                             " 12 is usual.", "int", default=12,
                             when=lambda a: _item(a).get("ends_when_ineligible") is True),
                    Question("board_seats.min",
                             "How many board seats must always go to this class?",
                             "Reserving seats for people receiving care and carers keeps"
                             " their voice on the board. 0 reserves none.", "int",
                             default=lambda a: 2 if _item(a).get("role") ==
                             "people_receiving_care" else 0),
                    Question("board_seats.max", "What is the most board seats this class may"
                                                " hold?",
                             "Limits non-user classes; leave empty for no limit of its own.",
                             "optional_int",
                             default=lambda a: None if _item(a).get("user_class", True)
                             else 1),
                    Question("may_requisition",
                             "May this class call a general meeting on its own?",
                             "10% of the class, or 10 of its members, can then make the"
                             " board call a meeting on business affecting the class, even if"
                             " other classes do not join in.", "bool",
                             default=lambda a: _item(a).get("role") != "investors"),
                    Question("vote_weight_pct",
                             "What share of every vote should this class count for, in per"
                             " cent?", "All the classes' shares add up to 100.", "decimal",
                             default=None, when=weighted),
                ),
                minimum=1, default=_usual_classes),
            Question("participation.advocate_route",
                     "May a family carer or advocate act for a member who lacks capacity?",
                     "Under a written appointment, always preferring the person's own voice"
                     " when they can give it. Without it, some people receiving care could"
                     " not take part at all.", "bool"),
            Question("participation.supported_decision_making",
                     "May members have a supporter help them understand and decide?",
                     "A supporter helps; the member still decides.", "bool"),
            Question("participation.easy_read",
                     "Will notices and papers be offered in easy read and other formats?",
                     "Recommended: papers people cannot read shut them out.", "bool"),
        ),
    ),
    Section(
        "How decisions are made",
        "General meetings are where members decide; the board runs the co-op between them.",
        (
            Question("general_meetings.notice_clear_days",
                     "How many clear days' notice of a general meeting?",
                     "14 clear days is usual: time to read the papers and arrange support.",
                     "int"),
            Question("general_meetings.agm_within_months",
                     "Within how many months after the year end is the AGM held?",
                     "6 months gives time for the accounts to be ready.", "int"),
            Question("general_meetings.quorum.minimum_members",
                     "What is the fewest members who make a quorum?",
                     "The quorum is this number or the percentage in the next question,"
                     " whichever is greater.", "int"),
            Question("general_meetings.quorum.percent_of_members",
                     "What percentage of members make a quorum?", "10 is usual.", "decimal"),
            Question("general_meetings.quorum.maximum_members",
                     "What is the most members a quorum can ever need?",
                     "However large the co-op grows, a meeting with this many members"
                     " present can go ahead; 25 is usual.", "int"),
            Question("general_meetings.requisition.members",
                     "How many members together may call a general meeting?",
                     "Members can make the board call a meeting: this number or the"
                     " percentage in the next question, whichever is fewer.", "int"),
            Question("general_meetings.requisition.percent_of_members",
                     "What percentage of members may call a general meeting?",
                     "10 is usual.", "decimal"),
            Question("general_meetings.electronic_attendance",
                     "May members attend and vote by video or phone?",
                     "Recommended: people receiving care and carers often cannot travel.",
                     "bool"),
            Question("general_meetings.extra_meetings_per_year",
                     "Besides the AGM, how many members' forums a year?",
                     "Open meetings where members hear how the co-op is doing and question"
                     " the board. They decide nothing, but the board must answer them;"
                     " 3 is good practice.", "int", default=3),
            Question("general_meetings.quorum.min_per_user_class",
                     "How many members of each user class must be present for a quorum?",
                     "1 makes sure no decision is taken without the people the co-op"
                     " serves. 0 drops the requirement.", "int"),
            Question("voting.non_user_cap_pct",
                     "What is the most that supporters and investors together may count for"
                     " in a vote, in per cent?",
                     "In a co-operative society they must never control it: 25 at most, 10"
                     " is better. Leave empty for no cap.", "optional_decimal",
                     default=Decimal("10"), when=_has_non_users),
            Question("voting.class_consent",
                     "Which decisions also need each affected class's own majority?",
                     "Stops a majority made of other classes from, say, stripping people"
                     " receiving care of their rights.", "multi", choices=_consent_matters),
            Question("voting.postal_and_electronic",
                     "May members vote by post or online before a meeting?",
                     "Recommended: members who cannot come to a meeting, because of ill health,"
                     " caring or shifts, can still vote.", "bool"),
            Question("voting.proxies.allowed", "May a member appoint a proxy to vote for them?",
                     "A proxy lets someone a member trusts vote for them.", "bool"),
            Question("voting.proxies.max_per_holder", "How many proxies may one person hold?",
                     "A small number (3 is usual) stops a few people gathering many votes.",
                     "int", when=_proxies),
            Question("voting.extraordinary_resolution_pct",
                     "What share of votes must an extraordinary resolution get?",
                     "Changing the rules and other grave decisions need this share of the"
                     " votes cast; 75 is usual.", "decimal"),
            Question("board.min_directors", "What is the smallest the board may be?",
                     lambda a: "The law needs at least 3; 5 or more lets each member class have"
                     " a voice." + (f" Your classes reserve {reserved_seats(a)} seats, so the"
                     " board must have at least that many." if reserved_seats(a) > 3 else ""),
                     "int", default=lambda a: max(5, reserved_seats(a))),
            Question("board.max_directors", "And the largest?",
                     "Big enough to include each member class, small enough to decide.",
                     "int"),
            Question("board.term_years", "How many years does a director serve per term?",
                     "3 years at most is good practice.", "int"),
            Question("board.max_consecutive_terms",
                     "How many terms in a row may a director serve?",
                     "A limit brings in new people; leave empty for no limit.",
                     "optional_int"),
            Question("board.max_coopted", "How many directors may the board co-opt?",
                     "Co-opted directors bring outside skills; they are never a majority.",
                     "int"),
            Question("board.minimum_age", "How old must a director be?", "18 is usual.",
                     "int"),
            Question("board.directors_paid", "May directors be paid for serving as directors?",
                     "Most care co-ops pay expenses only; staff are paid for their jobs,"
                     " not for being directors.", "bool"),
            Question("board.staff_directors_max_pct",
                     "What is the largest share of the board that staff may hold, in per"
                     " cent?", lambda a: "A charity's directors are its trustees: 0 keeps"
                     " staff off the board, as charity law expects." if is_charitable(a)
                     else "Keeps the board answerable to all members; 50 is usual."
                     " Leave empty for no limit.", "optional_decimal",
                     default=_staff_directors_default),
            Question("_council", "Will the members elect a members' council?",
                     "A council of members elected by each class, with people receiving care"
                     " holding half of the seats, advises the board, receives its reports"
                     " and calls it to account at the AGM. It suits a co-op with hundreds of"
                     " members. coopfound gives each other class 2 seats and people"
                     " receiving care as many as all the others; change them in coop.yaml"
                     " under council.seats.", "bool", default=False),
            Question("council.appoints_directors",
                     "How many directors should the council appoint?",
                     "0 keeps the council to advice and scrutiny. It may appoint at most half"
                     " of the smallest board; the members elect the rest.", "int",
                     when=wants_council),
            Question("council.term_years", "How many years does a councillor serve?",
                     "2 is usual.", "int", when=wants_council),
        ),
    ),
    Section(
        "Money and shares",
        "Every member holds at least one share. However many shares a member holds, they"
        " still have one vote.",
        (
            Question("shares.value", "What is the value of one share, in pounds?",
                     "£1 keeps membership open to everyone.", "decimal"),
            Question("shares.withdrawable", "May members withdraw shares and be repaid?",
                     "Needed for investor shares. The board can always refuse or delay"
                     " withdrawals to protect the co-op.",
                     "bool", default=has_investors),
            Question("shares.withdrawal_notice_days",
                     "How many days' notice must a member give to withdraw shares?",
                     "90 days is usual.", "int", when=_withdrawable),
            Question("shares.maximum_holding",
                     "What is the most a member may hold in shares, in pounds?",
                     "With one £1 share each, £1 means no member may buy more. Raise it if"
                     " members may put in more money (community shares): the Act caps"
                     " withdrawable shares at £100,000 a member.",
                     "decimal", default=_maximum_holding),
            Question("shares.transferable", "May members transfer shares to someone else?",
                     "Usually not: shares stay with the co-op.", "bool"),
            Question("shares.interest.paid", "May interest be paid on investor shares?",
                     "Only enough to attract and keep the money, never a share of surplus.",
                     "bool", when=has_investors),
            Question("shares.interest.max_rate_pct",
                     "What is the highest yearly interest rate, in per cent?",
                     "3 is a common cap.", "decimal", default=Decimal("3"),
                     when=lambda a: has_investors(a) and a.get("shares.interest.paid") is True),
            Question("seal.has_seal", "Will the co-op have a common seal?",
                     "Not needed: documents can be signed instead.", "bool"),
            Question("borrowing.limit", "What is the most the co-op may borrow, in pounds?",
                     "A ceiling on borrowing protects members; the board stays within it.",
                     "decimal", default=Decimal("100000")),
            Question("borrowing.member_loan_interest_cap_pct",
                     "What is the highest interest on loans from members, in per cent?",
                     "Loans from members earn modest interest at most.", "decimal"),
            Question("borrowing.takes_deposits", "Will the co-op take deposits?",
                     "Usually not: deposits beyond small ones need banking permission.",
                     "bool"),
            Question("investment.permitted", "May the co-op invest money it does not need yet?",
                     "For example in a savings account or ethical investments.", "bool"),
            Question("investment.decided_by", "Who decides investments?",
                     "Either way, the members set the policy.", "select",
                     when=_investing, choices=_investment_deciders),
            Question("investment.ethical_policy", "Must investments follow an ethical policy?",
                     "The members approve the policy.", "bool", when=_investing),
            Question("audit.approach", "How will the accounts be audited?",
                     "The Act requires an audit unless the society is small enough for the"
                     " members to vote not to have one.", "select", choices=_audit_approaches),
        ),
    ),
    Section(
        "Looking after the co-op for the long term",
        "A care co-op is a steward: it keeps what it builds for the people who will need"
        " care in future.",
        (
            Question("profits.reserve_min_pct",
                     "What share of any surplus must always go to the indivisible reserve?",
                     "The reserve is never shared out; 30 per cent or more is good practice.",
                     "decimal"),
            Question("profits.community_fund",
                     "May surplus also go to community and co-operative development?",
                     "For example supporting other co-ops or local projects.", "bool"),
            Question("profits.patronage_return",
                     "May surplus be returned to user members in proportion to their use or"
                     " work?",
                     "Never by shares held. Not possible in a community benefit society.",
                     "bool", when=lambda a: not is_cbs(a)),
            Question("dissolution.asset_lock",
                     "If the co-op is ever wound up, what happens to what is left?",
                     "An asset lock keeps the co-op's wealth for care, not for the members"
                     " of the day.", "select", default=_asset_lock_default, choices=_asset_locks),
            Question("dissolution.recipient", "Who should receive what is left?",
                     lambda a: "Optional, e.g. 'a co-operative providing care in"
                     f" {_nation(a).capitalize()}'. Leave it empty to let the members decide"
                     " at the time.", "optional_text", default=None,
                     when=lambda a: a.get("dissolution.asset_lock") != "co_ownership"),
            Question("stewardship.entrenched_purpose",
                     "Should the purpose be changeable only by the entrenched procedure?",
                     "Recommended: the purpose (quality, affordable care for present and"
                     " future users) then needs 90% at two meetings to change.", "bool"),
            Question("stewardship.board_duty",
                     "Should the board have a duty to keep the co-op viable and its care safe"
                     " for future users?", "The steward's duty, written into the rules.",
                     "bool"),
            Question("stewardship.social_account",
                     "Should the board report each year on how the purpose was served?",
                     "A social account, presented at the AGM.", "bool"),
            Question("stewardship.service_user_feedback",
                     "Should that report include the feedback of people receiving care?",
                     "Success is judged by the people the co-op serves, not turnover.",
                     "bool", when=lambda a: a.get("stewardship.social_account", True) is True),
            Question("stewardship.care_quality_to_agm",
                     "Should the care regulator's findings be reported to the AGM?",
                     "Members should hear how the care was judged.", "bool"),
            Question("stewardship.member_training",
                     "Must the co-op offer members education and training?",
                     "Members can only control what they understand.", "bool"),
            Question("stewardship.director_induction",
                     "Must every new director take an induction?",
                     "New directors learn their duties before they decide.", "bool"),
        ),
    ),
    Section(
        "Founding members and officers",
        "At least three founding members sign the application to register the co-op.",
        (
            Group(
                "founding_members", "founding member", "founding members",
                "Add another founding member?",
                "The Act needs at least three founding members to register.",
                (
                    Question("name", "Founding member's full name?",
                             "As it will appear in the register of members.", "text",
                             default=None),
                    Question("address", "Their postal address, on one line?",
                             "The register of members records each member's address.",
                             "text", default=None),
                    Question("member_class", "Which member class will they join?",
                             "Each member belongs to one class.",
                             "select", default=None, choices=_founder_classes),
                ),
                minimum=3, default=_placeholder_founders, default_is_placeholder=True),
            Question("founding_meeting_date", "When will the founding meeting be?",
                     "A date like 15 March 2027 or 15/03/2027. The founding pack's timeline and"
                     " calendar count from it; leave it empty if you do not know yet.",
                     "optional_date", default=None),
            Question("_secretary", "Who will be the first secretary?",
                     "The secretary keeps the registers and deals with the FCA. They sign the"
                     " application with three members.", "select", default=0,
                     choices=_secretaries),
            Question("secretary.name", "The secretary's full name?",
                     "The secretary need not be a member.", "text", default=None,
                     when=lambda a: a.get("_secretary") == SOMEONE_ELSE,
                     placeholder="[Name of the secretary]"),
            Question("secretary.address", "The secretary's postal address, on one line?",
                     "Recorded in the register of officers.", "text", default=None,
                     when=lambda a: a.get("_secretary") == SOMEONE_ELSE,
                     placeholder="[Address of the secretary]"),
        ),
    ),
)


def all_items() -> list[tuple[Section, Item]]:
    return [(section, item) for section in SECTIONS for item in section.items]
