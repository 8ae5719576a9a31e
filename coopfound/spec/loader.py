"""Read `coop.yaml` into a `Spec`, turning every way a file can be wrong into located problems.

YAML loaders forget where things came from, and pydantic reports paths, not lines. We
parse once into a node tree, keep the line of every key and value, and map each
validation error's path back to a line, so a founder is told `coop.yaml:12: board.size`
rather than a traceback.
"""

from __future__ import annotations

import difflib
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from coopfound.errors import Problem, SpecError, UsageError
from coopfound.spec.fields import PathKey, field_description, model_at, plain_message
from coopfound.spec.limits import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_NODES,
    MAX_NUMBER_CHARS,
    MAX_SCALAR_CHARS,
    shortened,
)
from coopfound.spec.model import CURRENT_SPEC_VERSION, KNOWN_SPEC_VERSIONS, Spec

# libyaml's parser is several times faster and keeps the same line marks; fall back to
# the pure-Python one where PyYAML was built without it.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

SCHEMA_HINT = "run `coopfound schema` to see every key a spec may have"


@dataclass(frozen=True)
class Positions:
    """Line numbers (1-based) of each key and value in the YAML file, by field path."""

    key_lines: dict[PathKey, int] = field(default_factory=dict)
    value_lines: dict[PathKey, int] = field(default_factory=dict)

    def line_for(self, path: PathKey, *, prefer_key: bool = False) -> int | None:
        """The line of `path`, or of its nearest ancestor that is in the file."""
        for end in range(len(path), -1, -1):
            prefix = path[:end]
            lines = (self.key_lines, self.value_lines) if prefer_key else (
                self.value_lines, self.key_lines)
            for table in lines:
                if prefix in table:
                    return table[prefix]
        return None


@dataclass(frozen=True)
class LoadedSpec:
    spec: Spec
    path: Path
    positions: Positions
    #: The data as the file gives it, before defaults: what the fingerprint is taken of.
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def fingerprint(self) -> str:
        return spec_fingerprint(self.data)


def spec_fingerprint(data: dict[str, Any]) -> str:
    """SHA-256 of what the spec file says, ignoring comments, key order and layout.

    It is taken of the file's data, not of the model with its defaults, so that a later
    coopfound that adds a defaulted option gives the same file the same fingerprint.
    """
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def format_path(path: PathKey) -> str:
    text = ""
    for part in path:
        name = part if isinstance(part, int) else shortened(part)  # an unknown key's name
        text += f"[{name}]" if isinstance(name, int) else (f".{name}" if text else name)
    return text


def load_spec_data(path: Path) -> dict[str, Any]:
    """Read a YAML mapping (a spec, or answers for `init`) with located errors."""
    return parse_yaml(_read_text(path), path)[0]


def load_spec_data_located(path: Path) -> tuple[dict[str, Any], Positions]:
    """A YAML mapping with the line of every key and value, so that a later problem with
    one of its answers can name its line."""
    return parse_yaml(_read_text(path), path)


def load_spec(path: Path) -> LoadedSpec:
    """Load and validate a spec file, or raise `SpecError` listing every problem found."""
    text = _read_text(path)
    data, positions = parse_yaml(text, path)
    _check_version(data, path, positions)
    try:
        spec = Spec.model_validate(data)
    except ValidationError as error:
        raise SpecError(_problems_from_validation(error, path, positions)) from None
    return LoadedSpec(spec=spec, path=path, positions=positions, data=data)


