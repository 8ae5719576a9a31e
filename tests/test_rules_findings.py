"""The traps an independent co-operative lawyer found in the rules (issue 12), each rendered
from a spec and read as the rule a founder would sign."""

from __future__ import annotations

import copy
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ENGLAND, ROOT, SCOTLAND, WALES

from coopfound.rules.rulebook import ORDERS, Rulebook, build_rulebook
from coopfound.spec.model import Spec
from coopfound.templating.packs import builtin_pack

CHARITABLE = ROOT / "examples" / "england-charitable-community.yaml"
COUNCIL = ROOT / "examples" / "england-members-council.yaml"


def data_of(path: Any) -> dict[str, Any]:
    return copy.deepcopy(yaml.safe_load(path.read_text(encoding="utf-8")))


def books(data: dict[str, Any]) -> tuple[Rulebook, Rulebook]:
    spec = Spec.model_validate(data)
    rules = build_rulebook(spec, builtin_pack())
    orders = build_rulebook(spec, builtin_pack(), ORDERS, rules=rules)
    assert not rules.broken_references + orders.broken_references
    return rules, orders


def paragraphs(book: Rulebook) -> dict[str, str]:
    """Each labelled paragraph's whole text (items and quoted lines included), by
    "clause.label", as a reader sees it."""
    found: dict[str, str] = {}
    for clause in book.clauses():
        for paragraph in clause.paragraphs:
            text = " ".join([paragraph.text, *(i.text for i in paragraph.items),
                             *paragraph.quote])
            found[f"{clause.id}.{paragraph.label}"] = text
            for item in paragraph.items:
                if item.label:
                    found[f"{clause.id}.{paragraph.label}.{item.label}"] = item.text
    return found


def rules_of(data: dict[str, Any]) -> dict[str, str]:
    return paragraphs(books(data)[0])


def whole_text(data: dict[str, Any]) -> str:
    rules, orders = books(data)
    return " ".join([*paragraphs(rules).values(), *paragraphs(orders).values()])


WALES_RULES = rules_of(data_of(WALES))


# 1. An absent class never blocks the society; the quorum stops growing.
def test_adjourned_meeting_needs_no_particular_class_and_may_change_ordinary_rules() -> None:
    adjourned = WALES_RULES["quorum.adjournment"]
    assert "whatever their classes" in adjourned
    assert "including an extraordinary resolution" in adjourned
    # An entrenched change there needs the full minimum number, not the reduced quorum.
    assert "an entrenched-rule resolution only if at least 6 members are present" in adjourned
    assert "never more than 25" in WALES_RULES["quorum.quorum"]


def test_the_quorum_ceiling_is_the_founders_choice() -> None:
    data = data_of(WALES)
    data["general_meetings"]["quorum"]["maximum_members"] = 40
    assert "never more than 40" in rules_of(data)["quorum.quorum"]


# 2. The board can hand back a loss-making contract after consulting.
def test_board_may_end_a_contract_for_financial_reasons_after_consulting() -> None:
    contracts = WALES_RULES["board_powers.contracts"]
    assert "including for financial reasons" in contracts
    assert "consults" in contracts and "members of their class" in contracts
    closing = WALES_RULES["board_powers.reserved"]
    assert "stopping all its care" in closing and "most of the area" in closing


# 3. Class consent: narrow triggers, and only user classes guard the core.
def test_a_capped_investor_class_has_no_veto_on_purpose_lock_or_dissolution() -> None:
    england = rules_of(data_of(ENGLAND))
    for matter in ("purpose", "asset_lock", "dissolution", "closing_a_service"):
        assert england[f"class_consent.decisions.{matter}"].endswith(": each user class;")
    assert "takes away or reduces a right" in england["class_consent.decisions.class_rights"]
    assert "each class whose rights" in england["class_consent.decisions.class_rights"]


@pytest.mark.parametrize("matter", ["purpose", "asset_lock", "dissolution",
                                    "closing_a_service", "charging_policy"])
