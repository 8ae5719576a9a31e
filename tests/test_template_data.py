"""Templates get data, not objects: what a hostile template pack can and cannot reach.

A pack's templates once received the spec's pydantic models, whose deprecated methods
unpickle (`parse_raw(..., proto='pickle')`) and read any file (`parse_file`). Now every
template gets plain, immutable data, and a pack's templates may call only coopfound's
helpers and a short list of harmless methods.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import jinja2
import pytest
from conftest import EXAMPLES, WALES, run_cli
from test_template_packs import make_pack

from coopfound.checks.run import run_checks
from coopfound.founding.letters import pack_context
from coopfound.rules.rulebook import template_context
from coopfound.spec.loader import load_spec
from coopfound.spec.model import Spec
from coopfound.templating.data import MAPPING_METHODS, PLAIN_TYPES, Record, TemplateHelper
from coopfound.templating.packs import builtin_pack
from coopfound.templating.sandbox import SAFE_METHODS, is_allowed_call

PICKLE = "cos\\nsystem\\n(S'touch {marker}'\\ntR0(d."


def render_with_welcome(tmp_path: Path, body: str) -> tuple[Any, Path]:
    pack = make_pack(tmp_path / "pack", letters__welcome_letter_md_j2=f"# Welcome\n\n{body}\n")
    out = tmp_path / "out"
    return run_cli("render", WALES, "-o", out, "--templates", pack), out


def test_the_pickle_exploit_runs_nothing(tmp_path: Path) -> None:
    marker = tmp_path / "PWN"
    payload = PICKLE.format(marker=marker)
    result, out = render_with_welcome(tmp_path, (
        f'{{% set _ = voting.proxies.parse_raw("{payload}", proto="pickle",'
        ' allow_pickle=True) %}'))
    assert not marker.exists(), "the template ran a command"
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and "welcome_letter.md.j2:3" in result.stderr
    assert "parse_raw" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()


@pytest.mark.parametrize("call", [
    "{{ society.parse_file('/etc/passwd') }}",
    "{{ society.model_dump() }}",
    "{{ society.model_copy() }}",
    "{{ society.json() }}",
    "{{ spec.member_class('care_workers') }}",
    "{{ shares.value.as_tuple() }}",
    "{{ founding_meeting_date.replace(year=1) }}",
    "{{ society.name.center(100000000) }}",
    "{{ society.name.zfill(100000000) }}",
    "{{ lipsum(n=1000000) }}",
    "{{ ref.__call__ }}",
    "{{ (member_classes | first).items.__self__ }}",
])
def test_no_method_beyond_the_allowed_ones_can_be_called(tmp_path: Path, call: str) -> None:
    result, out = render_with_welcome(tmp_path, call)
    assert result.exit_code == 1, result.stdout
    assert "welcome_letter.md.j2:3" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()


def test_what_a_template_may_call_still_works(tmp_path: Path) -> None:
    result, out = render_with_welcome(tmp_path, (
        "{{ society.name.upper() }} / {{ society.name.lower().startswith('c') }} /"
        " {{ facts.get('nothing', 'none') }} / {{ society.registered_office.nation }} /"
        " {{ society.financial_year_end.display }} / {{ '{} and {}'.format(1, 2) }} /"
        " {% for c in member_classes %}{{ loop.cycle('a', 'b') }}{% endfor %} /"
        " {{ rule('shares') }}"))
    assert result.exit_code == 0, result.stderr
    text = (out / "letters" / "welcome-letter.md").read_text(encoding="utf-8")
    assert "GOFAL Â CHALON DYFFRYN CONWY CYFYNGEDIG / False / none / wales / 31 March /" in text
    assert "1 and 2 / abab / rule " in text


@pytest.mark.parametrize("output", [
    "letters/{class_id.__class__.__mro__[1].__subclasses__}",
    "letters/{class_id:>1000000000}",
    "letters/{class_id!r}",
    "letters/{0}",
    "letters/{spec}",
    "letters/{class_id",
])
def test_an_output_pattern_names_only_the_class(tmp_path: Path, output: str) -> None:
    pack = make_pack(tmp_path / "pack", (
        "documents:\n"
        f"  - {{id: visit, template: visit.md.j2, per: member_class, output: '{output}'}}\n"),
        letters__visit_md_j2="# Visit\n\nHello.\n")
    out = tmp_path / "out"
    result = run_cli("render", WALES, "-o", out, "--templates", pack)
    assert result.exit_code == 1, result.stderr  # a fault in the pack
    assert "pack.yaml:4: documents[0].output" in result.stderr and "documents" in result.stderr
    assert "{class_id}" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()


def test_an_output_pattern_fills_in_each_class(tmp_path: Path) -> None:
    pack = make_pack(tmp_path / "pack", (
        "documents:\n"
        "  - {id: visit, template: visit.md.j2, per: member_class,"
        " output: 'visits/{class_id}-{{visit}}'}\n"),
        letters__visit_md_j2="# Visit\n\nHello {{ member_class.name }}.\n")
    out = tmp_path / "out"
    assert run_cli("render", WALES, "-o", out, "--templates", pack).exit_code == 0
    assert (out / "visits" / "care_workers-{visit}.md").is_file()


# --- everything a template can reach -------------------------------------------------


def real_contexts() -> Iterator[tuple[str, dict[str, Any]]]:
    """The contexts real templates get: rule clauses, and documents per class."""
    for example in EXAMPLES:
        loaded = load_spec(example)
        report = run_checks(loaded, builtin_pack())
        yield f"{example.stem} rules", template_context(loaded.spec)
        letters = pack_context(loaded, report.rulebook)
        for member_class in letters["member_classes"]:
            yield f"{example.stem} letters", letters | {"member_class": member_class}


def reachable(context: dict[str, Any]) -> Iterator[Any]:
    """Every value reachable from a context's names through mappings and sequences."""
    pending = list(context.values())
    while pending:
        current = pending.pop()
        yield current
        if isinstance(current, Record):
            pending += list(current.values())
        elif isinstance(current, tuple):
            pending += list(current)


