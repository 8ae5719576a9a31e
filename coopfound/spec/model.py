"""The constitution spec (`coop.yaml`): typed, versioned, documented.

The models here are the single description of what a founder can choose. Every field
carries a description because the JSON Schema (`coopfound schema`) is built from them and
editors show those descriptions as the founder types.

Legal checks that look across fields (name endings, founder counts, asset locks that fit
the legal form) live in `coopfound.checks`, not here: a spec that breaks the law is still a
well-formed spec, and founders need to see *all* the problems with codes and fixes, not
the first validation error.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)

from coopfound.spec.limits import (
    CLASSES_MAX,
    FOUNDERS_MAX,
    LINE_MAX,
    LINES_MAX,
    NAME_MAX,
    TEXT_MAX,
)

#: The spec versions this release can read. A newer file gets a clear error, not a guess.
CURRENT_SPEC_VERSION = 1
KNOWN_SPEC_VERSIONS = frozenset({1})


class StrictModel(BaseModel):
    """Unknown keys are errors: a typo in `coop.yaml` must never be silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


def one_line(value: str) -> str:
    """Text that prints as typed in every document: no control characters (a tab, a line
    break, a NUL) and none of the private-use characters coopfound marks references with."""
    for character in value:
        if ord(character) < 32 or ord(character) == 127:
            raise ValueError("this holds a control character (a tab, a line break or an"
                             " invisible one); write it on one line, with plain spaces")
        if "\ue000" <= character <= "\uf8ff":
            raise ValueError("this holds a private-use character that shows as nothing or"
                             " a box in documents; retype it")
    return value


def folded(value: str) -> str:
    """Free text over several lines becomes one paragraph, as YAML's '>' would make it."""
    return one_line(" ".join(value.split()))


#: Free text (an eligibility rule, the mission); a name; one line (of an address, say).
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=TEXT_MAX),
                 AfterValidator(folded)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=NAME_MAX),
                 AfterValidator(one_line)]
Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=LINE_MAX),
                 AfterValidator(one_line)]
Identifier = Annotated[
    str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", min_length=2, max_length=40)
]
Money = Annotated[Decimal, Field(ge=0, decimal_places=2, max_digits=12)]
Percent = Annotated[Decimal, Field(ge=0, le=100, decimal_places=2)]


class Nation(StrEnum):
    england = "england"
    wales = "wales"
    scotland = "scotland"

    @property
    def display(self) -> str:
        return self.value.capitalize()


class LegalForm(StrEnum):
    co_operative_society = "co_operative_society"
    community_benefit_society = "community_benefit_society"

    @property
    def display(self) -> str:
        return {
            "co_operative_society": "co-operative society",
            "community_benefit_society": "community benefit society",
        }[self.value]


class AssetLock(StrEnum):
    statutory = "statutory"
    common_ownership = "common_ownership"
    co_ownership = "co_ownership"


class AuditApproach(StrEnum):
    qualified_auditor = "qualified_auditor"
    lay_auditors_when_small = "lay_auditors_when_small"
    members_may_disapply = "members_may_disapply"


class ClassRole(StrEnum):
    """What a member class's members are to the co-op: used by the checks and the score."""

    people_receiving_care = "people_receiving_care"
    family_carers = "family_carers"
    workers = "workers"
    volunteers = "volunteers"
    supporters = "supporters"
    investors = "investors"
    other = "other"


class VotingSystem(StrEnum):
    one_member_one_vote = "one_member_one_vote"
    weighted_classes = "weighted_classes"


class ConsentMatter(StrEnum):
    """Decisions that also need the agreement of a class, by its own majority."""

    purpose = "purpose"
    class_rights = "class_rights"
    asset_lock = "asset_lock"
    dissolution = "dissolution"
    closing_a_service = "closing_a_service"
    charging_policy = "charging_policy"


DEFAULT_CONSENT_MATTERS = (ConsentMatter.purpose, ConsentMatter.class_rights,
                           ConsentMatter.asset_lock, ConsentMatter.dissolution,
                           ConsentMatter.closing_a_service)


