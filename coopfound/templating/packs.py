"""Template packs: where every template, shell and list of documents is found.

The built-in templates are one pack. A development body keeps its own pack in a folder
with a `pack.yaml` manifest and passes `--templates DIR`; a file in that folder replaces
the built-in file of the same name (`rules/clauses/purpose.md.j2`, `letters/document.docx`,
`rules/rulebook.yaml`, ...), and anything it does not provide comes from the built-in pack.

Templates that did not ship with coopfound are not trusted: when a custom pack is in use,
every template renders in Jinja's immutable sandbox, and the loader refuses any file that
resolves outside the pack's folders (a symlink to ~/.ssh, say).
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

import jinja2
from pydantic import BaseModel, ConfigDict, Field, field_validator

from coopfound.errors import Problem, TemplateError, UsageError
from coopfound.spec.loader import Positions, YamlKind
from coopfound.spec.matters import MATTER_IDS
from coopfound.templating.environment import environment
from coopfound.templating.pack_files import confined, pack_text, pack_yaml, validated
from coopfound.templating.paths import templates_dir

MANIFEST_NAME = "pack.yaml"
Format = Literal["md", "docx"]
#: How a document's Word file is styled: each style is a Word shell in letters/
#: (founding/blocks.py, STYLE_SHELLS). Easy read is large, spaced and left-aligned; a
#: certificate is one bordered page.
DocumentStyle = Literal["standard", "easy-read", "certificate"]
#: The manifest's name for the rule book among the documents.
RULES_DOCUMENT = "rules"


def inside_the_pack(path: str) -> str:
    """A relative path that stays where it is put: no absolute paths, no `..`.

    A document's `output` becomes a file in the output folder and an example pattern a
    glob in the pack; neither may reach anywhere else.
    """
    parts = path.replace("\\", "/").split("/")
    if (not path.strip() or path.startswith(("/", "~")) or ":" in parts[0]
            or any(part in ("", ".", "..") for part in parts)):
        raise ValueError(f"{path!r} must be a relative path such as letters/welcome, with"
                         " no '..' in it")
    if any(ord(character) < 32 or character == "\x7f" for character in path):
        raise ValueError("a path may not hold control characters")
    if len(path) > 200 or any(len(part) > 100 for part in parts):
        raise ValueError("a path may be at most 200 characters, and each name in it 100")
    return path


#: The only field a document's output may name: per-class documents are one per class.
OUTPUT_FIELDS = frozenset({"class_id"})


def output_pattern(path: str) -> str:
    """A document's output: a relative path whose only field is `{class_id}`, as it is.

    The pattern comes from a pack, so it is never handed to `str.format`, which would let
    `{class_id.__class__}` reach private attributes and `{class_id:>1000000000}` build a
    gigabyte; `fill_output` puts the value in itself.
    """
    inside_the_pack(path)
    try:
        fields = [(name, spec, conversion)
                  for _, name, spec, conversion in string.Formatter().parse(path)
                  if name is not None]
    except ValueError as error:
        raise ValueError(f"this output is not a valid pattern: {error} (write {{class_id}}"
                         " for the class, and {{ or }} for a brace)") from None
    for name, spec, conversion in fields:
        if name not in OUTPUT_FIELDS or spec or conversion:
            shown = "{" + name + (f"!{conversion}" if conversion else "") + (
                f":{spec}" if spec else "") + "}"
            raise ValueError(f"an output may name only {{class_id}}, exactly so; this one has"
                             f" {shown}")
    return path


def fill_output(pattern: str, **values: str) -> str:
    """An output pattern (checked by `output_pattern`) with its fields filled in."""
    return "".join(literal + (values[name] if name is not None else "")
                   for literal, name, _, _ in string.Formatter().parse(pattern))


def valid_output(path: str | None) -> str | None:
    return None if path is None else output_pattern(path)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DocumentSetting(_Strict):
    """A document the pack adds, replaces, changes the formats of, or leaves out."""

    id: str = Field(description="The document's id, as in letters/pack.yaml, or 'rules'.")
    template: str | None = Field(None, description="Template file under letters/.")
    output: str | None = Field(
        None, description="Path in the output folder, without extension; {class_id} for"
                          " per-class documents.")
    per: Literal["member_class"] | None = None

    _output_stays_inside = field_validator("output")(valid_output)
    when: str | None = Field(None, description="A Jinja expression; the document is written"
                                               " only when it is true.")
    formats: tuple[Format, ...] | None = None
    style: DocumentStyle | None = Field(
        None, description="How the Word file is styled: standard, easy-read or certificate.")
    omit: bool = Field(False, description="Leave this built-in document out of the pack.")


class RuleTemplateSetting(_Strict):
    matters: tuple[str, ...] = Field(description="The s.14 matters (M1..M14) it covers.")


class PackManifest(_Strict):
    """pack.yaml: what a template pack is and what it provides."""

    name: Annotated[str, Field(min_length=1)]
    version: Annotated[str, Field(min_length=1)]
    description: str | None = None
    law_as_at: date | None = Field(
        None, description="The date the law behind the rules was last checked.")
    formats: tuple[Format, ...] = Field(("md", "docx"), min_length=1,
                                        description="Formats of every document by default.")
    documents: tuple[DocumentSetting, ...] = ()
    rules: dict[str, RuleTemplateSetting] = Field(
        default_factory=dict,
        description="Each rule template the pack provides, by clause id, with its matters.")
    examples: tuple[str, ...] = Field(
        ("examples/*.yaml",), description="Specs (globs in the pack folder) that `coopfound"
                                          " templates lint` renders besides coopfound's own.")

    @field_validator("examples")
    @classmethod
    def _examples_stay_inside(cls, patterns: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(inside_the_pack(pattern) for pattern in patterns)


@dataclass(frozen=True)
class TemplatePack:
    """An ordered set of template folders: a custom pack first, then the built-in one."""

    roots: tuple[Path, ...]
    sandboxed: bool
    manifest: PackManifest = field(compare=False)
    builtin: PackManifest = field(compare=False)
    manifest_path: Path = field(compare=False)

    @property
    def custom_root(self) -> Path | None:
        return self.roots[0] if self.sandboxed else None

    @property
    def label(self) -> str:
        """How documents name the templates that drafted them."""
        own = f"{self.manifest.name} {self.manifest.version}"
        if not self.sandboxed:
            return own
        return f"{own}, over {self.builtin.name} {self.builtin.version}"

    @property
    def law_as_at(self) -> date:
        law_as_at = self.manifest.law_as_at or self.builtin.law_as_at
        assert law_as_at is not None  # the built-in manifest always sets it (tested)
        return law_as_at

    def folders(self, folder: str) -> tuple[Path, ...]:
        """Where templates of one kind (`rules` or `letters`) are looked up, in order."""
        return tuple(root / folder for root in self.roots)

    def environment(self, folder: str, *, xml: bool = False) -> jinja2.Environment:
        return environment(self.folders(folder), sandboxed=self.sandboxed, xml=xml)

    def find(self, relative: str) -> Path:
        """The file that wins for `relative`: the custom pack's, else the built-in one."""
        for root in self.roots:
            candidate = root / relative
            if candidate.is_file():
                return confined(candidate, root)
        raise TemplateError(Problem(f"no template pack provides {relative}",
                                    file=self.roots[0] / relative,
                                    hint="coopfound's own pack holds every file it needs:"
                                         " reinstall coopfound, or add the file to your"
                                         " pack"))

    def read_text(self, relative: str) -> tuple[Path, str]:
        """The winning file for `relative` and its text, read as a pack's file is."""
        path = self.find(relative)
        return path, pack_text(path, self._root_of(path))

    def read_yaml(self, relative: str, kind: YamlKind) -> tuple[Path, dict[str, Any],
                                                                 Positions]:
        """The winning file for `relative` as a YAML mapping, with its lines."""
        path = self.find(relative)
        data, positions = pack_yaml(path, self._root_of(path), kind)
        return path, data, positions

    def _root_of(self, path: Path) -> Path:
        return next(root for root in self.roots if path.is_relative_to(root))

    def provides(self, relative: str) -> Path | None:
        """The custom pack's own file for `relative`, if it has one."""
        root = self.custom_root
        if root is not None and (root / relative).is_file():
            return root / relative
        return None

    def formats_of(self, document_id: str) -> tuple[Format, ...]:
        for setting in self.manifest.documents:
            if setting.id == document_id and setting.formats is not None:
                return setting.formats
        return self.manifest.formats


