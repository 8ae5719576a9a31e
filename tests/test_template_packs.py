"""A development body's own template pack: overrides by name, formats, and the sandbox."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, WALES, run_cli

from coopfound.checks.run import run_checks
from coopfound.publish.render import render_everything
from coopfound.spec.loader import load_spec
from coopfound.templating.packs import builtin_pack, template_pack


def make_pack(root: Path, manifest: str = "", **files: str) -> Path:
    """A pack folder: pack.yaml plus files given as rules__clauses__x_md_j2="text"."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "pack.yaml").write_text("name: Valley Co-op Development rules\nversion: '2.1'\n"
                                    + manifest, encoding="utf-8")
    for key, text in files.items():
        path = root / key.replace("___", "/_").replace("__", "/").replace("_md_j2", ".md.j2")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


WELCOME = ('{% import "_common.j2" as c with context %}\n# Croeso i {{ society.name }}\n\n'
           "Our development worker will visit within a fortnight.\n")


def test_a_pack_replaces_a_built_in_document_by_name(tmp_path: Path) -> None:
    pack = make_pack(tmp_path / "pack", letters__welcome_letter_md_j2=WELCOME)
    out = tmp_path / "out"
    result = run_cli("render", WALES, "-o", out, "--templates", pack)
    assert result.exit_code == 0, result.stderr
    welcome = (out / "letters" / "welcome-letter.md").read_text(encoding="utf-8")
    assert "# Croeso i " in welcome and "development worker will visit" in welcome
    # Everything the pack does not provide is the built-in document.
    builtin = tmp_path / "builtin"
    run_cli("render", WALES, "-o", builtin)
    assert (out / "letters" / "fca-covering-letter.md").read_text().split("---")[2] == (
        builtin / "letters" / "fca-covering-letter.md").read_text().split("---")[2]
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["provenance"]["templates"].startswith("Valley Co-op Development rules 2.1,"
                                                          " over coopfound")


def test_a_pack_chooses_formats_adds_and_leaves_out_documents(tmp_path: Path) -> None:
    pack = make_pack(tmp_path / "pack", (
        "formats: [docx]\n"
        "documents:\n"
        "  - {id: rules, formats: [md, docx]}\n"
        "  - {id: agm-notice, omit: true}\n"
        "  - {id: support-visit, template: support_visit.md.j2,"
        " output: letters/support-visit, formats: [md]}\n"),
        letters__support_visit_md_j2="# Support visit for {{ society.name }}\n\nWe will"
                                     " call.\n")
    out = tmp_path / "out"
    assert run_cli("render", WALES, "-o", out, "--templates", pack).exit_code == 0
    written = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert {"rules.md", "rules.docx", "letters/support-visit.md"} <= written
    assert "letters/support-visit.docx" not in written
    assert "letters/welcome-letter.docx" in written and "letters/welcome-letter.md" not in written
    assert not any("agm-notice" in name for name in written)


def test_built_in_templates_render_the_same_inside_the_sandbox(tmp_path: Path) -> None:
    sandboxed = template_pack(make_pack(tmp_path / "empty"))
    assert sandboxed.sandboxed
    for example in EXAMPLES:
        loaded = load_spec(example)
        plain = render_everything(run_checks(loaded, builtin_pack()), builtin_pack())
        boxed = render_everything(run_checks(loaded, sandboxed), sandboxed)
        assert [d.name for d in plain] == [d.name for d in boxed]
        plain_rules = next(d for d in plain if d.name == "rules.md").content.decode()
        boxed_rules = next(d for d in boxed if d.name == "rules.md").content.decode()
        assert plain_rules.split("\n---\n", 1)[1] == boxed_rules.split("\n---\n", 1)[1]