def test_a_matter_left_out_of_class_consent_is_not_in_the_consent_rule(matter: str) -> None:
    data = data_of(ENGLAND)
    data["voting"]["class_consent"] = [m for m in data["voting"]["class_consent"] if m != matter]
    assert f"class_consent.decisions.{matter}" not in rules_of(data)
    assert f"class_consent.decisions.{matter}" in rules_of(data_of(ENGLAND))


# 4. Statutory resolutions count only votes the Act counts.
def test_statutory_resolutions_count_one_member_one_vote_in_person_or_proxy() -> None:
    act = rules_of(data_of(ENGLAND))["voting.act_counts"]
    assert "without weights or limits" in act
    assert "in person or by proxy" in act
    assert "advance votes do not count" in act


# 5. The share cap and the investing member agree; no dead interest text.
def test_membership_share_only_rules_say_nothing_of_interest_on_shares() -> None:
    text = " ".join(WALES_RULES.values())
    assert "however much it invests" not in text
    assert WALES_RULES["shares.interest"] == "The society pays no interest on shares."
    assert "including interest on loans and tax" in WALES_RULES["surplus.decision"]


def test_withdrawable_shares_with_interest_give_the_capped_rate() -> None:
    assert "never more than 3% a year" in rules_of(data_of(ENGLAND))["shares.interest"]


# 6. One member one vote is entrenched with its exceptions stated.
def test_entrenched_one_vote_rule_names_its_own_exceptions() -> None:
    england = rules_of(data_of(ENGLAND))
    one_vote = england["voting.one_vote"]
    assert "except as rule" in one_vote and "entrenched" in one_vote
    assert "except as rule" in WALES_RULES["voting.one_vote"]


# 7. Counting by class never reveals who receives care.
@pytest.mark.parametrize("path", [WALES, ENGLAND])
def test_votes_counted_by_class_are_confidential_ballots(path: Any) -> None:
    secret = rules_of(data_of(path))["voting.secret"]
    assert "confidential ballot" in secret
    assert "which class any member belongs to" in secret
    consent = rules_of(data_of(path))["class_consent.approval"]
    assert "confidential ballot" in consent


# 8. Advocates act only on the member's or the law's authority.
def test_advocates_come_from_the_member_or_the_law_never_the_board() -> None:
    text = " ".join(v for k, v in WALES_RULES.items() if k.startswith("supported_participation"))
    assert "The board never chooses an advocate" in text
    assert "lasting or enduring power of attorney or a deputyship" in text
    assert "agree to honour when the member can no longer" in text
    assert "never on a show of hands" in text
    assert "appointed by the board" not in text


# 9. Meetings the members want, and a requisition a class cannot abuse.
def test_members_forums_decide_nothing_and_class_requisition_is_bounded() -> None:
    forums = WALES_RULES["general_meetings.forums"]
    assert "members' forums" in forums and "decides nothing" in forums
    requisition = WALES_RULES["general_meetings.requisition"]
    assert "never fewer than three" in requisition and "12 months" in requisition


# 10. Loose ends.
def test_borrowing_ceiling_in_rules_working_limit_and_rate_in_standing_orders() -> None:
    rules, orders = books(data_of(WALES))
    limit = paragraphs(rules)["borrowing.limit"]
    assert "£150,000" in limit and "lower working limit" in limit
    assert "4%" not in " ".join(paragraphs(rules).values())
    order_text = " ".join(paragraphs(orders).values())
    assert "4%" in order_text and "£150,000" in order_text
    assert "does not lend money to members" in WALES_RULES["borrowing.no_member_loans"]


def test_asset_locked_body_is_defined_and_candour_binds_whatever_the_nation() -> None:
    for path in (WALES, SCOTLAND, ENGLAND):
        rules = rules_of(data_of(path))
        assert '"asset-locked body" means' in rules["interpretation.terms"]
        assert "whether or not the law requires it" in rules["board_powers.stewardship"]