class InvestmentDecider(StrEnum):
    board = "board"
    general_meeting = "general_meeting"


# The shape of every UK postcode (Channel Islands included), not a list of real ones.
_POSTCODE = re.compile(r"^(GIR ?0AA|[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2})$", re.IGNORECASE)
_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_YEAR_END = re.compile(r"^\s*(\d{1,2})\s+([A-Za-z]+)\s*$")


class YearEnd(StrictModel):
    """A financial year end as a day and month, written in the spec as '31 March'."""

    day: int = Field(ge=1, le=31)
    month: int = Field(ge=1, le=12)

    @property
    def display(self) -> str:
        return f"{self.day} {calendar.month_name[self.month]}"


def parse_year_end(value: object) -> object:
    """Accept '31 March' (what a founder writes); leave anything else for pydantic to reject."""
    if not isinstance(value, str):
        return value
    match = _YEAR_END.match(value)
    if not match:
        raise ValueError("write the year end as a day and a month, like '31 March'")
    day, month_name = int(match.group(1)), match.group(2).lower()
    month = _MONTHS.get(month_name)
    if month is None:
        raise ValueError(f"'{match.group(2)}' is not a month; write it like '31 March'")
    # 29 February is refused: a year end must exist every year.
    last_day = calendar.monthrange(2023, month)[1]
    if not 1 <= day <= last_day:
        raise ValueError(f"{calendar.month_name[month]} has no day {day}")
    return {"day": day, "month": month}


def check_postcode(value: str) -> str:
    """A UK postcode, written the standard way: capitals, one space before the last three."""
    compact = re.sub(r"\s+", "", value).upper()
    if not _POSTCODE.match(compact):
        raise ValueError(f"'{value}' is not a UK postcode; write it like 'LL26 0EH'")
    return f"{compact[:-3]} {compact[-3:]}"


# Validators live in the types, not in model methods, so that the interview can check one
# answer with exactly the rules that `coopfound check` applies to the whole file.
Postcode = Annotated[Text, AfterValidator(check_postcode)]
YearEndText = Annotated[YearEnd, BeforeValidator(parse_year_end)]


class RegisteredOffice(StrictModel):
    address: list[Line] = Field(
        min_length=1, max_length=LINES_MAX,
        description="The address lines of the registered office, without the postcode.",
    )
    postcode: Postcode = Field(
        description="The postcode of the registered office, like 'LL26 0EH'.")
    nation: Nation = Field(
        description=(
            "The nation the registered office is in. It fixes the care regulator and, in"
            " Wales, allows the name to end 'Cyfyngedig'. The board may move the office"
            " only within this nation."
        )
    )


class Society(StrictModel):
    name: Name = Field(
        description=(
            "The registered name. It must end 'Limited', or 'Cyfyngedig' when the"
            " registered office is in Wales (s.10 of the 2014 Act)."
        )
    )
    legal_form: LegalForm = Field(
        description=(
            "co_operative_society: run for the mutual benefit of its members."
            " community_benefit_society: run for the benefit of the wider community."
            " A society cannot later switch between the two."
        )
    )
    registered_office: RegisteredOffice
    financial_year_end: YearEndText = Field(
        description="The last day of the financial year, like '31 March'."
    )
    charitable: bool = Field(
        default=False,
        description=(
            "Whether the society is a charity: a community benefit society whose objects are"
            " wholly charitable. Its assets then go only to charities, it cannot take the"
            " statutory asset lock, and it pays nothing to members. In Scotland it must also"
            " register with the Scottish Charity Regulator (OSCR)."
        ),
    )



class Objects(StrictModel):
    services: list[Line] = Field(
        min_length=1, max_length=LINES_MAX,
        description=(
            "The care and support services the society provides, in plain words, each"
            " completing 'to provide ...', e.g. 'personal care and support at home'."
        ),
    )
    area: Line = Field(
        description="The area served, completing 'in ...', e.g. 'the county of Conwy'."
    )
    community_benefit: Text | None = Field(
        default=None,
        description=(
            "For a community benefit society: who in the community benefits and how,"
            " completing 'for the benefit of ...'. Needed for that legal form only."
        ),
    )