@pytest.mark.parametrize("escape", [
    "{{ society.__class__ }}",
    "{{ society.name.__class__.__mro__ }}",
    "{{ cycler.__init__.__globals__ }}",
    "{{ facts.clear() }}",
    "{{ member_classes.append(1) }}",
    "{{ 'x' * 100000000 }}",
    "{{ 9 ** 9999 }}",
    "{{ '{:x>100000000}'.format('a') }}",
    "{{ '%0*d' % (100000000, 1) }}",
    "{{ (9 ** 99) ** 99 }}",
    "{% for i in range(10 ** 8) %}{% endfor %}",
    '{% include "/etc/passwd" %}',
    '{% include "../../../etc/passwd" %}',
])
def test_pack_templates_cannot_reach_beyond_their_data(tmp_path: Path, escape: str) -> None:
    pack = make_pack(tmp_path / "pack", letters__welcome_letter_md_j2=(
        f"# Welcome\n\n{escape}\n"))
    out = tmp_path / "out"
    result = run_cli("render", WALES, "-o", out, "--templates", pack)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ")
    assert "welcome_letter.md.j2" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_a_link_out_of_the_pack_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("# Secret\n\npassword\n")
    pack = make_pack(tmp_path / "pack")
    (pack / "letters").mkdir()
    os.symlink(secret, pack / "letters" / "welcome_letter.md.j2")
    result = run_cli("render", WALES, "-o", tmp_path / "out", "--templates", pack)
    assert result.exit_code == 1
    assert "outside the template pack" in result.stderr
    assert not (tmp_path / "out").exists()


def test_manifest_mistakes_are_located(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "pack.yaml").write_text("name: Valley\nversion: '1'\nformat: [md]\n")
    result = run_cli("check", WALES, "--templates", pack)
    assert result.exit_code == 1
    assert f"{pack / 'pack.yaml'}:3: format:" in result.stderr
    (pack / "pack.yaml").write_text("name: Valley\nversion: '1'\nrules:\n"
                                    "  purpose: {matters: [M15]}\n")
    result = run_cli("check", WALES, "--templates", pack)
    assert "pack.yaml:4: rules.purpose.matters: unknown s.14 matter 'M15'" in result.stderr


def test_templates_must_name_a_pack_folder(tmp_path: Path) -> None:
    result = run_cli("render", WALES, "-o", tmp_path / "out", "--templates", tmp_path)
    assert result.exit_code == 2
    assert "has no pack.yaml" in result.stderr
    result = run_cli("check", WALES, "--templates", tmp_path / "nowhere")
    assert result.exit_code == 2
    assert "is not a folder" in result.stderr


def test_batch_uses_the_pack(tmp_path: Path) -> None:
    pack = make_pack(tmp_path / "pack", letters__welcome_letter_md_j2=WELCOME)
    out = tmp_path / "out"
    result = run_cli("batch", *EXAMPLES, "-o", out, "--templates", pack, "--jobs", "2")
    assert result.exit_code == 0, result.stdout
    for example in EXAMPLES:
        assert "Croeso i" in (out / example.stem / "letters" / "welcome-letter.md").read_text()


@pytest.mark.parametrize(("output", "message"), [
    ("rules", "two documents would both be written to rules.docx"),
    (".", "must be a relative path"),
])
def test_document_outputs_must_not_meet(tmp_path: Path, output: str, message: str) -> None:
    pack = make_pack(tmp_path / "pack", (
        f"documents:\n  - {{id: welcome-letter, output: '{output}'}}\n"))
    result = run_cli("render", WALES, "-o", tmp_path / "out", "--templates", pack)
    assert result.exit_code == 1
    assert message in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_misspelt_document_template_is_located(tmp_path: Path) -> None:
    pack = make_pack(tmp_path / "pack", (
        "documents:\n  - {id: welcome-letter, template: welcom_letter.md.j2}\n"))
    result = run_cli("render", WALES, "-o", tmp_path / "out", "--templates", pack)
    assert result.exit_code == 1
    assert f"Error: {pack / 'pack.yaml'}: documents: document 'welcome-letter' uses" in (
        result.stderr)
    assert "Hint: did you mean welcome_letter.md.j2?" in result.stderr


def test_a_pack_cannot_write_outside_the_output_folder(tmp_path: Path) -> None:
    pack = make_pack(tmp_path / "pack", (
        "documents:\n  - {id: welcome-letter, output: ../../escaped}\n"))
    result = run_cli("render", WALES, "-o", tmp_path / "a" / "out", "--templates", pack)
    assert result.exit_code == 1
    assert "pack.yaml:4: documents[0].output:" in result.stderr
    assert "no '..'" in result.stderr
    assert not list(tmp_path.rglob("escaped*"))