# 11. The statutory asset lock is quoted, marked and kept apart.
def test_statutory_lock_is_a_marked_quotation_not_a_reference() -> None:
    rules, _ = books(data_of(SCOTLAND))
    quoted = [p for c in rules.clauses() for p in c.paragraphs if p.quote]
    assert len(quoted) == 1
    statutory = quoted[0]
    assert statutory.text.startswith("The following is statutory text")
    assert "Schedule 1" in statutory.text and "2006/264" in statutory.text
    # Until the words in force are confirmed, the quotation says plainly they must go in.
    assert statutory.quote[0].startswith("[The words of Schedule 1")
    assert "must be inserted here word for word" in statutory.quote[0]
    text = " ".join(rules_of(data_of(SCOTLAND)).values())
    assert "cannot be changed or removed at all" not in text


# 12. A resigning member is never trapped by unpaid shares.
def test_resignation_takes_effect_on_receipt_even_with_withdrawable_shares() -> None:
    resigning = rules_of(data_of(ENGLAND))["ending_membership.resigning"]
    assert "takes effect when the secretary receives it" in resigning
    assert "whether or not the member's shares have yet been repaid" in resigning


# 13. One notice period; payouts on death; investment policy; interest consistent.
def test_class_meetings_share_the_general_meeting_notice_period() -> None:
    scotland = rules_of(data_of(SCOTLAND))
    assert "every meeting of a member class, needs at least 21 clear days" in \
        scotland["notice.period"]
    assert not re.search(r"\b14 clear days", " ".join(scotland.values()))


def test_death_payout_within_three_months_and_investment_by_policy() -> None:
    scotland = rules_of(data_of(SCOTLAND))
    assert "within three months" in scotland["death_and_bankruptcy.shares"]
    decides = scotland["investment.decides"]
    assert "investment policy by ordinary resolution" in decides
    assert "The board makes investments within that policy" in decides


# Charitable societies (new in issue 12).
def test_charitable_society_rules_are_charitable_throughout() -> None:
    rules = rules_of(data_of(CHARITABLE))
    assert "exclusively charitable" in rules["objects.services"]
    assert "pays no part of them to members" in " ".join(rules.values())
    assert "one or more charities" in rules["dissolution.assets"]
    assert "patronage" not in " ".join(rules.values())


# Members' council and combined seat limits (new in issue 12).
def test_council_rules_give_its_seats_and_powers_and_the_combined_limit() -> None:
    rules = rules_of(data_of(COUNCIL))
    council = " ".join(v for k, v in rules.items() if k.startswith("council."))
    assert "People receiving care: 6" in council and "Community supporters: 1" in council
    assert "appoints two directors" in rules["council.powers.appoints"]
    assert "The members' council appoints two of them" in rules["board.size"]
    assert "People receiving care and Family carers and friends together: at most 5" in \
        rules["board.seats"]


def test_every_paragraph_label_is_unique_in_every_example() -> None:
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        rules, orders = books(data_of(path))
        for book in (rules, orders):
            labels = [f"{c.id}.{p.label}" for c in book.clauses() for p in c.paragraphs
                      if p.label]
            assert len(labels) == len(set(labels)), path.name