@pytest.mark.parametrize(("label", "context"), list(real_contexts()),
                         ids=lambda v: v if isinstance(v, str) else "")
def test_a_context_holds_only_plain_data(label: str, context: dict[str, Any]) -> None:
    for value in reachable(context):
        assert isinstance(value, (*PLAIN_TYPES, Record, TemplateHelper)), (
            f"{label}: a template is given a {type(value).__name__}")
    assert all(isinstance(v, TemplateHelper) for v in context.values() if callable(v))


def test_only_the_allowed_callables_can_be_reached() -> None:
    """Walk every value a template can reach and every public attribute of each: nothing
    callable may pass the sandbox unless it is a mapping's reader or listed in SAFE_METHODS."""
    from coopfound.templating.environment import environment
    from coopfound.templating.paths import templates_dir

    sandbox = environment((templates_dir() / "letters",), sandboxed=True)
    permitted: set[tuple[str, str]] = set()
    for _, context in real_contexts():
        for value in reachable(context):
            for name in dir(value):
                if name.startswith("_"):
                    continue
                attribute = sandbox.getattr(value, name)
                if isinstance(attribute, jinja2.Undefined):
                    continue
                if callable(attribute) and sandbox.is_safe_callable(attribute):
                    permitted.add((type(value).__name__, name))
    documented = {("Record", name) for name in MAPPING_METHODS}
    documented |= {("str", name) for name in SAFE_METHODS[str]}
    documented |= {("date", name) for name in SAFE_METHODS[date]}
    assert permitted <= documented, f"templates can call {sorted(permitted - documented)}"
    assert {("str", "upper"), ("Record", "get"), ("date", "strftime")} <= permitted


def test_the_call_check_refuses_methods_of_models_and_builtins() -> None:
    spec = load_spec(WALES).spec
    assert not is_allowed_call(spec.model_dump)
    assert not is_allowed_call(Spec.parse_raw)
    assert not is_allowed_call(spec.society.model_copy)
    assert not is_allowed_call(print)
    assert not is_allowed_call("x".center)
    assert is_allowed_call("x".upper)
    assert is_allowed_call(Record({"a": 1}).get)


def test_no_spec_field_hides_behind_a_mapping_method() -> None:
    """`society.items` would be the method, not the data: no field may take such a name."""
    def fields(model: type) -> Iterator[str]:
        for name, field in model.model_fields.items():  # type: ignore[attr-defined]
            yield name
            for kind in getattr(field.annotation, "__args__", (field.annotation,)):
                if inspect.isclass(kind) and hasattr(kind, "model_fields"):
                    yield from fields(kind)

    assert not MAPPING_METHODS.intersection(fields(Spec))