def test_state_in_an_imported_template_does_not_pass_between_co_ops(tmp_path: Path) -> None:
    # A module imported without context is cached by Jinja for the environment's life;
    # a namespace kept there would carry one society's name into the next one's letter.
    pack = make_pack(tmp_path / "pack",
                     letters___state_md_j2="{% set seen = namespace(name='nobody') %}",
                     letters__welcome_letter_md_j2=(
                         '{% import "_state.md.j2" as state %}# Welcome\n\n'
                         "Before you: {{ state.seen.name }}.\n"
                         "{% set seen = state.seen %}{% set seen.name = society.name %}\n"))
    out = tmp_path / "out"
    result = run_cli("batch", *EXAMPLES, "-o", out, "--jobs", "1", "--templates", pack)
    assert result.exit_code == 0, result.stdout
    for example in EXAMPLES:
        letter = (out / example.stem / "letters" / "welcome-letter.md").read_text()
        assert "Before you: nobody." in letter


def test_a_template_that_runs_too_long_is_stopped(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COOPFOUND_TEMPLATE_SECONDS", "0.5")
    pack = make_pack(tmp_path / "pack", letters__welcome_letter_md_j2=(
        "# Welcome\n\n{% for i in range(100000) %}{% for j in range(100000) %}"
        "{% endfor %}{% endfor %}\n"))
    result = run_cli("render", WALES, "-o", tmp_path / "out", "--templates", pack)
    assert result.exit_code == 1
    assert "welcome_letter.md.j2:3: the template ran for more than 0.5 seconds" in (
        result.stderr)
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_a_template_that_builds_an_enormous_value_is_stopped(tmp_path: Path) -> None:
    pack = make_pack(tmp_path / "pack", letters__welcome_letter_md_j2=(
        '# Welcome\n\n{% set ns = namespace(s="x" * 1000000) %}{% for i in range(14) %}'
        "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s | length }}\n"))
    env = {k: v for k, v in os.environ.items() if k != "COOPFOUND_NO_MEMORY_LIMIT"}
    done = subprocess.run(
        [sys.executable, "-m", "coopfound", "render", str(WALES), "-o", str(tmp_path / "out"),
         "--templates", str(pack)], capture_output=True, text=True, check=False,
        env={**env, "COOPFOUND_MEMORY_MB": "1200"})
    assert done.returncode == 1
    assert "welcome_letter.md.j2:3: the template tried to use more memory" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_long_pack_name_fits_the_word_properties(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "pack.yaml").write_text("name: " + "Valley Co-op Development care rules " * 8
                                    + "\nversion: '2.1'\n")
    result = run_cli("render", WALES, "-o", tmp_path / "out", "--templates", pack)
    assert result.exit_code == 0, result.stderr


def test_a_damaged_word_shell_is_named(tmp_path: Path) -> None:
    pack = make_pack(tmp_path / "pack")
    (pack / "letters").mkdir()
    (pack / "letters" / "document.docx").write_bytes(b"PK\x03\x04 not really a zip")
    result = run_cli("render", WALES, "-o", tmp_path / "out", "--templates", pack)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {pack / 'letters' / 'document.docx'}:")
    assert "cannot open this Word shell" in result.stderr


def test_a_paragraph_too_long_for_word_is_an_error_not_a_cut(tmp_path: Path) -> None:
    """The XML parser docxtpl uses would cut a text node at ten million bytes without a
    word, and the Word file would then say less than the Markdown."""
    pack = make_pack(tmp_path / "pack", letters__welcome_letter_md_j2=(
        "# Welcome\n\n{% set x = 'x' * 900000 %}{{ x }}{{ x }}\n"))
    out = tmp_path / "out"
    result = run_cli("render", WALES, "-o", out, "--templates", pack)
    assert result.exit_code == 1
    assert "document.docx" in result.stderr
    assert "keeps at most 1,000,000 in one piece" in result.stderr
    assert not out.exists()


@pytest.mark.parametrize(("call", "message"), [
    ("{{ rule('boardd') }}", "rule('boardd') names a clause the rule book does not have;"
                             " did you mean 'board'?"),
    ("{{ has_rule('sael') }}", "names a clause the rule book does not have; did you mean"
                               " 'seal'?"),
])
def test_a_document_naming_a_clause_that_does_not_exist_is_told_which(
        tmp_path: Path, call: str, message: str) -> None:
    pack = make_pack(tmp_path / "pack", letters__welcome_letter_md_j2=f"# Welcome\n\n{call}\n")
    result = run_cli("render", WALES, "-o", tmp_path / "out", "--templates", pack)
    assert result.exit_code == 1
    assert "welcome_letter.md.j2:3: " in result.stderr and message in result.stderr
    assert "KeyError" not in result.stderr