class Purpose(StrictModel):
    mission: Text | None = Field(
        default=None,
        description="An optional sentence in the founders' own words, added to the purpose rule.",
    )


class SeatRange(StrictModel):
    min: int = Field(default=0, ge=0, le=20, description="The fewest seats.")
    max: int | None = Field(default=None, ge=0, le=20,
                            description="The most seats; null for no limit of its own.")


class MemberClass(StrictModel):
    id: Identifier = Field(
        description="A short identifier used elsewhere in the spec, e.g. 'care_workers'."
    )
    name: Name = Field(description="The name of the class as members know it.")
    eligibility: Text = Field(
        description=(
            "Who may join this class, completing 'A person may join this class if they ...'."
        )
    )
    user_class: bool = Field(
        description=(
            "True when members of this class use or work in the co-op's services (people"
            " receiving care, family carers, care workers). Non-user classes (supporters,"
            " investors) never control a co-operative society."
        )
    )
    minimum_age: int = Field(default=16, ge=0, le=25, description="The youngest age to join.")
    minimum_shares: int = Field(
        default=1,
        ge=1,
        description="How many shares a member of this class must hold.",
    )
    role: ClassRole = Field(
        default=ClassRole.other,
        description=(
            "What members of this class are to the co-op: people_receiving_care,"
            " family_carers, workers, volunteers, supporters, investors or other. The checks"
            " and the member-control score use it to find whose voice the rules protect."
        ),
    )
    qualifying_weeks: int = Field(
        default=0, ge=0, le=104,
        description="Weeks of receiving care, caring or working before a person may join.",
    )
    ends_when_ineligible: bool = Field(
        default=True,
        description="Whether membership ends when a member stops being eligible for the class.",
    )
    grace_weeks: int = Field(
        default=12, ge=0, le=52,
        description=(
            "Weeks a member keeps membership after eligibility ends (for example after care"
            " stops), to finish a term or take part in a vote."
        ),
    )
    share_waived: bool = Field(
        default=False,
        description=(
            "Whether the society may pay for, or waive, the shares of members of this class"
            " who cannot afford them: usual for people receiving care."
        ),
    )
    board_seats: SeatRange = Field(
        default_factory=lambda: SeatRange(),
        description="The fewest and most directors from this class.",
    )
    may_requisition: bool = Field(
        default=True,
        description=(
            "Whether this class's members may by themselves make the board call a general"
            " meeting on business affecting the class (10% of the class, or 10 of its"
            " members, whichever is fewer)."
        ),
    )
    vote_weight_pct: Percent | None = Field(
        default=None,
        description=(
            "With weighted_classes voting: the share of every general-meeting vote this"
            " class's votes count for together. The weights of all classes add up to 100."
        ),
    )


class ShareInterest(StrictModel):
    paid: bool = Field(default=False, description="Whether interest may be paid on shares.")
    max_rate_pct: Percent | None = Field(
        default=None,
        description=(
            "The highest yearly interest rate, in per cent. Needed when interest is paid:"
            " no more than is needed to attract and keep the capital."
        ),
    )


class Shares(StrictModel):
    value: Annotated[Decimal, Field(gt=0, decimal_places=2, max_digits=12)] = Field(
        default=Decimal("1"),
        description="The value of one share, in pounds: more than 0 (usually 1).")
    maximum_holding: Money = Field(
        description=(
            "The largest value of shares any one member may hold, in pounds (s.24)."
            " At most 100000 when shares are withdrawable."
        )
    )
    withdrawable: bool = Field(
        description="Whether members may withdraw shares and be repaid their value."
    )
    withdrawal_notice_days: int = Field(
        default=90,
        ge=0,
        le=730,
        description="The notice a member gives to withdraw shares, in days.",
    )
    transferable: bool = Field(
        default=False,
        description="Whether shares may be transferred to another person (with board consent).",
    )
    interest: ShareInterest = Field(default_factory=ShareInterest)


