"""A spec is bounded before anything is built from it: each limit is a located exit 3.

The hostile files run in a child process with a memory cap and a generous timeout: they
are guards against a runaway (the alias bomb once ran past 120 s and 8.9 GB), not targets.
benchmarks/bench.py measures how fast and how small each ends.
"""

from __future__ import annotations

import re
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import WALES, edited, line_of, run_cli

from coopfound.spec.limits import MAX_FILE_BYTES, NAME_MAX

GUARD_SECONDS = 60
GUARD_BYTES = 2 * 1024**3


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (GUARD_BYTES, GUARD_BYTES))


def check_in_a_child(spec: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "coopfound", "check", str(spec)],
                          capture_output=True, text=True, timeout=GUARD_SECONDS,
                          preexec_fn=_cap_memory, check=False)


def one_located_error(stderr: str, spec: Path) -> tuple[int | None, str]:
    lines = stderr.strip().splitlines()
    assert len(lines) == 2 and lines[1].startswith("Hint: "), stderr
    match = re.match(rf"^Error: {re.escape(str(spec))}(?::(\d+))?: (.*)$", lines[0])
    assert match, lines[0]
    return (int(match.group(1)) if match.group(1) else None), match.group(2)


def alias_bomb(levels: int) -> str:
    """The 'billion laughs' shape: each level repeats the one before it nine times."""
    lines = ['spec_version: 1', 'l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, levels + 1):
        ref = f"*l{level - 1}"
        lines.append(f"l{level}: &l{level} [{', '.join([ref] * 9)}]")
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_ends_at_once(tmp_path: Path) -> None:
    spec = tmp_path / "coop.yaml"
    spec.write_text(alias_bomb(10), encoding="utf-8")
    assert len(spec.read_bytes()) < 700
    done = check_in_a_child(spec)
    assert done.returncode == 3, done.stderr
    line, message = one_located_error(done.stderr, spec)
    assert line is not None and "aliases (*name) are expanded" in message


def test_a_fifty_megabyte_spec_is_refused_before_it_is_read(tmp_path: Path) -> None:
    spec = tmp_path / "coop.yaml"
    with spec.open("wb") as stream:
        stream.write(WALES.read_bytes())
        stream.write(b"# " + b"x" * (50 * 1024 * 1024) + b"\n")
    done = check_in_a_child(spec)
    assert done.returncode == 3, done.stderr
    _, message = one_located_error(done.stderr, spec)
    assert message == "this file is 50.0 MB; a spec may be at most 1.0 MB"


def test_a_twenty_megabyte_name_is_refused(tmp_path: Path) -> None:
    spec = edited(WALES, tmp_path, ('name: "Gofal â Chalon',
                                    'name: "Gofal ' + "â" * (10 * 1024 * 1024) + " Chalon"))
    done = check_in_a_child(spec)
    assert done.returncode == 3, done.stderr
    assert "a spec may be at most 1.0 MB" in done.stderr


def test_a_long_name_is_refused_at_its_line(tmp_path: Path) -> None:
    spec = edited(WALES, tmp_path, ('name: "Gofal â Chalon', 'name: "Gofal ' + "â" * 5000
                                    + " Chalon"))
    result = run_cli("check", spec)
    assert result.exit_code == 3
    line, message = one_located_error(result.stderr, spec)
    assert line == line_of(spec, 'name: "Gofal â+ Chalon')
    assert message.startswith(f"society.name: this is too long: at most {NAME_MAX} characters")
    assert len(message) < 200, "the error quotes the whole name"


def test_a_number_of_thousands_of_digits_is_located(tmp_path: Path) -> None:
    spec = edited(WALES, tmp_path, ("limit: 150000", "limit: " + "9" * 4300))
    result = run_cli("check", spec)
    assert result.exit_code == 3
    line, message = one_located_error(result.stderr, spec)
    assert line == line_of(spec, "limit: 9999")
    assert message == "this number is 4,300 characters long; numbers in a spec have at most 30"


def test_aliases_nested_too_deeply_are_located(tmp_path: Path) -> None:
    lines = ["spec_version: 1", "a0: &a0 [x]"] + [f"a{i}: &a{i} [*a{i - 1}]" for i in range(1, 30)]
    spec = tmp_path / "coop.yaml"
    spec.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_cli("check", spec)
    assert result.exit_code == 3
    line, message = one_located_error(result.stderr, spec)
    assert line is not None and "nested more than 20 levels deep" in message


def test_a_value_that_contains_itself_is_located(tmp_path: Path) -> None:
    spec = tmp_path / "coop.yaml"
    spec.write_text("spec_version: 1\nsociety: &s\n  name: *s\n", encoding="utf-8")
    result = run_cli("check", spec)
    assert result.exit_code == 3
    line, message = one_located_error(result.stderr, spec)
    assert line == 2 and "contains itself" in message


def test_an_enormous_unknown_key_is_not_echoed_whole(tmp_path: Path) -> None:
    # YAML needs an explicit key (? ...) for one this long
    spec = edited(WALES, tmp_path, ("\nsociety:", "\n? k" + "e" * 9000 + "y\n: 1\nsociety:"))
    result = run_cli("check", spec)
    assert result.exit_code == 3
    assert len(result.stderr) < 1000 and "unknown key 'keeee" in result.stderr


def test_the_file_limit_is_above_any_real_spec() -> None:
    assert WALES.stat().st_size * 50 < MAX_FILE_BYTES


@pytest.mark.parametrize("setting", [f"society.name=Gofal {'â' * 500} Limited"])
def test_the_interview_applies_the_same_limits(tmp_path: Path, setting: str) -> None:
    result = run_cli("init", "--defaults", "--set", setting, "--out", tmp_path / "coop.yaml")
    assert result.exit_code == 3
    assert f"at most {NAME_MAX} characters" in result.stderr
    assert not (tmp_path / "coop.yaml").exists()


@pytest.mark.parametrize(("old", "new", "message"), [
    ('name: "Gofal â Chalon', 'name: "Gofal \\u0001 Chalon', "control character"),
    ('name: "Gofal â Chalon', 'name: "Gofal \\ue000 Chalon', "private-use character"),
    ('name: "Siân Wyn Roberts"', 'name: "Siân\\tRoberts"', "control character"),
])
def test_characters_that_would_not_print_as_typed_are_refused(tmp_path: Path, old: str,
                                                               new: str, message: str) -> None:
    spec = edited(WALES, tmp_path, (old, new))
    result = run_cli("check", spec)
    assert result.exit_code == 3
    _, text = one_located_error(result.stderr, spec)
    assert message in text


def test_free_text_over_several_lines_is_one_paragraph(tmp_path: Path) -> None:
    """A literal block (|) keeps its line breaks in YAML; the spec folds them, as '>'
    would, so no line break reaches a document."""
    from coopfound.spec.loader import load_spec

    folded = load_spec(WALES).spec.purpose.mission
    literal = edited(WALES, tmp_path, ("  mission: >-", "  mission: |-"))
    assert load_spec(literal).spec.purpose.mission == folded
    assert folded and "\n" not in folded


@pytest.mark.parametrize("when", ["9999-12-25", "1066-10-14"])
def test_a_founding_meeting_date_out_of_range_is_refused(tmp_path: Path, when: str) -> None:
    spec = edited(WALES, tmp_path, ("founding_meeting_date: 2027-01-20",
                                    f"founding_meeting_date: {when}"))
    result = run_cli("check", spec)
    assert result.exit_code == 3
    assert "founding_meeting_date" in result.stderr


def test_a_damaged_utf16_spec_is_located(tmp_path: Path) -> None:
    spec = tmp_path / "coop.yaml"
    spec.write_bytes("spec_version: 1\n".encode("utf-16") + b"\x00")
    for args in ((), ("--format", "json")):
        result = run_cli("check", spec, *args)
        assert result.exit_code == 3
        assert "cut short or damaged" in result.stderr and "Traceback" not in result.stderr
