"""The package layout: one folder per stage, imports that only go down, no import circles.

A newcomer should be able to trust the layout: a module in a lower stage never reaches
up into a higher one (the spec knows nothing of the interview; the rules and the founding
pack know nothing of the command line), and no two modules need each other. Every import
counts, including those inside functions and under `TYPE_CHECKING`: a lazy import is still
a dependency.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT

PACKAGE = ROOT / "coopfound"

#: The stages, lowest first. A module may import from its own stage and the ones before it.
#: This is the one place the order is written; README's "How coopfound is built" explains it.
STAGES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("foundation", ("coopfound", "coopfound.errors", "coopfound.console", "coopfound.facts")),
    ("spec", ("coopfound.spec",)),
    ("control", ("coopfound.control",)),
    ("templating", ("coopfound.templating",)),
    ("output", ("coopfound.output",)),
    ("rules", ("coopfound.rules",)),
    ("checks", ("coopfound.checks",)),
    ("founding", ("coopfound.founding",)),
    ("publish", ("coopfound.publish",)),
    ("amend", ("coopfound.amend",)),
    ("annual", ("coopfound.annual",)),
    ("interview", ("coopfound.interview",)),
    ("batch", ("coopfound.batch",)),
    ("lint", ("coopfound.lint",)),
    ("cli", ("coopfound.cli", "coopfound.__main__")),
)


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES: dict[str, Path] = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def stage_of(module: str) -> int:
    """The index of the stage a module belongs to: the longest prefix named in STAGES."""
    best, best_length = -1, -1
    for index, (_, prefixes) in enumerate(STAGES):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best_length:
                # "coopfound" names only the package's own __init__, not everything in it
                if prefix == "coopfound" and module != "coopfound":
                    continue
                best, best_length = index, len(prefix)
    return best


def imported_modules(module: str, path: Path) -> Iterator[tuple[str, int]]:
    """Each coopfound module that `module` imports, with the line of the import."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("coopfound"):
                    yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            if not base.startswith("coopfound"):
                continue
            for alias in node.names:
                # `from coopfound.rules import word` imports a module; otherwise a name
                target = f"{base}.{alias.name}"
                yield (target if target in MODULES else base), node.lineno
    # Importing a.b.c runs the __init__ of a.b first.
    parent = module.rpartition(".")[0]
    if parent:
        yield parent, 0


GRAPH: dict[str, list[tuple[str, int]]] = {
    module: sorted({(target, line) for target, line in imported_modules(module, path)
                    if target != module})
    for module, path in MODULES.items()
}


def test_every_module_belongs_to_a_stage() -> None:
    lost = [module for module in MODULES if stage_of(module) < 0]
    assert not lost, f"add these modules to a stage in STAGES (tests/test_layout.py): {lost}"


def test_every_import_names_a_module_that_exists() -> None:
    missing = [f"{MODULES[m].relative_to(ROOT)}:{line}: {target}"
               for m, targets in GRAPH.items() for target, line in targets
               if target not in MODULES]
    assert not missing, f"imports of modules that do not exist: {missing}"


def test_no_stage_imports_a_higher_one() -> None:
    upward = [
        f"{MODULES[module].relative_to(ROOT)}:{line}: {module} ({STAGES[stage_of(module)][0]})"
        f" imports {target} ({STAGES[stage_of(target)][0]})"
        for module, targets in GRAPH.items() for target, line in targets
        if target in MODULES and stage_of(target) > stage_of(module)
    ]
    assert not upward, "a lower stage imports a higher one:\n" + "\n".join(upward)


def find_circle(graph: dict[str, list[str]]) -> list[str] | None:
    """One import circle in `graph` (as the list of modules around it), or None."""
    state: dict[str, str] = {}  # "open" while on the current path, "done" after

    def visit(module: str, path: list[str]) -> list[str] | None:
        state[module] = "open"
        path.append(module)
        for target in graph.get(module, []):
            if state.get(target) == "open":
                return [*path[path.index(target):], target]
            if target not in state and (circle := visit(target, path)):
                return circle
        path.pop()
        state[module] = "done"
        return None

    for module in graph:
        if module not in state and (circle := visit(module, [])):
            return circle
    return None


def test_no_import_circles() -> None:
    plain = {module: [target for target, _ in targets] for module, targets in GRAPH.items()}
    circle = find_circle(plain)
    assert circle is None, "modules that import each other: " + " -> ".join(circle or [])


def test_the_circle_finder_finds_circles() -> None:
    """The check above must be able to fail."""
    assert find_circle({"a": ["b"], "b": ["c"], "c": ["a"]}) == ["a", "b", "c", "a"]
    assert find_circle({"a": ["b"], "b": [], "c": ["a"]}) is None


@pytest.mark.parametrize("module", sorted(MODULES))
def test_every_module_says_what_it_is_for_in_one_line(module: str) -> None:
    docstring = ast.get_docstring(ast.parse(MODULES[module].read_text(encoding="utf-8")))
    assert docstring, f"{MODULES[module].relative_to(ROOT)} has no docstring"
    first, _, rest = docstring.partition("\n")
    assert first.strip() and (not rest or rest.startswith("\n")), (
        f"{MODULES[module].relative_to(ROOT)}: the docstring's first line must be a whole"
        " sentence on its own, followed by a blank line")


def test_readme_names_every_stage_folder() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.partition("## How coopfound is built")[2].partition("\n## ")[0]
    assert section, "README has no 'How coopfound is built' section"
    folders = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file())
    missing = [f for f in folders if f"`{f}/`" not in section]
    assert not missing, f"README's contributor section does not name {missing}"