class Proxies(StrictModel):
    allowed: bool = Field(default=True, description="Whether a member may vote by proxy.")
    max_per_holder: int = Field(
        default=3, ge=1, le=20, description="The most proxies one person may hold."
    )


class Voting(StrictModel):
    system: VotingSystem = Field(
        default=VotingSystem.one_member_one_vote,
        description=(
            "one_member_one_vote: every member's vote counts the same. weighted_classes:"
            " each member votes once within their class, and each class's votes count for"
            " the share set by its vote_weight_pct."
        ),
    )
    non_user_cap_pct: Percent | None = Field(
        default=None,
        description=(
            "The most that all non-user classes (supporters, investors) together may count"
            " for in a general-meeting vote, in per cent; their votes are scaled down to"
            " fit. Null for no cap."
        ),
    )
    class_consent: list[ConsentMatter] = Field(
        default_factory=lambda: list(DEFAULT_CONSENT_MATTERS),
        description=(
            "Decisions that also need, in each member class affected, a majority of that"
            " class's votes: purpose, class_rights, asset_lock, dissolution,"
            " closing_a_service, charging_policy."
        ),
    )
    proxies: Proxies = Field(default_factory=Proxies)
    postal_and_electronic: bool = Field(
        default=True,
        description="Whether members may vote by post or electronically before a meeting.",
    )
    extraordinary_resolution_pct: Percent = Field(
        default=Decimal("75"),
        description=(
            "The share of votes cast that an extraordinary resolution (rule changes,"
            " expulsion, large disposals) needs, in per cent. Called 'extraordinary' so it"
            " is not confused with the Act's own 'special resolution' procedures."
        ),
    )


class Quorum(StrictModel):
    minimum_members: int = Field(
        default=3, ge=2, description="The fewest members present for a quorum."
    )
    maximum_members: int = Field(
        default=25, ge=2, le=500,
        description=(
            "The most members a quorum can ever need, however large the society grows, so"
            " that a growing membership never makes meetings impossible to hold."
        ),
    )
    min_per_user_class: int = Field(
        default=1, ge=0, le=5,
        description=(
            "Members of each user class (that has members) who should be present. If a"
            " class is missing, the meeting is adjourned once; the adjourned meeting needs no"
            " particular class, so an absent class can never block the society."
        ),
    )
    percent_of_members: Percent = Field(
        default=Decimal("10"),
        description="The quorum as a share of all members; the greater of the two applies.",
    )


class Requisition(StrictModel):
    members: int = Field(
        default=50, ge=2, description="How many members may together call a general meeting."
    )
    percent_of_members: Percent = Field(
        default=Decimal("10"),
        description="The same as a share of members; the smaller of the two applies.",
    )


class GeneralMeetings(StrictModel):
    notice_clear_days: int = Field(
        default=14, ge=7, le=60, description="Clear days' notice of a general meeting."
    )
    agm_within_months: int = Field(
        default=6,
        ge=1,
        le=12,
        description="The AGM is held within this many months after the financial year end.",
    )
    quorum: Quorum = Field(default_factory=Quorum)
    requisition: Requisition = Field(default_factory=Requisition)
    electronic_attendance: bool = Field(
        default=True, description="Whether members may attend and vote by video or phone."
    )
    extra_meetings_per_year: int = Field(
        default=0, ge=0, le=11,
        description=(
            "How many members' meetings (open forums where members hear how the society is"
            " doing, question the board and give their views) are held each year besides the"
            " AGM. They decide nothing themselves; the board must answer what they raise."
        ),
    )


class SeatLimit(StrictModel):
    """A limit on the seats that several classes hold together."""

    classes: list[Identifier] = Field(
        min_length=2, max_length=CLASSES_MAX,
        description="The ids of the member classes the limit counts together.",
    )
    max: int = Field(ge=0, le=20, description="The most seats they may hold together.")


