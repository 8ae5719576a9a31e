"""The README is part of the product: its commands and files must exist and work."""

from __future__ import annotations

import re

from conftest import EXAMPLES, ROOT, run_cli

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_the_readme_uses_exists() -> None:
    fenced = re.findall(r"^```(\w*)\n(.*?)^```", README, re.MULTILINE | re.DOTALL)
    blocks = "\n".join(body for language, body in fenced if language in ("", "sh"))
    commands = set(re.findall(r"^coopfound ([a-z]+)", blocks, re.MULTILINE))
    assert commands, "the README shows no coopfound commands"
    for command in commands:
        assert run_cli(command, "--help").exit_code == 0, command


def test_every_example_the_readme_names_exists_and_passes() -> None:
    examples = set(re.findall(r"`(examples/[\w-]+\.yaml)`", README))
    # The README's table names every shipped example, and nothing else.
    assert examples == {f"examples/{p.name}" for p in EXAMPLES}
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
    from coopfound.checks.base import CHECKS

    for code in re.findall(r"\bCF\d{3}\b", README):
        assert code in CHECKS, code


def test_the_readme_pack_manifest_is_a_valid_one() -> None:
    import yaml

    from coopfound.templating.packs import PackManifest

    block = re.search(r"^```yaml\n# pack.yaml\n(.*?)^```", README, re.MULTILINE | re.DOTALL)
    assert block, "the README shows no pack.yaml"
    manifest = PackManifest.model_validate(yaml.safe_load(block.group(1)))
    assert manifest.rules["purpose"].matters == ()
    assert {d.id for d in manifest.documents} == {"rules", "agm-notice", "support-visit"}


def test_the_readme_documents_every_lint_finding_kind() -> None:
    from coopfound.lint.findings import KINDS

    for kind in KINDS:
        assert f"| `{kind}` |" in README, kind
