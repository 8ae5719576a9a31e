"""No spec, however mangled, makes coopfound crash: it loads, or it gets a SpecError.

Each value in an example is replaced in turn by values of the wrong kind or out of
range. Whatever loads must also check and render (as Markdown) without any exception
other than coopfound's own, and with no unresolved reference in the text.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ENGLAND, SCOTLAND, WALES

from coopfound.checks.run import run_checks
from coopfound.errors import SpecError
from coopfound.output.provenance import Provenance
from coopfound.publish.render import rules_subtitle
from coopfound.rules.markdown import rules_markdown
from coopfound.spec.loader import load_spec
from coopfound.templating.packs import builtin_pack

WRONG_VALUES: tuple[Any, ...] = (None, "", [], {"x": 1}, -1, 0, 10**12, "ŵ & <b>\"q\"</b>",
                                 True, 2.5)


def leaf_paths(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield (*path, key)
            yield from leaf_paths(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield (*path, index)
            yield from leaf_paths(value, (*path, index))


def replaced(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    copied = copy.deepcopy(data)
    target = copied
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return copied


def mutations(example: Path) -> Iterator[tuple[str, Any]]:
    data = yaml.safe_load(example.read_text(encoding="utf-8"))
    for path in leaf_paths(data):
        for value in WRONG_VALUES:
            yield ".".join(map(str, path)) + f"={value!r}", replaced(data, path, value)


def exercise(spec_file: Path) -> None:
    try:
        loaded = load_spec(spec_file)
    except SpecError as error:
        assert error.problems and all(p.file == spec_file for p in error.problems)
        return
    report = run_checks(loaded, builtin_pack())
    if report.ok:
        provenance = Provenance.of(loaded, builtin_pack())
        text = rules_markdown(report.rulebook, provenance, rules_subtitle(report))
        assert "\ue000" not in text and "None" not in text.split("---", 2)[2]


@pytest.mark.parametrize("example", [WALES, ENGLAND, SCOTLAND], ids=lambda p: p.stem)
def test_mangled_specs_never_crash(example: Path, tmp_path: Path) -> None:
    spec_file = tmp_path / "coop.yaml"
    for label, data in mutations(example):
        # JSON is YAML too, and writing it is many times faster than yaml.safe_dump.
        spec_file.write_text(json.dumps(data, ensure_ascii=False, default=str),
                             encoding="utf-8")
        try:
            exercise(spec_file)
        except Exception as error:  # a crash: say which mutation caused it
            raise AssertionError(f"{label}: {type(error).__name__}: {error}") from error
