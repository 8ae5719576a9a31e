"""Rendering as a founder sees it: complete rules, exact text, provenance, safe writing."""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path

import docx
import pytest
import yaml
from conftest import ENGLAND, EXAMPLES, SCOTLAND, WALES, edited, line_of, run_cli

from coopfound import __version__
from coopfound.output.document import Document
from coopfound.output.writers import write_documents
from coopfound.spec.loader import load_spec

TRICKY_NAME = 'Gofal "Cariad" & <Cymorth> Tŷ\'r Ŵyn â\'i Ffrindiau Cyfyngedig'
TRICKY_SERVICE = "care & support for people aged < 25 or > 65, in 'their' own \"homes\""


def render(spec: Path, out: Path, *extra: str) -> Path:
    result = run_cli("render", spec, "-o", out, *extra)
    assert result.exit_code == 0, result.stderr
    return out


def docx_texts(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


def front_matter(markdown: str) -> dict[str, str]:
    match = re.match(r"^---\n(.*?)\n---\n", markdown, re.DOTALL)
    assert match, "no front matter"
    data = yaml.safe_load(match.group(1))
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_renders_markdown_and_word(example: Path, tmp_path: Path) -> None:
    out = render(example, tmp_path / "out")
    assert {"manifest.json", "rules.docx", "rules.md"} <= {p.name for p in out.iterdir()}
    name = load_spec(example).spec.society.name
    markdown = (out / "rules.md").read_text(encoding="utf-8")
    assert f"# Rules of {name}" in markdown
    assert "\ue000" not in markdown, "an unresolved cross-reference was written"
    assert docx_texts(out / "rules.docx")[0] == f"Rules of {name}"


def test_markdown_and_word_carry_the_same_rules(tmp_path: Path) -> None:
    out = render(ENGLAND, tmp_path / "out")
    markdown = (out / "rules.md").read_text(encoding="utf-8")
    headings = re.findall(r"^### (\d+)\. (.+)$", markdown, re.MULTILINE)
    word = docx.Document(str(out / "rules.docx"))
    word_headings = [p.text.split("\t") for p in word.paragraphs if p.style.name == "Heading 2"]
    assert [(f"{n}.", t) for n, t in headings] == [tuple(h) for h in word_headings]
    assert [int(n) for n, _ in headings] == list(range(1, len(headings) + 1))
    md_paragraphs = re.findall(r"^\*\*(\d+\.\d+)\*\* (.+)$", markdown, re.MULTILINE)
    word_paragraphs = [tuple(p.text.split("\t", 1)) for p in word.paragraphs
                       if p.style.name == "Rule Paragraph"]
    assert md_paragraphs == word_paragraphs


def test_word_uses_real_styles_header_and_page_numbers(tmp_path: Path) -> None:
    out = render(WALES, tmp_path / "out")
    word = docx.Document(str(out / "rules.docx"))
    styles = {p.style.name for p in word.paragraphs}
    assert {"Title", "Heading 1", "Heading 2", "Rule Paragraph", "Rule Item"} <= styles
    section = word.sections[0]
    name = load_spec(WALES).spec.society.name
    assert section.header.paragraphs[0].text == name
    footer_xml = section.footer._element.xml
    assert 'w:instr="PAGE"' in footer_xml and 'w:instr="NUMPAGES"' in footer_xml
    assert "{{" not in "".join(p.text for p in word.paragraphs), "a template tag leaked"


def test_exact_text_in_every_format(tmp_path: Path) -> None:
    spec = edited(WALES, tmp_path,
                  ('name: "Gofal â Chalon Dyffryn Conwy Cyfyngedig"',
                   f"name: {json.dumps(TRICKY_NAME, ensure_ascii=False)}"),
                  ('- "personal care and support at home for adults who need it"',
                   f"- {json.dumps(TRICKY_SERVICE, ensure_ascii=False)}"))
    out = render(spec, tmp_path / "out")
    markdown = (out / "rules.md").read_text(encoding="utf-8")
    assert f"# Rules of {TRICKY_NAME}" in markdown
    assert TRICKY_SERVICE in markdown
    word = docx.Document(str(out / "rules.docx"))
    body = "\n".join(p.text for p in word.paragraphs)
    assert word.paragraphs[0].text == f"Rules of {TRICKY_NAME}"
    assert TRICKY_SERVICE in body
    assert word.sections[0].header.paragraphs[0].text == TRICKY_NAME
    assert word.core_properties.title == f"Rules of {TRICKY_NAME}"
    assert "&amp;" not in body and "&lt;" not in body


def test_provenance_is_recorded_in_both_formats(tmp_path: Path) -> None:
    out = render(SCOTLAND, tmp_path / "out")
    loaded = load_spec(SCOTLAND)
    meta = front_matter((out / "rules.md").read_text(encoding="utf-8"))
    assert meta["generator"] == f"coopfound {__version__}"
    assert meta["spec_sha256"] == loaded.fingerprint
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(meta["law_as_at"]))
    properties = docx.Document(str(out / "rules.docx")).core_properties
    assert properties.identifier == loaded.fingerprint
    assert properties.version == __version__
    assert str(meta["law_as_at"]) in properties.comments
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["provenance"]["spec_sha256"] == loaded.fingerprint
    assert {"rules.md", "rules.docx"} <= {f["name"] for f in manifest["files"]}


def test_spec_hash_ignores_comments_but_not_content(tmp_path: Path) -> None:
    commented = edited(WALES, tmp_path, ("spec_version: 1", "# a note\nspec_version: 1"),
                       name="a.yaml")
    changed = edited(WALES, tmp_path, ("term_years: 3", "term_years: 2"), name="b.yaml")
    original = load_spec(WALES).fingerprint
    assert load_spec(commented).fingerprint == original
    assert load_spec(changed).fingerprint != original