def _read_text(path: Path) -> str:
    try:
        if not path.exists():
            raise UsageError(Problem("no such file", file=path,
                                     hint="check the path to your coop.yaml"))
        if path.is_dir():
            raise UsageError(Problem("this is a folder, not a spec file", file=path,
                                     hint="give the path to a coop.yaml inside it"))
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:  # checked before reading: a 50 MB paste costs nothing
            raise SpecError(Problem(
                f"this file is {_megabytes(size)}; a spec may be at most"
                f" {_megabytes(MAX_FILE_BYTES)}", file=path,
                hint="a spec is a short text file; check that this is the right file"))
        with path.open("rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise UsageError(Problem(
            f"cannot be read ({error.strerror or error})", file=path,
            hint="check that the file exists and that you may read it")) from None
    if len(raw) > MAX_FILE_BYTES:  # it grew while we looked, or it is not a regular file
        raise SpecError(Problem(f"this file is larger than {_megabytes(MAX_FILE_BYTES)},"
                                " the most a spec may be", file=path,
                                hint="a spec is a short text file; check that this is the"
                                     " right file"))
    kind = _binary_kind(raw)
    if kind:
        raise SpecError(Problem(
            f"this looks like {kind}, not a spec", file=path,
            hint="a spec is a text file of keys and values; see examples/ in coopfound's"
                 " repository"))
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")  # Notepad's "Unicode": unusual, but unambiguous
        except UnicodeDecodeError:
            raise SpecError(Problem(
                "this file starts as UTF-16 text but is cut short or damaged", file=path,
                hint="in your editor, save the file again with the encoding 'UTF-8'",
            )) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise SpecError(Problem(
            "this line has a character (such as £ or an accented letter) saved in an"
            " older encoding, not UTF-8",
            file=path, line=line,
            hint="in your editor, save the file with the encoding 'UTF-8'",
        )) from None


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{size / 1024:.0f} KB"


_SIGNATURES = (
    (b"PK\x03\x04", "a Word, OpenDocument or other zipped file"),
    (b"%PDF", "a PDF"),
    (b"\x89PNG", "a PNG picture"),
    (b"\xff\xd8\xff", "a JPEG picture"),
    (b"GIF8", "a GIF picture"),
    (b"\xd0\xcf\x11\xe0", "an old Word or Excel document"),
    (b"{\\rtf", "a rich-text (RTF) document"),
)


def _binary_kind(raw: bytes) -> str | None:
    for signature, kind in _SIGNATURES:
        if raw.startswith(signature):
            return kind
    if b"\x00" in raw[:1024] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "a binary file"
    return None


@dataclass(frozen=True)
class YamlKind:
    """What a YAML file is meant to be, for the words of its errors."""

    name: str  # "a spec"
    shape: str  # "keys such as 'spec_version: 1' and 'society:'"
    model: str  # "a spec in examples/"


SPEC_FILE = YamlKind("a spec", "keys such as 'spec_version: 1' and 'society:'",
                     "a spec in examples/")


def parse_yaml(text: str, path: Path, kind: YamlKind = SPEC_FILE,
               ) -> tuple[dict[str, Any], Positions]:
    """Parse YAML text into data plus the line of every key and value."""
    if not any(line.strip() and not line.lstrip().startswith("#") for line in text.splitlines()):
        raise SpecError(Problem("the file is empty", file=path, line=1,
                                hint=f"start from {kind.model}"))
    loader = _SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            check_bounds(node, path)
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        reason = " ".join(filter(None, [error.context, error.problem]))
        if line and _indented_with_tab(text, line):
            raise SpecError(Problem(
                "this line is indented with a tab; YAML indents with spaces only",
                file=path, line=line, hint="replace the tab with spaces")) from None
        raise SpecError(Problem(
            f"this is not valid YAML: {reason}", file=path, line=line,
            hint="check the indentation and the quoting on this line and the lines"
                 " just above it (a quote that is opened but not closed)")) from None
    except yaml.YAMLError as error:
        raise SpecError(Problem(f"this is not valid YAML: {error}", file=path,
                                hint="check the indentation and the quoting")) from None
    except RecursionError:  # the pure-Python parser, without libyaml's own depth limit
        raise SpecError(Problem(f"values are nested more than {MAX_DEPTH} levels deep",
                                file=path, hint=_SHAPE_HINT)) from None
    except ValueError:  # YAML reads 2026-13-01 as a date, and no such date exists
        raise SpecError(_impossible_date(node, path)) from None
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        found = "a list" if isinstance(data, list) else "plain text"
        raise SpecError(Problem(
            f"{kind.name} is a set of {kind.shape}, but this file holds {found}", file=path,
            line=1, hint=f"compare with {kind.model}"))
    positions = Positions()
    problems: list[Problem] = []
    if node is not None:
        _record_positions(node, (), positions, problems, path)
    if problems:
        raise SpecError(problems)
    return data, positions


