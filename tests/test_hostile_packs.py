"""What an attacker's template pack tried, each now ending in a located error.

An independent attack on coopfound (its reproductions kept here as tests) found ways for a
pack to crash the interpreter, run past the time limit inside one C call, fill the disk
through the template cache, read files outside the pack through the linter, and make
coopfound print tracebacks. Every one of them must end in one `Error:` line naming the
pack's file, exit 1, and nothing written.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import WALES, run_cli
from test_template_packs import make_pack

from coopfound.errors import TemplateError
from coopfound.templating import guard
from coopfound.templating.paths import templates_dir
from coopfound.templating.whereabouts import rendering


def render_with(tmp_path: Path, pack: Path, *args: str) -> tuple[int, str, Path]:
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "coopfound", "render", str(WALES), "-o",
                           str(out), "--templates", str(pack), *args],
                          capture_output=True, text=True, timeout=120, check=False)
    return done.returncode, done.stderr, out


def assert_located(stderr: str, file: str) -> None:
    """Error lines, each with its hint, the first naming `file`; no traceback."""
    lines = stderr.strip().splitlines()
    assert lines and lines[0].startswith("Error: ") and file in lines[0], stderr
    assert "Traceback" not in stderr and len(lines) % 2 == 0, stderr
    assert all(line.startswith("Error: " if n % 2 == 0 else "Hint: ")
               for n, line in enumerate(lines)), stderr


def welcome(tmp_path: Path, body: str, manifest: str = "") -> Path:
    return make_pack(tmp_path / "pack", manifest,
                     letters__welcome_letter_md_j2=f"# Welcome\n\n{body}\n")


# --- the sandbox ----------------------------------------------------------------------


def test_a_value_nested_deeper_than_the_interpreter_can_hash_is_refused(
        tmp_path: Path) -> None:
    """The attack nested a tuple a million deep and hashed it: SIGSEGV, exit 139."""
    pack = welcome(tmp_path, "{% set ns = namespace(t=()) %}{% for i in range(1000) %}"
                             "{% set ns.t = (ns.t,) %}{% endfor %}{{ ns.t in dict() }}")
    code, stderr, out = render_with(tmp_path, pack)
    assert code == 1
    assert_located(stderr, "welcome_letter.md.j2")
    assert "nested more than 100 levels deep" in stderr
    assert not out.exists()


@pytest.mark.parametrize("body", [
    "{{ ([[1]] * 1000)|sum(start=[])|length }}",
    "{{ '{:x>{}}'.format('a', 100000000) }}",
    "{{ '%.100000000f' % 1.0 }}",
    "{{ '%(a)100000000s' % {'a': 1} }}",
    "{{ '{:z100000000}'.format(1.0) }}",
    "{{ '%*s'|format(100000000, 'x') }}",
])
def test_sums_of_lists_and_every_form_of_width_are_refused(tmp_path: Path, body: str) -> None:
    code, stderr, out = render_with(tmp_path, welcome(tmp_path, body))
    assert code == 1
    assert_located(stderr, "welcome_letter.md.j2")
    assert not out.exists()


def test_a_constant_a_pack_folds_never_reaches_the_cache(tmp_path: Path) -> None:
    """Jinja computes constant expressions when it compiles; the attack stored 1.5 GB of
    them in ~/.cache with four 95-byte templates."""
    cache = tmp_path / "cache"
    pack = welcome(tmp_path, '{% if society.name == "never" %}'
                             '{{ "%*s"|format(400000000, "x") }}{% endif %}')
    done = subprocess.run([sys.executable, "-m", "coopfound", "render", str(WALES), "-o",
                           str(tmp_path / "out"), "--templates", str(pack)],
                          capture_output=True, text=True, timeout=120, check=False,
                          env={**os.environ, "COOPFOUND_CACHE_DIR": str(cache)})
    assert done.returncode == 0, done.stderr
    cached = sum(p.stat().st_size for p in cache.rglob("*") if p.is_file())
    assert cached < 5 * 1024 * 1024


# --- the watchdog -----------------------------------------------------------------------


def _stuck_in_c() -> None:
    with rendering("letters/stuck.md.j2"):
        time.sleep(30)  # one call the in-process alarm does not interrupt here


def _crash() -> None:
    with rendering("letters/crash.md.j2"):
        os.kill(os.getpid(), signal.SIGSEGV)


def test_a_template_stuck_in_one_long_call_is_stopped_from_outside(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COOPFOUND_TEMPLATE_SECONDS", "0.2")
    monkeypatch.setattr(guard, "GRACE_SECONDS", 0.3)
    started = time.monotonic()
    with pytest.raises(TemplateError) as stopped:
        guard.run_guarded(_stuck_in_c)
    assert time.monotonic() - started < 10
    (problem,) = stopped.value.problems
    assert problem.file == Path("letters/stuck.md.j2")
    assert "was stopped from outside" in problem.message


def test_a_crash_names_the_template_that_caused_it() -> None:
    with pytest.raises(TemplateError) as crashed:
        guard.run_guarded(_crash)
    (problem,) = crashed.value.problems
    assert problem.file == Path("letters/crash.md.j2")
    assert "SIGSEGV" in problem.message


def test_work_that_ends_well_returns_its_result() -> None:
    assert guard.run_guarded(sorted, [3, 1, 2]) == [1, 2, 3]


# --- the pack's files -------------------------------------------------------------------


def huge_shell(paragraphs: int) -> bytes:
    import docx

    document = docx.Document(str(templates_dir() / "letters" / "document.docx"))
    for _ in range(paragraphs):
        document.add_paragraph("")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_word_shell_of_thousands_of_paragraphs_is_refused_at_once(tmp_path: Path) -> None:
    """docxtpl handles a shell in quadratic time: 200,000 empty paragraphs took 115 s."""
    pack = make_pack(tmp_path / "pack")
    (pack / "letters").mkdir()
    (pack / "letters" / "document.docx").write_bytes(huge_shell(6_000))
    code, stderr, out = render_with(tmp_path, pack)
    assert code == 1
    assert_located(stderr, "letters/document.docx")
    assert "has 6,0" in stderr and "paragraphs" in stderr
    assert not out.exists()


def test_a_huge_pack_manifest_is_refused_before_it_is_read(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    with (pack / "pack.yaml").open("wb") as stream:
        stream.truncate(3 * 1024**3)  # sparse: no disk used
    code, stderr, _ = render_with(tmp_path, pack)
    assert code == 1
    assert_located(stderr, "pack.yaml")
    assert "a template pack's file may be at most" in stderr


@pytest.mark.parametrize(("files", "where", "message"), [
    ({"rules__definitions.yaml": "definitions: 5\n"}, "definitions.yaml", "write a list"),
    ({"rules__definitions.yaml": "# nothing\n"}, "definitions.yaml", "the file is empty"),
    ({"rules__definitions.yaml": "words: []\n"}, "definitions.yaml", "unknown key 'words'"),
    ({"rules__definitions.yaml": "definitions:\n  - meaning: x\n"}, "definitions.yaml",
     "'term' is missing"),
    ({"rules__definitions.yaml": "definitions:\n  - {term: 5, meaning: x}\n"},
     "definitions.yaml", "write text here"),
    ({"rules__definitions.yaml": "definitions:\n"
      + "".join(f"  - {{term: t{i}, meaning: x}}\n" for i in range(501))},
     "definitions.yaml", "at most 500 items"),
    ({"letters__pack.yaml": "documents:\n  - {id: a, template: a.md.j2, output: [y]}\n"},
     "letters/pack.yaml", "documents[0].output"),
    ({"letters__pack.yaml": "documents:\n  - {id: a, template: 7, output: y}\n"},
     "letters/pack.yaml", "documents[0].template"),
    ({"letters__pack.yaml": 'documents:\n  - {id: a, template: a.md.j2, output: "y\\0"}\n'},
     "letters/pack.yaml", "control characters"),
    ({"rules__clauses__seal_md_j2": "{#-\ntitle: Seal\nmatters: [M13]\n-#}\nThe seal.\n"
      + "".join(f"- item {i}\n" for i in range(27))}, "clauses/seal.md.j2",
     "at most 26, lettered (a) to (z)"),
])
def test_a_broken_pack_file_is_one_located_line(tmp_path: Path, files: dict[str, str],
                                                where: str, message: str) -> None:
    pack = make_pack(tmp_path / "pack", "rules:\n  seal: {matters: [M13]}\n", **files)
    code, stderr, out = render_with(tmp_path, pack)
    assert code == 1, stderr
    assert_located(stderr, where)
    assert message in stderr
    assert not out.exists()


def test_a_clause_that_is_not_utf8_is_located(tmp_path: Path) -> None:
    pack = make_pack(tmp_path / "pack", "rules:\n  seal: {matters: [M13]}\n")
    (pack / "rules" / "clauses").mkdir(parents=True)
    (pack / "rules" / "clauses" / "seal.md.j2").write_bytes(
        b"{#-\ntitle: Seal\nmatters: [M13]\n-#}\nThe s\xe9al.\n")
    code, stderr, _ = render_with(tmp_path, pack)
    assert code == 1
    assert_located(stderr, "seal.md.j2")
    assert "not UTF-8" in stderr


def test_definitions_cannot_multiply_through_aliases(tmp_path: Path) -> None:
    aliases = "".join("  - *d\n" for _ in range(5000))
    pack = make_pack(tmp_path / "pack", **{"rules__definitions.yaml": (
        "definitions:\n  - &d {term: never used, meaning: x}\n" + aliases)})
    code, stderr, _ = render_with(tmp_path, pack)
    assert code == 1
    assert_located(stderr, "definitions.yaml")


def test_rules_that_grow_enormous_are_refused(tmp_path: Path) -> None:
    pack = make_pack(tmp_path / "pack", "rules:\n  seal: {matters: [M13]}\n",
                     rules__clauses__seal_md_j2=(
                         "{#-\ntitle: Seal\nmatters: [M13]\n-#}\n{% for i in range(30) %}"
                         "{{ 'abc ' * 25000 }}\n\n{% endfor %}"))
    code, stderr, _ = render_with(tmp_path, pack)
    assert code == 1
    assert_located(stderr, "rulebook.yaml")
    assert "refuses rules longer than 2,000,000" in stderr


def test_a_control_character_in_a_pack_title_is_located(tmp_path: Path) -> None:
    code, stderr, _ = render_with(tmp_path, make_pack(
        tmp_path / "pack", letters__welcome_letter_md_j2="# Welcome\x01\n\nHello.\n"))
    assert code == 1
    assert_located(stderr, "welcome_letter.md.j2")
    assert "control character" in stderr


def test_outputs_may_not_nest_inside_each_other(tmp_path: Path) -> None:
    pack = make_pack(tmp_path / "pack", (
        "formats: [md]\ndocuments:\n  - {id: a, template: a.md.j2, output: letters/x}\n"
        "  - {id: b, template: a.md.j2, output: letters/x.md/y}\n"),
        letters__a_md_j2="# A\n\nHello.\n")
    code, stderr, _ = render_with(tmp_path, pack)
    assert code == 1
    assert "one inside the other" in stderr


# --- the linter -------------------------------------------------------------------------


def test_lint_never_reads_through_a_link_out_of_the_pack(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "env.txt").write_text("{{ sk_live_SECRET123 }}\n")
    (outside / "other.yaml").write_text("spec_version: TOP-SECRET-VALUE\n")
    pack = make_pack(tmp_path / "pack")
    (pack / "letters").mkdir()
    (pack / "examples").mkdir()
    os.symlink(outside / "env.txt", pack / "letters" / "notes.j2")
    os.symlink(outside / "other.yaml", pack / "examples" / "o.yaml")
    result = run_cli("templates", "lint", pack)
    assert result.exit_code == 3
    assert "SECRET" not in result.stdout + result.stderr
    assert "links to a place outside the template pack" in result.stdout


@pytest.mark.parametrize("body", ["{% set x = " + "[" * 120 + "]" * 120 + " %}",
                                  "{% if true %}" * 1500 + "{% endif %}" * 1500])
def test_lint_reports_a_template_nested_too_deeply(tmp_path: Path, body: str) -> None:
    pack = welcome(tmp_path, body)
    result = run_cli("templates", "lint", pack)
    assert result.exit_code == 3
    assert "nests too deeply" in result.stdout and "Traceback" not in result.stderr