def test_spec_choices_change_the_rules(tmp_path: Path) -> None:
    """Turning withdrawable shares on adds a rule and renumbers what follows."""
    base = render(WALES, tmp_path / "a")
    spec = edited(WALES, tmp_path, ("withdrawable: false", "withdrawable: true"))
    withdrawable = render(spec, tmp_path / "b")
    count = [len(re.findall(r"^### \d+\.", (out / "rules.md").read_text(encoding="utf-8"),
                            re.MULTILINE)) for out in (base, withdrawable)]
    assert count[1] == count[0] + 1


def test_earlier_render_is_replaced_only_with_force(tmp_path: Path) -> None:
    out = render(WALES, tmp_path / "out")
    before = (out / "rules.md").read_bytes()
    spec = edited(WALES, tmp_path, ("term_years: 3", "term_years: 2"))
    result = run_cli("render", spec, "-o", out)
    assert result.exit_code == 2
    assert "earlier render" in result.stderr and "--force" in result.stderr
    assert (out / "rules.md").read_bytes() == before
    render(spec, out, "--force")
    assert (out / "rules.md").read_bytes() != before


def test_force_never_deletes_files_coopfound_did_not_write(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    result = run_cli("render", WALES, "-o", out, "--force")
    assert result.exit_code == 2
    assert "notes.txt" in result.stderr
    assert [p.name for p in out.iterdir()] == ["notes.txt"]


def test_force_never_deletes_a_hand_edited_document(tmp_path: Path) -> None:
    out = render(WALES, tmp_path / "out")
    with (out / "rules.md").open("a", encoding="utf-8") as handle:
        handle.write("\nOur own extra rule.\n")
    result = run_cli("render", WALES, "-o", out, "--force")
    assert result.exit_code == 2
    assert "rules.md" in result.stderr
    assert "Our own extra rule." in (out / "rules.md").read_text(encoding="utf-8")


def test_output_folder_is_readable_by_others_as_the_umask_allows(tmp_path: Path) -> None:
    out = render(WALES, tmp_path / "out")
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o777 & ~mask


def test_force_never_replaces_the_folder_holding_the_spec(tmp_path: Path) -> None:
    spec = edited(WALES, tmp_path, ("term_years: 3", "term_years: 3"))
    result = run_cli("render", spec, "-o", tmp_path, "--force")
    assert result.exit_code == 2
    assert spec.exists()


def test_spec_with_errors_is_not_rendered(tmp_path: Path) -> None:
    spec = edited(WALES, tmp_path, ('Conwy Cyfyngedig"', 'Conwy"'))
    result = run_cli("render", spec, "-o", tmp_path / "out")
    assert result.exit_code == 3
    assert "CF101" in result.stderr
    assert not (tmp_path / "out").exists()


class Interrupted(BaseException):
    """Stands in for Ctrl-C arriving in the middle of writing."""


def test_interrupted_write_leaves_the_previous_output(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    out = render(WALES, tmp_path / "out")
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    calls = 0
    real_fsync = os.fsync

    def failing_fsync(handle: int) -> None:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise Interrupted
        real_fsync(handle)

    monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises(Interrupted):
        write_documents(out, [Document("rules.md", b"new"), Document("rules.docx", b"new")],
                        {"generator": "test"})
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["out"], "a staging folder was left behind"


def test_output_folder_is_created_with_parents(tmp_path: Path) -> None:
    out = render(WALES, tmp_path / "deep" / "er" / "out")
    assert (out / "rules.md").exists()


def test_same_spec_gives_identical_files(tmp_path: Path) -> None:
    first = render(ENGLAND, tmp_path / "a")
    second = render(ENGLAND, tmp_path / "b")
    for name in ("rules.md", "rules.docx", "manifest.json"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_word_file_is_a4_british_english_and_has_no_stale_dates(tmp_path: Path) -> None:
    out = render(WALES, tmp_path / "out")
    word = docx.Document(str(out / "rules.docx"))
    section = word.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    styles_xml = word.styles.element.xml
    assert 'w:val="en-GB"' in styles_xml
    assert word.core_properties.created is None
    assert word.core_properties.author == "coopfound"


def test_rules_have_a_place_for_the_secretary_and_three_members_to_sign(tmp_path: Path) -> None:
    out = render(WALES, tmp_path / "out")
    secretary = load_spec(WALES).spec.secretary.name
    markdown = (out / "rules.md").read_text(encoding="utf-8")
    assert f"Secretary: {secretary}. Signature:" in markdown
    assert markdown.count("Member: ______") == 3
    word = "\n".join(docx_texts(out / "rules.docx"))
    assert f"Secretary: {secretary}. Signature:" in word and word.count("Member: ___") == 3


def test_render_shows_each_warning_located_with_its_hint_as_check_does(
        tmp_path: Path) -> None:
    result = run_cli("render", SCOTLAND, "-o", tmp_path / "out")
    assert result.exit_code == 0
    line = line_of(SCOTLAND, "asset_lock: statutory")
    assert f"Warning: {SCOTLAND}:{line}: dissolution.asset_lock: " in result.stdout
    assert "(CF126)\nHint: before anyone signs" in result.stdout


def test_a_refused_render_leaves_no_empty_folders_behind(tmp_path: Path) -> None:
    result = run_cli("render", tmp_path / "nothere.yaml", "-o", tmp_path / "out" / "x" / "y")
    assert result.exit_code == 2
    broken = edited(WALES, tmp_path, ("term_years: 3", "term_years: many"))
    assert run_cli("render", broken, "-o", tmp_path / "out" / "z").exit_code == 3
    assert not (tmp_path / "out").exists()
