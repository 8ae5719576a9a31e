"""The real interview in a real pseudo-terminal: answer, Ctrl-C, resume, finish.

questionary needs a terminal, so this drives `coopfound init` through pexpect the way a
founder would type, and reads the spec it writes.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pexpect
import pytest
import yaml
from conftest import WALES

from coopfound.spec.loader import load_spec

pytestmark = pytest.mark.slow

DOWN, ENTER, CTRL_C, CLEAR_LINE = "\x1b[B", "\r", "\x03", "\x15"


def spawn(tmp_path: Path, *args: str) -> pexpect.spawn:
    env = {**os.environ, "PROMPT_TOOLKIT_NO_CPR": "1", "TERM": "xterm", "NO_COLOR": "1"}
    child = pexpect.spawn(sys.executable, ["-m", "coopfound", "init", *args], cwd=str(tmp_path),
                          env=env, encoding="utf-8", timeout=30, dimensions=(40, 140))
    child.logfile_read = (tmp_path / "terminal.log").open("a", encoding="utf-8")
    return child


def finished(child: pexpect.spawn) -> int:
    child.expect(pexpect.EOF)
    child.close()
    child.logfile_read.close()
    return int(child.exitstatus if child.exitstatus is not None else -1)


def test_answer_interrupt_resume_finish(tmp_path: Path) -> None:
    # The founders have most answers in a file already; the interview asks the rest.
    data = yaml.safe_load(WALES.read_text(encoding="utf-8"))
    del data["society"]["name"], data["objects"]["area"], data["purpose"]
    answers = tmp_path / "answers.yaml"
    answers.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")

    child = spawn(tmp_path, "--answers", "answers.yaml", "--out", "coop.yaml")
    child.expect("How should the name end")
    child.send(ENTER)  # Cyfyngedig, the suggestion
    child.expect("full name")
    child.send("Gofal Tŷ'r Cwm Limited" + ENTER)
    child.expect("end it with that word")  # explained, and asked again in place
    child.send(CLEAR_LINE + "Gofal Tŷ'r Cwm Cyfyngedig" + ENTER)
    child.expect("Which area will it serve")
    child.send(CTRL_C)
    child.expect("saved in coop.draft.yaml")
    assert finished(child) == 130
    draft = (tmp_path / "coop.draft.yaml").read_text(encoding="utf-8")
    assert "Gofal Tŷ'r Cwm Cyfyngedig" in draft
    assert not (tmp_path / "coop.yaml").exists()

    child = spawn(tmp_path, "--resume", "--out", "coop.yaml")
    child.expect("Which area will it serve")  # the name is not asked again
    child.send("Dyffryn Conwy & Eryri" + ENTER)
    child.expect("mission")
    child.send(ENTER)  # optional: skipped
    # Enter walks through the review's pages and, on the last, writes the spec.
    while child.expect(["Is everything right", "passes the checks"]) == 0:
        child.send(ENTER)
    assert finished(child) == 0

    spec = load_spec(tmp_path / "coop.yaml").spec
    assert spec.society.name == "Gofal Tŷ'r Cwm Cyfyngedig"
    assert spec.objects.area == "Dyffryn Conwy & Eryri"
    assert spec.purpose.mission is None
    assert spec.member_classes == load_spec(WALES).spec.member_classes
    assert not (tmp_path / "coop.draft.yaml").exists()


def test_yes_no_takes_one_key(tmp_path: Path) -> None:
    data = yaml.safe_load(WALES.read_text(encoding="utf-8"))
    del data["participation"]
    answers = tmp_path / "answers.yaml"
    answers.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    child = spawn(tmp_path, "--answers", "answers.yaml", "--out", "coop.yaml")
    child.expect("act for a member who lacks")
    child.send("n")  # no Enter: the key is the answer, and the next question follows
    child.expect("supporter help them")
    child.send("yes")  # "es" must not spill into the next question
    child.expect("easy read")
    child.send("y")
    while child.expect(["Is everything right", "passes the checks"]) == 0:
        child.send(ENTER)
    assert finished(child) == 0
    participation = load_spec(tmp_path / "coop.yaml").spec.participation
    assert (participation.advocate_route, participation.supported_decision_making,
            participation.easy_read) == (False, True, True)