class Council(StrictModel):
    """A members' council: members elected by the classes to hold the board to account
    between general meetings, with people receiving care in the majority."""

    seats: dict[Identifier, Annotated[int, Field(ge=0, le=20)]] = Field(
        description=(
            "How many councillors each member class elects, by class id. The classes of"
            " people receiving care should hold at least half of the seats."
        ),
    )
    term_years: int = Field(default=2, ge=1, le=4, description="How long a councillor serves.")
    appoints_directors: int = Field(
        default=0, ge=0, le=5,
        description=(
            "How many directors the council appoints from among the members; the rest are"
            " elected at the AGM. 0 when the council only advises and scrutinises."
        ),
    )


class Board(StrictModel):
    min_directors: int = Field(default=3, ge=3, description="The fewest directors.")
    max_directors: int = Field(default=12, ge=3, description="The most directors.")
    term_years: int = Field(default=3, ge=1, le=5, description="How long a director serves.")
    max_consecutive_terms: int | None = Field(
        default=3,
        ge=1,
        description="The most terms in a row a director may serve; null for no limit.",
    )
    max_coopted: int = Field(
        default=2,
        ge=0,
        description="The most directors the board may co-opt from outside the membership.",
    )
    minimum_age: int = Field(default=18, ge=16, le=25, description="The youngest age to serve.")
    directors_paid: bool = Field(
        default=False,
        description="Whether directors may be paid for serving as directors (not expenses).",
    )
    combined_seat_limits: list[SeatLimit] = Field(
        default_factory=list, max_length=CLASSES_MAX,
        description=(
            "Limits on the seats several classes hold together, such as 'people receiving"
            " care and family carers together hold at most 5'."
        ),
    )
    staff_directors_max_pct: Percent | None = Field(
        default=Decimal("50"),
        description=(
            "The largest share of the board that people employed by the society may hold;"
            " null for no limit."
        ),
    )


class Borrowing(StrictModel):
    limit: Money = Field(
        description=(
            "The most the society may owe at any time in borrowed money, in pounds: a"
            " ceiling written into the rules. The members may set a lower working limit in"
            " the standing orders."
        )
    )
    member_loan_interest_cap_pct: Percent = Field(
        default=Decimal("5"),
        description=(
            "The highest yearly interest on loans from members, in per cent, as first set in"
            " the standing orders; the members may change it there by ordinary resolution."
        ),
    )
    takes_deposits: bool = Field(
        default=False,
        description=(
            "Whether the society takes deposits. Only small deposits within s.67 of the Act"
            " are possible without banking permission."
        ),
    )


class Investment(StrictModel):
    permitted: bool = Field(
        default=True, description="Whether the society may invest funds it does not need now."
    )
    decided_by: InvestmentDecider = Field(
        default=InvestmentDecider.board,
        description="Who decides investments, within a policy the members approve.",
    )
    ethical_policy: bool = Field(
        default=True,
        description="Whether investments must follow an ethical policy approved by members.",
    )


class Audit(StrictModel):
    approach: AuditApproach = Field(
        default=AuditApproach.members_may_disapply,
        description=(
            "qualified_auditor: always appoint one. lay_auditors_when_small: two or more lay"
            " auditors while the society is small (s.83). members_may_disapply: members may"
            " resolve each year not to appoint an auditor where s.84 allows."
        ),
    )


class Profits(StrictModel):
    reserve_min_pct: Percent = Field(
        default=Decimal("30"),
        description="The least share of any surplus put into the indivisible reserve.",
    )
    community_fund: bool = Field(
        default=True,
        description="Whether surplus may go to community and co-operative development.",
    )
    patronage_return: bool = Field(
        default=False,
        description=(
            "Whether surplus may be returned to user members in proportion to their"
            " use of the co-op or their work in it. Never for a community benefit society."
        ),
    )