def test_confirmed_statutory_words_are_quoted_exactly_and_cf126_goes_quiet(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """When the facts file holds confirmed words, the rules quote them line by line, exactly
    as recorded (ampersands and quotes included), dated, and check stops warning."""
    from coopfound.checks import legal
    from coopfound.checks.run import run_checks
    from coopfound.facts import StatutoryText
    from coopfound.rules import rulebook
    from coopfound.spec.loader import load_spec

    words = StatutoryText(
        title="Schedule 1 to the Regulations", source="https://example.org/sch1",
        confirmed=True, version="1 April 2025", why_unconfirmed="",
        lines=("1. The society's assets & income \"may not\" be used <except> as follows.",
               "2. A second paragraph."))
    monkeypatch.setattr(rulebook, "statutory_text", lambda name: words)
    monkeypatch.setattr(legal, "statutory_text", lambda name: words)
    rules, _ = books(data_of(SCOTLAND))
    statutory = next(p for c in rules.clauses() for p in c.paragraphs if p.quote)
    assert statutory.quote == list(words.lines)
    assert "as in force on 1 April 2025" in statutory.text
    report = run_checks(load_spec(SCOTLAND), builtin_pack())
    assert "CF126" not in {f.code for f in report.findings}
    monkeypatch.undo()
    report = run_checks(load_spec(SCOTLAND), builtin_pack())
    assert "CF126" in {f.code for f in report.findings}


def test_every_document_about_the_rules_says_the_statutory_words_must_go_in(
        tmp_path: Path) -> None:
    from conftest import run_cli
    assert run_cli("render", SCOTLAND, "-o", tmp_path / "scotland").exit_code == 0
    for document in ("rules.md", "letters/fca-covering-letter.md",
                     "meetings/founding-meeting-agenda.md",
                     "meetings/founding-meeting-minutes.md", "registration/checklist.md"):
        text = (tmp_path / "scotland" / document).read_text(encoding="utf-8")
        assert "Schedule 1" in text, document
        # the minutes record that the words were in the rules adopted, and who checked them
        assert re.search(r"insert|checked by", text), document
    assert run_cli("render", WALES, "-o", tmp_path / "wales").exit_code == 0
    assert "2006 Regulations" not in " ".join(
        p.read_text(encoding="utf-8") for p in (tmp_path / "wales").rglob("*.md"))


# Second review (issue 12): what a co-operative lawyer found in the rewritten rules.
def test_one_member_never_carries_a_whole_class_under_weighted_votes() -> None:
    from coopfound.control.counting import share_for

    spec = Spec.model_validate(data_of(ENGLAND))  # weights 45 / 45 / 10
    # One person receiving care against, 100 care workers for: the single vote counts for
    # a fifth of its class's weight, so the workers' class carries the day.
    lone = share_for(spec, {"people_receiving_care": (0, 1), "care_workers": (100, 0)})
    assert lone is not None and abs(lone - Decimal(45) * 100 / Decimal(9 + 45)) < Decimal("1e-9")
    full = share_for(spec, {"people_receiving_care": (0, 5), "care_workers": (100, 0)})
    assert full == 50  # five voters: the full weight, an exact tie
    rules = rules_of(data_of(ENGLAND))
    assert "at least five of its members vote" in rules["voting.weighted_count"]
    assert "members of at least two classes vote for it" in rules["voting.weighted_count"]


def test_worked_example_reads_an_exact_tie_as_a_fail() -> None:
    _, orders = books(data_of(COUNCIL))
    example = paragraphs(orders)["counting_weighted.example"]
    assert "In all, 50% of the votes cast are for the resolution, so it fails" in example
    assert "exactly half is not more than half" in example


def test_board_may_close_care_to_stay_solvent_and_reports_it() -> None:
    urgent = rules_of(data_of(COUNCIL))["board_powers.urgent"]
    assert "able to pay its debts as they fall due" in urgent
    assert "national minimum wage" in urgent  # charging policy is reserved in this example
    assert "national minimum wage" not in WALES_RULES["board_powers.urgent"]


def test_dissolution_is_signed_not_voted_and_only_legal_authority_signs_for_a_member() -> None:
    act = WALES_RULES["voting.act_counts"]
    assert "instrument of dissolution for a member" in act
    assert "consent to an instrument of dissolution)" not in act


def test_charity_trustees_are_never_staff_and_benefit_only_as_the_rules_allow() -> None:
    rules = rules_of(data_of(CHARITABLE))
    assert rules["board.staff"].startswith("No one who is paid by the society")
    assert "user majority prevails" not in rules["board.composition"]
    assert "A director who also works for the society" not in rules["directors_pay.pay"]
    assert "same terms as anyone else" in rules["directors_pay.trustee_benefit"]
    assert "charitable objects" in rules["objects.charitable_only"]
    assert "for developing co-operatives" not in " ".join(rules.values())


def test_the_council_starts_works_and_answers_for_its_directors() -> None:
    rules = rules_of(data_of(COUNCIL))
    assert "within six months after the society is registered" in rules["council.first"]
    assert "never fewer than three" in rules["council.limits"]
    assert "members' council removes a director it appointed" in rules["leaving_the_board.ends"]
    assert "same limit on terms in a row" in rules["board_elections.first"]


def test_adjourned_quorum_is_half_the_minimum_never_below_three() -> None:
    assert "At the adjourned meeting, 3 members" in WALES_RULES["quorum.adjournment"]  # 6
    assert "At the adjourned meeting, 5 members" in \
        rules_of(data_of(COUNCIL))["quorum.adjournment"]  # minimum 10


def test_the_lint_sample_of_protections_has_exactly_the_keys_templates_get() -> None:
    from coopfound.control.protections import template_data
    from coopfound.lint.contexts import _PROTECTIONS

    for path in (WALES, ENGLAND, COUNCIL):
        assert set(template_data(Spec.model_validate(data_of(path)))) == set(_PROTECTIONS)


WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*")


def _vocabulary() -> set[str]:
    """Every word the templates, the facts and the examples contain, as written."""
    sources = [*(ROOT / "templates" / "rules").rglob("*.j2"),
               *(ROOT / "templates" / "rules").rglob("*.yaml"), ROOT / "coopfound" / "data" /
               "facts.yaml", *(ROOT / "examples").glob("*.yaml"),
               *(ROOT / "coopfound" / "control").glob("*.py"),
               ROOT / "coopfound" / "facts.py", ROOT / "coopfound" / "rules" / "rulebook.py"]
    words: set[str] = set()
    for source in sources:
        if source.is_file():
            words.update(w.lower() for w in WORD.findall(source.read_text(encoding="utf-8")))
    return words | set("abcdefghijklmnopqrstuvwxyz")  # item letters: rule 27.1(d)


@pytest.mark.parametrize("example", sorted((ROOT / "examples").glob("*.yaml")),
                         ids=lambda p: p.stem)
def test_no_label_or_word_run_together_leaks_into_the_text(example: Path) -> None:
    """A Jinja tag at a line's end eats the newline: a paragraph then swallows the next
    one's @label, or two words run together ("threemembers"). Every word of the rendered
    rules and standing orders must be a word some source contains."""
    vocabulary = _vocabulary()
    rules, orders = books(data_of(example))
    text = " ".join([*paragraphs(rules).values(), *paragraphs(orders).values()])
    assert "@" not in text
    unknown = sorted({w for w in WORD.findall(text) if w.lower() not in vocabulary})
    assert not unknown, unknown


def test_welsh_rules_are_short_enough_to_read_before_a_founding_meeting(
        tmp_path: Path) -> None:
    """Issue 12's target: the Welsh example's rules.md under 11,000 words, with the
    procedure a founder chose moved to the standing orders, not dropped."""
    from conftest import run_cli
    assert run_cli("render", WALES, "-o", tmp_path / "out").exit_code == 0
    rules = (tmp_path / "out" / "rules.md").read_text(encoding="utf-8")
    orders = (tmp_path / "out" / "standing-orders.md").read_text(encoding="utf-8")
    assert len(rules.split("\n---\n", 1)[1].split()) < 11_000
    assert "£150,000" in orders and "4%" in orders  # the borrowing limit and loan rate


@pytest.mark.parametrize("example", sorted((ROOT / "examples").glob("*.yaml")),
                         ids=lambda p: p.stem)
def test_the_entrenched_list_in_the_rules_is_the_one_amend_reads(example: Path) -> None:
    """One source of truth: the rule on changing the rules lists exactly the paragraphs
    `control.protections.entrenched_rules` gives, which `amend` uses to pick a procedure."""
    from coopfound.annual.measure import rule_numbers
    from coopfound.control.protections import entrenched_rules

    data = data_of(example)
    rules, _ = books(data)
    numbers = rule_numbers(rules)
    paragraph = next(p for c in rules.clauses() if c.id == "changing_rules"
                     for p in c.paragraphs if p.label == "entrenched")
    listed = {m.group(1) for item in paragraph.items
              for m in re.finditer(r"rule (\d+(?:\.\d+)?)", item.text)}
    listed.add(paragraph.number)  # "this paragraph"
    expected = {numbers[target] for target in entrenched_rules(Spec.model_validate(data))}
    assert listed == expected
