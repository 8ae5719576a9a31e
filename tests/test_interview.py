"""The interview's logic, driven by a scripted founder: what is asked, when, and what is written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import run_cli
from scripted_asker import Interrupt, ScriptedAsker, script

from coopfound.checks.run import run_checks
from coopfound.interview.answers import build_spec_data, complete
from coopfound.interview.drafts import load_draft, save_draft
from coopfound.interview.questions import SECTIONS, Group, all_items
from coopfound.interview.run import write_spec
from coopfound.interview.session import Interview
from coopfound.spec.fields import field_adapter
from coopfound.spec.loader import load_spec
from coopfound.spec.model import Spec
from coopfound.templating.packs import builtin_pack

LEGAL_FORM = "What kind of society will it be?"
NATION = "Which nation will the registered office be in?"
ENDING = "How should the name end?"
NAME = "What is the co-op's full name?"
INVESTORS = "Will some members join mainly to invest money in the co-op?"
INTEREST = "May interest be paid on investor shares?"
ASSET_LOCK = "If the co-op is ever wound up, what happens to what is left?"


def interview(asker: ScriptedAsker, answers: dict[str, Any] | None = None,
              saved: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    record = saved if saved is not None else []
    return Interview(dict(answers or {}), asker, lambda a: record.append(dict(a))).run()


def written(answers: dict[str, Any], tmp_path: Path) -> Spec:
    path = tmp_path / "coop.yaml"
    write_spec(path, build_spec_data(answers))
    loaded = load_spec(path)
    report = run_checks(loaded, builtin_pack())
    assert report.ok, [(f.code, f.message) for f in report.errors]
    return loaded.spec


def test_every_question_answers_a_real_spec_field_and_explains_itself() -> None:
    for _, item in all_items():
        fields = item.fields if isinstance(item, Group) else (item,)
        for question in fields:
            if isinstance(item, Group):
                field_adapter((item.key, 0, *question.key.split(".")))
            elif not question.key.startswith("_"):
                field_adapter(tuple(question.key.split(".")))
            assert question.help, f"{question.key} has no help text"
        assert item.help, f"{item.key} has no help text"
    assert [s.title for s in SECTIONS] == [
        "About your co-op", "Who can be a member", "How decisions are made",
        "Money and shares", "Looking after the co-op for the long term",
        "Founding members and officers"]


@pytest.mark.parametrize("nation", ["england", "wales", "scotland"])
@pytest.mark.parametrize("form", ["co_operative_society", "community_benefit_society"])
@pytest.mark.parametrize("investors", [False, True])
def test_defaults_make_a_spec_that_passes_check(nation: str, form: str, investors: bool,
                                                tmp_path: Path) -> None:
    answers = complete({"society.registered_office.nation": nation, "society.legal_form": form,
                        "_investors": investors}, placeholders=True)
    spec = written(answers, tmp_path)
    assert spec.society.registered_office.nation == nation


def test_accepting_the_suggestions_writes_a_sound_spec(tmp_path: Path) -> None:
    asker = ScriptedAsker(script())
    spec = written(interview(asker), tmp_path)
    assert spec.society.name == "Valley Care Co-operative Limited"
    assert [c.id for c in spec.member_classes] == [
        "people_receiving_care", "family_carers", "care_workers", "community_supporters"]
    assert [f.name for f in spec.founding_members] == ["Ann Jones", "Bilal Shah", "Carys Evans"]
    assert spec.secretary.name == "Ann Jones"
    assert spec.dissolution.asset_lock == "common_ownership"
    # Overall progress, the same measure all the way through.
    assert any(line.startswith("Part 1 of 6 · about 1 of ") for line in asker.said)
    parts = [line for line in asker.said if line.startswith("Part ")]
    assert parts[-1].startswith("Part 6 of 6 · about ")
    # The total moves only a little as answers open or close questions.
    totals = [int(line.rsplit(" of ", 1)[1].split()[0]) for line in parts]
    assert max(totals) - min(totals) <= 10, totals


def test_a_wrong_answer_is_explained_and_asked_again(tmp_path: Path) -> None:
    asker = ScriptedAsker(script({
        NAME: ["Valley Care Co-operative", "Valley Care Co-operative Limited"],
        "What is the value of one share, in pounds?": ["a pound", "1"],
        "And its postcode?": ["Hebden Bridge", "HX7 8AD"],
    }))
    spec = written(interview(asker), tmp_path)
    reasons = dict(asker.rejected)
    assert "does not end 'Limited'" in reasons[NAME]
    assert not any("(CF" in reason for _, reason in asker.rejected)  # no codes for founders
    assert "with no £" in reasons["What is the value of one share, in pounds?"]
    assert "not a UK postcode" in reasons["And its postcode?"]
    assert spec.society.name == "Valley Care Co-operative Limited"


def test_cyfyngedig_is_offered_only_in_wales() -> None:
    english = ScriptedAsker(script())
    interview(english)
    assert ENDING not in english.asked
    welsh = ScriptedAsker(script({NATION: ["wales"],
                                  NAME: ["Gofal y Cwm Limited", "Gofal y Cwm Cyfyngedig"]}))
    answers = interview(welsh)
    assert ENDING in welsh.asked
    assert answers["society.name"] == "Gofal y Cwm Cyfyngedig"
    assert welsh.rejected == [(NAME, "you chose to end the name 'Cyfyngedig': end it with"
                                     " that word")]


def test_investor_questions_only_with_an_investor_class(tmp_path: Path) -> None:
    plain = ScriptedAsker(script())
    interview(plain)
    assert INTEREST not in plain.asked
    investing = ScriptedAsker(script({INVESTORS: [True], INTEREST: [True]}))
    spec = written(interview(investing), tmp_path)
    assert INTEREST in investing.asked
    assert "investors" in [c.id for c in spec.member_classes]
    assert spec.shares.withdrawable and spec.shares.interest.max_rate_pct == 3


def test_asset_lock_choices_fit_the_legal_form() -> None:
    coop = ScriptedAsker(script())
    interview(coop)
    assert coop.choices_seen[ASSET_LOCK] == ["common_ownership", "co_ownership"]
    cbs = ScriptedAsker(script({LEGAL_FORM: ["community_benefit_society"],
                                NAME: ["Valley Community Care Limited"]}))
    answers = interview(cbs)
    assert cbs.choices_seen[ASSET_LOCK] == ["statutory", "common_ownership"]
    assert answers["dissolution.asset_lock"] == "statutory"
    assert "May surplus be returned to user members" not in " ".join(cbs.asked)


def test_member_classes_and_founders_repeat_as_needed(tmp_path: Path) -> None:
    asker = ScriptedAsker(script({
        "Member classes: 4. What next?": ["add", "done"],
        "What is the class called?": ["Volunteers"],
        "Who may join it?": ["volunteer with the society for at least 2 hours a month"],
        "Founding members: 3. What next?": ["add", "done"],
        "Founding member's full name?": ["Ann Jones", "Bilal Shah", "Carys Evans", "Dai Rees"],
        "Their postal address, on one line?": ["1 Mill Lane"] * 4,
        "Which member class will they join?": ["people_receiving_care", "care_workers",
                                               "family_carers", "volunteers"],
    }))
    spec = written(interview(asker), tmp_path)
    assert [c.id for c in spec.member_classes][-1] == "volunteers"
    assert [f.member_class for f in spec.founding_members] == [
        "people_receiving_care", "care_workers", "family_carers", "volunteers"]


def test_review_lets_the_founder_change_an_answer_and_rechecks_what_depends_on_it(
        tmp_path: Path) -> None:
    asker = ScriptedAsker(script({
        ASSET_LOCK: ["co_ownership", "statutory"],
        "Is everything right?": ["change", "write"],
        "Which part?": ["About your co-op"],
        "Which answer would you like to change?": ["society.legal_form"],
        LEGAL_FORM: ["co_operative_society", "community_benefit_society"],
        NAME: ["Valley Care Limited"],
    }))
    spec = written(interview(asker), tmp_path)
    assert spec.is_cbs and spec.dissolution.asset_lock == "statutory"
    assert any("no longer fits" in line for line in asker.said)
    assert any(line.startswith("\nYour answers:") for line in asker.said)


def test_every_answer_is_saved_as_it_is_given(tmp_path: Path) -> None:
    saved: list[dict[str, Any]] = []
    with pytest.raises(Interrupt):
        interview(ScriptedAsker(script(), interrupt_at="Which area will it serve?"),
                  saved=saved)
    last = saved[-1]
    assert last["society.name"] == "Valley Care Co-operative Limited"
    assert last["society.registered_office.postcode"] == "HX7 8AD"
    assert "objects.area" not in last
    draft = tmp_path / "coop.draft.yaml"
    save_draft(draft, last)
    resumed = ScriptedAsker(script())
    spec = written(interview(resumed, load_draft(draft)), tmp_path)
    assert NAME not in resumed.asked  # answered before the interruption
    assert "Which area will it serve?" in resumed.asked
    assert spec.objects.area == "Calderdale"


def test_an_interrupted_list_keeps_its_finished_items(tmp_path: Path) -> None:
    saved: list[dict[str, Any]] = []
    with pytest.raises(Interrupt):
        interview(ScriptedAsker(script(), interrupt_at="Founding member's full name?",
                                occurrence=3), saved=saved)
    partial = saved[-1]["_partial.founding_members"]
    assert [f["name"] for f in partial] == ["Ann Jones", "Bilal Shah"]
    draft = tmp_path / "coop.draft.yaml"
    save_draft(draft, saved[-1])
    resumed = ScriptedAsker(script({"Founding member's full name?": ["Carys Evans"],
                                    "Their postal address, on one line?": ["3 Mill Lane"]}))
    spec = written(interview(resumed, load_draft(draft)), tmp_path)
    assert resumed.asked.count("Founding member's full name?") == 1
    assert [f.name for f in spec.founding_members] == ["Ann Jones", "Bilal Shah", "Carys Evans"]


def test_init_answers_file_reproduces_an_example(tmp_path: Path) -> None:
    from conftest import EXAMPLES

    for example in EXAMPLES:
        out = tmp_path / f"{example.stem}.yaml"
        result = run_cli("init", "--answers", example, "--out", out)
        assert result.exit_code == 0, result.stderr
        assert load_spec(out).spec == load_spec(example).spec, example.name
        data = yaml.safe_load(out.read_text(encoding="utf-8"))
        assert list(data)[:3] == ["spec_version", "society", "purpose"]


def test_an_answer_half_way_through_a_founder_is_kept(tmp_path: Path) -> None:
    saved: list[dict[str, Any]] = []
    with pytest.raises(Interrupt):
        interview(ScriptedAsker(script(), interrupt_at="Their postal address", occurrence=2),
                  saved=saved)
    assert saved[-1]["_partial_item.founding_members"] == {"name": "Bilal Shah"}
    draft = tmp_path / "coop.draft.yaml"
    save_draft(draft, saved[-1])
    resumed = ScriptedAsker(script({"Founding member's full name?": ["Carys Evans"],
                                    "Their postal address, on one line?": [
                                        "2 Mill Lane, Hebden Bridge HX7 6AA",
                                        "3 Mill Lane, Hebden Bridge HX7 6AA"]}))
    spec = written(interview(resumed, load_draft(draft)), tmp_path)
    assert [f.name for f in spec.founding_members] == ["Ann Jones", "Bilal Shah", "Carys Evans"]


def test_the_review_shows_details_and_can_go_back(tmp_path: Path) -> None:
    asker = ScriptedAsker(script({"Is everything right?": ["change", "write"],
                                  "Which part?": ["back"]}), lines=200)
    interview(asker)
    review = next(line for line in asker.said if "Your answers:" in line)
    assert "Member classes: People receiving care, Family carers" in review
    assert "Founding members: Ann Jones, Bilal Shah, Carys Evans" in review
    assert "people_receiving_care" not in review and "closing_a_service" not in review
    assert "share(s)" not in review
    assert asker.asked.count("Is everything right?") == 2
    # Before moving on, the classes were shown as a table: who, how they join, votes, seats.
    table = next(line for line in asker.said if line.startswith("Suggested member classes"))
    assert "Class | Who joins | Votes | Board seats" in table
    assert "People receiving care (user class) | from age 16; 1 share" in table


def test_the_review_is_paged_to_fit_a_small_screen(tmp_path: Path) -> None:
    from coopfound.interview.session import review_pages

    answers = interview(ScriptedAsker(script()))
    pages = review_pages(answers, 20)
    assert len(pages) > 2 and all(len(page) <= 21 for page in pages)
    shown = "\n".join(line for page in pages for line in page)
    for section in ("About your co-op", "Founding members and officers"):
        assert section in shown
    assert shown.count("\n  ") >= 60  # every answer, a line each


def test_a_founder_at_fault_can_be_removed_instead_of_adding_more(tmp_path: Path) -> None:
    asker = ScriptedAsker(script({
        "Founding member's full name?": ["Ann Jones", "Ann Jones", "Bilal Shah",
                                         "Carys Evans"],
        "Their postal address, on one line?": ["1 Mill Lane, Hebden Bridge HX7 6AA"] * 2 + [
            "2 Mill Lane, Hebden Bridge HX7 6AA", "3 Mill Lane, Hebden Bridge HX7 6AA"],
        "What would you like to do with Ann Jones?": ["remove"],
    }))
    spec = written(interview(asker), tmp_path)
    assert [f.name for f in spec.founding_members] == ["Ann Jones", "Bilal Shah", "Carys Evans"]
    assert any(line.startswith("Not yet:") for line in asker.said)
    assert any(p.startswith("What would you like to do with Ann Jones?") for p in asker.asked)


@pytest.mark.parametrize(("typed", "expected"), [
    ("15 March 2027", "2027-03-15"), ("15/03/2027", "2027-03-15"),
    ("2027-03-15", "2027-03-15"), ("3rd April 2027", "2027-04-03")])
def test_dates_as_people_write_them(tmp_path: Path, typed: str, expected: str) -> None:
    asker = ScriptedAsker(script({"When will the founding meeting be?": ["31 June 2027",
                                                                          typed]}))
    spec = written(interview(asker), tmp_path)
    assert str(spec.founding_meeting_date) == expected
    assert "write a date, such as 15 March 2027" in dict(asker.rejected)[
        "When will the founding meeting be?"]


def test_a_suggested_class_can_be_changed_from_its_table(tmp_path: Path) -> None:
    asker = ScriptedAsker(script({
        "Member classes: 4. What next?": ["fix", "done"],
        "Which member class?": [0],
        "What would you like to do with People receiving care?": ["fix"],
        "What is the class called?": ["People we support"],
        "How many board seats must always go to this class?": ["3"],
    }))
    spec = written(interview(asker), tmp_path)
    first = spec.member_classes[0]
    assert (first.id, first.name, first.board_seats.min) == (
        "people_receiving_care", "People we support", 3)
    # Everything else about the class kept its value, offered as the default.
    assert first.share_waived is True and first.qualifying_weeks == 8
    table = [line for line in asker.said if line.startswith("Your member classes")]
    assert table and "People we support (user class)" in table[-1]
    assert "at least 3" in table[-1]
