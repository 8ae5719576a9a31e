"""The README is part of the product: its commands and files must exist and work."""

from __future__ import annotations

import re

from conftest import ROOT, run_cli

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_the_readme_uses_exists() -> None:
    blocks = "\n".join(re.findall(r"^```(?:sh)?\n(.*?)^```", README, re.MULTILINE | re.DOTALL))
    commands = set(re.findall(r"^coopfound ([a-z]+)", blocks, re.MULTILINE))
    assert commands, "the README shows no coopfound commands"
    for command in commands:
        assert run_cli(command, "--help").exit_code == 0, command


def test_every_example_the_readme_names_exists_and_passes() -> None:
    examples = set(re.findall(r"`(examples/[\w-]+\.yaml)`", README))
    assert len(examples) == 3
    for example in examples:
        assert run_cli("check", ROOT / example).exit_code == 0, example


def test_readme_gives_install_and_test_commands_that_ci_runs() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_command = "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/pytest"
    assert test_command in README and test_command in ci
    assert "pip install . && .venv/bin/coopfound render examples/" in README


def test_readme_says_it_is_not_legal_advice() -> None:
    assert "Not legal advice" in README


def test_every_check_code_in_the_readme_is_a_real_one() -> None:
    from coopfound.checks import CHECKS

    for code in re.findall(r"\bCF\d{3}\b", README):
        assert code in CHECKS, code