_SHAPE_HINT = "compare the shape of your spec with a spec in examples/"
_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")


def check_bounds(root: yaml.Node, path: Path) -> None:
    """Refuse a document that is too large or too deep once its aliases are expanded,
    before anything is built from it.

    An alias (`*name`) repeats its anchor's whole value, so ten short lines can stand for
    a billion values. The expanded size and depth of each node are counted once (an
    anchor used a thousand times costs one count), without recursion, in time linear in
    the file.
    """
    sizes: dict[int, tuple[int, int]] = {}  # id(node) -> (values, depth) when expanded
    open_nodes: set[int] = set()
    pending: list[tuple[yaml.Node, bool]] = [(root, False)]
    while pending:
        node, children_done = pending.pop()
        key = id(node)
        if key in sizes:
            continue
        children = _children(node)
        if not children_done:
            if key in open_nodes:
                raise SpecError(Problem(
                    "a value here contains itself (an alias *name inside its own anchor)",
                    file=path, line=node.start_mark.line + 1, hint=_SHAPE_HINT))
            _check_scalar(node, path)
            open_nodes.add(key)
            pending.append((node, True))
            pending += [(child, False) for child in children if id(child) not in sizes]
            continue
        open_nodes.discard(key)
        counted = [sizes[id(child)] for child in children]
        values = 1 + sum(count for count, _ in counted)
        depth = 1 + max((deep for _, deep in counted), default=0)
        line = node.start_mark.line + 1
        if values > MAX_NODES:
            raise SpecError(Problem(
                f"this holds more than {MAX_NODES:,} values once its aliases (*name) are"
                " expanded", file=path, line=line,
                hint="a spec needs a few hundred values; remove the aliases that repeat"
                     " whole sections"))
        if depth > MAX_DEPTH:
            raise SpecError(Problem(f"values are nested more than {MAX_DEPTH} levels deep"
                                    " here", file=path, line=line, hint=_SHAPE_HINT))
        sizes[key] = (values, depth)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [item for pair in node.value for item in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _check_scalar(node: yaml.Node, path: Path) -> None:
    if not isinstance(node, yaml.ScalarNode):
        return
    line = node.start_mark.line + 1
    if node.tag in _NUMBER_TAGS and len(node.value) > MAX_NUMBER_CHARS:
        raise SpecError(Problem(
            f"this number is {len(node.value):,} characters long; numbers in a spec have at"
            f" most {MAX_NUMBER_CHARS}", file=path, line=line,
            hint="write the amount in pounds, such as 250000"))
    if len(node.value) > MAX_SCALAR_CHARS:
        raise SpecError(Problem(
            f"this value is {len(node.value):,} characters long; no value in a spec may be"
            f" longer than {MAX_SCALAR_CHARS:,}", file=path, line=line,
            hint="a name or a sentence belongs here, not a document"))


def _impossible_date(node: yaml.Node | None, path: Path) -> Problem:
    """Locate the date-shaped value that is no real date."""
    pending = [node] if node is not None else []
    while pending:
        current = pending.pop()
        if isinstance(current, yaml.ScalarNode) and current.tag.endswith(":timestamp"):
            try:
                yaml.SafeLoader("").construct_yaml_timestamp(current)
            except ValueError:
                return Problem(f"{current.value} is not a real date", file=path,
                               line=current.start_mark.line + 1,
                               hint="write a date like 2027-01-20 (year, month, day)")
        elif isinstance(current, yaml.MappingNode):
            pending += [item for pair in current.value for item in pair]
        elif isinstance(current, yaml.SequenceNode):
            pending += current.value
    return Problem("a date in this file is not a real date", file=path,
                   hint="write dates like 2027-01-20 (year, month, day)")


def _indented_with_tab(text: str, line: int) -> bool:
    lines = text.splitlines()
    return 0 < line <= len(lines) and "\t" in lines[line - 1][
        : len(lines[line - 1]) - len(lines[line - 1].lstrip())]


def _record_positions(node: yaml.Node, path: PathKey, positions: Positions,
                      problems: list[Problem], file: Path) -> None:
    positions.value_lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in seen and key != "<<":
                problems.append(Problem(
                    f"'{shortened(key)}' is given twice (first on line {seen[key]})",
                    file=file, line=line, field=format_path((*path, key)),
                    hint="keep one of them: YAML would silently use the last"))
            seen[key] = line
            positions.key_lines[(*path, key)] = line
            _record_positions(value_node, (*path, key), positions, problems, file)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_positions(item, (*path, index), positions, problems, file)


def _check_version(data: dict[str, Any], path: Path, positions: Positions) -> None:
    version = data.get("spec_version")
    known = ", ".join(str(v) for v in sorted(KNOWN_SPEC_VERSIONS))
    if version is None and not set(data) & set(Spec.model_fields):
        raise SpecError(Problem(
            "this does not look like a spec: it has none of a spec's keys"
            " (spec_version, society, member_classes, ...)", file=path, line=1,
            hint="compare with a spec in examples/"))
    if version is None:
        raise SpecError(Problem(
            "spec_version is missing", file=path, line=1, field="spec_version",
            hint=f"add 'spec_version: {CURRENT_SPEC_VERSION}' as the first line"))
    if isinstance(version, bool) or not isinstance(version, int) \
            or version not in KNOWN_SPEC_VERSIONS:
        from coopfound import __version__

        raise SpecError(Problem(
            f"{version!r} is not a spec version this coopfound ({__version__}) can read"
            f" (it reads {known})",
            file=path, line=positions.line_for(("spec_version",)), field="spec_version",
            hint="install a newer coopfound, or correct spec_version"))


def _problems_from_validation(error: ValidationError, path: Path,
                              positions: Positions) -> list[Problem]:
    problems = []
    items = error.errors(include_url=False)
    # A misspelt key shows up twice: as unknown, and its real name as missing. Report it
    # once, as the unknown key with "did you mean".
    misspelt = {(*item["loc"][:-1], guess) for item in items
                if item["type"] == "extra_forbidden"
                and (guess := _closest_field(tuple(item["loc"]))) is not None}
    for item in items:
        loc: PathKey = tuple(item["loc"])
        kind = item["type"]
        message = str(item["msg"]).removeprefix("Value error, ")
        hint = _field_description(loc)
        if kind == "missing" and loc in misspelt:
            continue
        if kind == "missing":
            line = positions.line_for(loc[:-1], prefer_key=True)
            message = f"'{loc[-1]}' is missing"
            hint = hint or SCHEMA_HINT
        elif kind == "extra_forbidden":
            line = positions.line_for(loc, prefer_key=True)
            message = f"unknown key '{shortened(str(loc[-1]))}'"
            hint = _did_you_mean(loc) or f"remove it; {SCHEMA_HINT}"
        else:
            line = positions.line_for(loc)
            message = plain_message(kind, message, item.get("ctx"))
            if "input" in item and not isinstance(item["input"], dict | list):
                found = item["input"]
                message += f" (found {shortened(found)!r})" if isinstance(found, str) else (
                    f" (found {found!r})")
        problems.append(Problem(message, file=path, line=line, field=format_path(loc),
                                hint=hint or SCHEMA_HINT))
    problems.sort(key=lambda p: p.line or 0)
    return problems


def _field_description(loc: PathKey) -> str | None:
    return field_description(loc) if any(isinstance(p, str) for p in loc) else None


def _closest_field(loc: PathKey) -> str | None:
    model = model_at(loc)
    if model is None or not isinstance(loc[-1], str):
        return None
    close = difflib.get_close_matches(loc[-1], list(model.model_fields), n=1, cutoff=0.6)
    return close[0] if close else None


def _did_you_mean(loc: PathKey) -> str | None:
    guess = _closest_field(loc)
    return f"did you mean '{guess}'?" if guess else None