@cache
def builtin_pack() -> TemplatePack:
    root = templates_dir()
    manifest = read_manifest(root / MANIFEST_NAME, root)
    return TemplatePack(roots=(root,), sandboxed=False, manifest=manifest, builtin=manifest,
                        manifest_path=root / MANIFEST_NAME)


def template_pack(folder: Path | None) -> TemplatePack:
    """The pack `--templates DIR` names, over the built-in one; the built-in one for None."""
    if folder is None:
        return builtin_pack()
    return _custom_pack(folder)


@cache
def _custom_pack(folder: Path) -> TemplatePack:
    if not folder.is_dir():
        raise UsageError(Problem(
            f"{folder} is not a folder", hint="name a template pack's folder: the one that"
                                              " holds pack.yaml"))
    manifest_path = folder / MANIFEST_NAME
    if not manifest_path.is_file():
        raise UsageError(Problem(
            f"{folder} has no {MANIFEST_NAME}", file=manifest_path,
            hint="a template pack needs a manifest with at least its name and version;"
                 " see 'Template packs' in the README"))
    builtin = builtin_pack()
    return TemplatePack(roots=(folder, *builtin.roots), sandboxed=True,
                        manifest=read_manifest(manifest_path, folder),
                        builtin=builtin.manifest,
                        manifest_path=manifest_path)


_MANIFEST_HINT = "see 'Template packs' in the README for what pack.yaml holds"


#: pack.yaml, for the words of its errors.
MANIFEST_FILE = YamlKind("a template pack's manifest (pack.yaml)",
                         "keys such as 'name:' and 'version:'",
                         "the example in 'Template packs' in the README")


def read_manifest(path: Path, root: Path) -> PackManifest:
    data, positions = pack_yaml(path, root, MANIFEST_FILE)
    manifest = validated(PackManifest, data, path, positions, _MANIFEST_HINT)
    for clause_id, setting in manifest.rules.items():
        unknown = [m for m in setting.matters if m not in MATTER_IDS]
        if unknown:
            raise TemplateError(Problem(
                f"unknown s.14 matter {unknown[0]!r}", file=path,
                line=positions.line_for(("rules", clause_id, "matters")),
                field=f"rules.{clause_id}.matters", hint="matters are M1 to M14"))
    return manifest
