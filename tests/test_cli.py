"""The command line as a user meets it: help with examples, version, exit codes, start-up."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, run_cli

from coopfound import __version__

COMMANDS = ["init", "check", "score", "explain", "render", "register", "schema", "batch",
            "templates"]


def test_help_lists_every_command_and_the_exit_codes() -> None:
    result = run_cli("--help")
    assert result.exit_code == 0
    for command in COMMANDS:
        assert command in result.stdout
    assert "3 spec invalid or checks failed" in result.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_help_has_an_example(command: str) -> None:
    result = run_cli(command, "--help")
    assert result.exit_code == 0
    assert f"Example: coopfound {command}" in result.stdout


def test_version() -> None:
    result = run_cli("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"coopfound {__version__}"


def test_python_dash_m_runs_the_same_cli() -> None:
    done = subprocess.run([sys.executable, "-m", "coopfound", "--version"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0
    assert done.stdout.strip() == f"coopfound {__version__}"


def test_usage_error_exits_2() -> None:
    result = run_cli("render", str(EXAMPLES[0]))  # no -o
    assert result.exit_code == 2


def test_help_does_not_load_heavy_libraries() -> None:
    """`coopfound --help` must start fast: no docxtpl, questionary, pydantic or jinja2."""
    code = (
        "import sys\n"
        "from coopfound.cli import app\n"
        "try:\n"
        "    app(['--help'], prog_name='coopfound')\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = [m for m in ('docxtpl', 'docx', 'questionary', 'pydantic', 'jinja2',\n"
        "                     'yaml', 'coopfound.spec.model', 'markdown_it',\n"
        "                     'mdit_py_plugins', 'matplotlib', 'numpy')\n"
        "         if m in sys.modules]\n"
        "print('HEAVY=' + ','.join(heavy))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)
    assert "Usage: coopfound" in done.stdout
    assert "HEAVY=\n" in done.stdout, done.stdout


def test_schema_is_json_schema_that_accepts_every_example() -> None:
    import jsonschema
    import yaml

    result = run_cli("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for example in EXAMPLES:
        # Editors read YAML 1.2, where 2027-01-20 is a string; PyYAML makes it a date.
        data = json.loads(json.dumps(yaml.safe_load(example.read_text(encoding="utf-8")),
                                     default=str))
        errors = [e.message for e in validator.iter_errors(data)]
        assert not errors, (example.name, errors)


def test_schema_rejects_a_typo_as_an_editor_would() -> None:
    import jsonschema
    import yaml

    schema = json.loads(run_cli("schema").stdout)
    data = yaml.safe_load(EXAMPLES[0].read_text(encoding="utf-8"))
    data["society"]["nmae"] = data["society"].pop("name")
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(data))


@pytest.mark.parametrize("command", ["check", "score"])
def test_json_is_printed_for_every_failure(tmp_path: Path, command: str) -> None:
    """Scripts read stdout: a missing, unreadable or invalid spec is JSON there too."""
    missing = tmp_path / "missing.yaml"
    broken = tmp_path / "broken.yaml"
    broken.write_text("spec_version: 1\nsociety: [\n", encoding="utf-8")
    for spec, code in ((missing, 2), (broken, 3), (tmp_path, 2)):
        result = run_cli(command, spec, "--format", "json")
        assert result.exit_code == code, result.stderr
        data = json.loads(result.stdout)
        assert data["ok"] is False
        problems = data.get("findings") or data.get("problems")
        assert problems and problems[0]["message"], data
        assert result.stderr.startswith("Error: ")


def test_an_unreadable_spec_gets_the_error_and_hint_layout(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = tmp_path / "coop.yaml"
    spec.write_text(EXAMPLES[0].read_text(encoding="utf-8"), encoding="utf-8")
    real_open = Path.open

    def refusing_open(self: Path, *args: object, **kwargs: object) -> object:
        if self == spec:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", refusing_open)
    for args in (("check", spec), ("check", spec, "--format", "json")):
        result = run_cli(*args)
        assert result.exit_code == 2
        assert result.stderr.splitlines() == [
            f"Error: {spec}: cannot be read (Permission denied)",
            "Hint: check that the file exists and that you may read it"]


def test_a_reader_that_stops_early_ends_coopfound_quietly() -> None:
    """`coopfound explain CF142 | head -c1`: no traceback and no exit 1 (a 'fault')."""
    process = subprocess.Popen([sys.executable, "-m", "coopfound", "explain", "CF142"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # the reader has gone before coopfound writes
    stderr = process.stderr.read()
    process.stderr.close()
    assert process.wait(timeout=60) == -signal.SIGPIPE  # the shell shows 141
    assert stderr == b""


def test_a_misspelt_class_in_members_gets_a_suggestion() -> None:
    result = run_cli("score", EXAMPLES[-1], "--members", "care_workrs=40")
    assert result.exit_code == 2
    assert "there is no member class 'care_workrs'" in result.stderr
    assert "Hint: did you mean 'care_workers'?" in result.stderr


@pytest.mark.parametrize("args", [("score", EXAMPLES[0]), ("check", EXAMPLES[0]),
                                  ("templates", "lint")])
def test_every_json_report_says_its_format_version_and_whether_it_is_ok(
        args: tuple[str, ...]) -> None:
    result = run_cli(*args, "--format", "json")
    data = json.loads(result.stdout)
    assert data["format_version"] == 1 and data["coopfound"] == __version__
    assert data["ok"] is (result.exit_code == 0)


def test_a_report_never_replaces_a_device_or_a_pipe(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    result = run_cli("batch", EXAMPLES[0], "-o", tmp_path / "out", "--report", fifo)
    assert result.exit_code == 2
    assert f"Error: {fifo} is not an ordinary file" in result.stderr
    assert fifo.is_fifo()


@pytest.mark.parametrize("where", ["templates", "lint", "report", "spec", "init"])
def test_a_name_too_long_for_the_system_is_one_line(tmp_path: Path, where: str) -> None:
    long = tmp_path / ("r" * 300)
    args = {
        "templates": ("check", EXAMPLES[0], "--templates", long),
        "lint": ("templates", "lint", long),
        "report": ("batch", EXAMPLES[0], "-o", tmp_path / "out", "--report", long),
        "spec": ("check", long),
        "init": ("init", "--defaults", "--out", long),
    }[where]
    result = run_cli(*args)
    assert result.exit_code == 2, result.stderr
    assert result.stderr.startswith("Error: ") and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 2


def test_an_answers_file_of_the_wrong_shape_is_one_line(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("founding_members: true\nsecretary: {name: A, address: B}\n")
    result = run_cli("init", "--defaults", "--answers", answers, "--out",
                     tmp_path / "coop.yaml")
    assert result.exit_code == 3
    assert "founding_members" in result.stderr and "Traceback" not in result.stderr