class Dissolution(StrictModel):
    asset_lock: AssetLock = Field(
        description=(
            "statutory: the statutory asset lock (community benefit societies only)."
            " common_ownership: what is left goes to a body with similar aims and its own"
            " asset lock. co_ownership: what is left is shared among members (allowed but"
            " discouraged by the co-operative principles)."
        )
    )
    recipient: Text | None = Field(
        default=None,
        description=(
            "Who receives what is left on dissolution, when that is not decided then,"
            " e.g. 'a co-operative providing care in Wales'."
        ),
    )


class Participation(StrictModel):
    """How the rules make sure every member, including the most vulnerable, can take part."""

    advocate_route: bool = Field(
        default=True,
        description=(
            "Whether a family carer or advocate may act for a member who lacks capacity to"
            " make a decision, under a written appointment."
        ),
    )
    supported_decision_making: bool = Field(
        default=True,
        description="Whether members may have a supporter help them understand and decide.",
    )
    easy_read: bool = Field(
        default=True,
        description="Whether notices and papers are offered in easy-read and other formats.",
    )


class Stewardship(StrictModel):
    """Running the co-op for the long haul, for the people who will need care in future."""

    entrenched_purpose: bool = Field(
        default=True,
        description="Whether the purpose rule can be changed only by the entrenched procedure.",
    )
    board_duty: bool = Field(
        default=True,
        description=(
            "Whether the board has a duty to keep the co-op viable and its care safe and good"
            " for present and future users."
        ),
    )
    social_account: bool = Field(
        default=True,
        description="Whether the board reports each year on how the purpose was served.",
    )
    service_user_feedback: bool = Field(
        default=True,
        description="Whether that report includes the feedback of people receiving care.",
    )
    care_quality_to_agm: bool = Field(
        default=True,
        description="Whether the care regulator's findings are reported to the AGM.",
    )
    member_training: bool = Field(
        default=True, description="Whether the co-op must offer members education and training."
    )
    director_induction: bool = Field(
        default=True, description="Whether every new director must take an induction."
    )


class Seal(StrictModel):
    has_seal: bool = Field(default=False, description="Whether the society has a common seal.")


class Person(StrictModel):
    name: Name
    address: Line = Field(description="Postal address on one line.")


class FoundingMember(Person):
    member_class: Identifier = Field(description="The id of the member class they join.")


class Spec(StrictModel):
    """A care co-operative's constitution, as chosen by its founders."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        json_schema_extra={"$id": "https://coopfound.example/schema/coop-1.json"},
    )

    spec_version: Literal[1] = Field(description="The version of this spec format.")
    society: Society
    purpose: Purpose = Field(default_factory=Purpose)
    objects: Objects
    member_classes: list[MemberClass] = Field(min_length=1, max_length=CLASSES_MAX)
    shares: Shares
    voting: Voting = Field(default_factory=Voting)
    general_meetings: GeneralMeetings = Field(default_factory=GeneralMeetings)
    board: Board = Field(default_factory=Board)
    borrowing: Borrowing
    investment: Investment = Field(default_factory=Investment)
    audit: Audit = Field(default_factory=Audit)
    profits: Profits = Field(default_factory=Profits)
    dissolution: Dissolution
    seal: Seal = Field(default_factory=Seal)
    council: Council | None = Field(
        default=None,
        description="A members' council, if the founders want one; leave out for none.",
    )
    participation: Participation = Field(default_factory=Participation)
    stewardship: Stewardship = Field(default_factory=Stewardship)
    founding_members: list[FoundingMember] = Field(
        max_length=FOUNDERS_MAX,
        description="The founders who sign the application: at least three."
    )
    secretary: Person = Field(description="The society's first secretary.")
    founding_meeting_date: date | None = Field(
        default=None, ge=date(2000, 1, 1), le=date(2099, 12, 31),
        description=(
            "The date of the founding meeting, like 2027-01-20. The founding pack's"
            " timeline and calendar count from it."
        ),
    )

    def member_class(self, class_id: str) -> MemberClass | None:
        return next((c for c in self.member_classes if c.id == class_id), None)

    @property
    def is_cbs(self) -> bool:
        return self.society.legal_form is LegalForm.community_benefit_society
