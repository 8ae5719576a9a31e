"""One HTML page that holds a render's documents, to read on screen or print at once.

Each document is a section of the page, listed in a contents list at the top. A Markdown
document is converted with markdown-it-py, limited to the subset coopfound writes
(`founding/blocks.py`: headings, paragraphs, lists, boxes to tick, small print): with
inline Markdown, entities and escapes switched off, text comes out exactly as typed, as in
the Word files, and no link or image can reach outside the page. The page has no scripts,
no fonts and no styles from elsewhere, so it reads the same offline, years from now.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

#: Splits text into pieces, each with the id of the anchor it links to (None: no link).
Linker = Callable[[str], Iterable[tuple[str, str | None]]]

PAGE_NAME = "index.html"
CONTENTS_ID = "contents"


@dataclass(frozen=True)
class Section:
    id: str  # unique on the page; the contents list links to it
    title: str
    body: str  # HTML
    #: The file it comes from, shown in the contents: per-class forms share a title.
    source: str = ""


def no_links(text: str) -> Iterable[tuple[str, str | None]]:
    return [(text, None)]


def text_html(text: str, link: Linker = no_links) -> str:
    """`text` escaped for HTML, with the pieces `link` finds made links to their anchors."""
    return "".join(
        f'<a href="#{attribute(anchor)}">{html.escape(piece, quote=False)}</a>' if anchor
        else html.escape(piece, quote=False)
        for piece, anchor in link(text))


def attribute(value: str) -> str:
    return html.escape(value, quote=True)


@cache
def _markdown() -> MarkdownIt:
    # Imported here: only a render builds the page, and `coopfound --help` must stay fast.
    from markdown_it import MarkdownIt
    from mdit_py_plugins.anchors import anchors_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin
    from mdit_py_plugins.tasklists import tasklists_plugin

    # "zero" enables paragraphs and plain text only; add what founding/blocks.py writes.
    return (MarkdownIt("zero", {"html": False, "linkify": False, "typographer": False})
            .enable(["heading", "list", "blockquote", "newline"])
            .use(front_matter_plugin)  # provenance, which the page gives once, not as text
            .use(tasklists_plugin)  # "- [ ] item": a box to tick, on paper too
            .use(anchors_plugin, min_level=2, max_level=3))


def warm_up() -> None:
    """Import and build the converter once, before a batch forks its workers."""
    _markdown()


def markdown_section(markdown: str, section_id: str, fallback_title: str,
                     link: Linker = no_links) -> Section:
    """A Markdown document as a section: its title from its first heading, its headings
    given ids under the section's (documents share headings such as "Signature"), and
    the pieces `link` finds in its text made links."""
    md = _markdown()
    tokens = [t for t in md.parse(markdown) if t.type != "front_matter"]
    titles = [tokens[i + 1].content for i, t in enumerate(tokens)
              if t.type == "heading_open" and t.tag == "h1" and tokens[i + 1].content]
    for token in tokens:
        if token.type != "heading_open":
            continue
        slug = token.attrGet("id")
        if slug is not None:
            token.attrSet("id", f"{section_id}--{slug}")
    for token in tokens:
        if token.type == "inline" and token.children:
            token.children = [piece for child in token.children
                              for piece in _linked(child, link)]
    return Section(section_id, titles[0] if titles else fallback_title,
                   md.renderer.render(tokens, md.options, {}))


def _linked(token: Token, link: Linker) -> list[Token]:
    from markdown_it.token import Token as make

    if token.type != "text":
        return [token]
    pieces: list[Token] = []
    for piece, anchor in link(token.content):
        if anchor is None:
            pieces.append(make("text", "", 0, content=piece))
            continue
        opening = make("link_open", "a", 1)
        opening.attrSet("href", f"#{anchor}")
        pieces += [opening, make("text", "", 0, content=piece), make("link_close", "a", -1)]
    return pieces


def page(title: str, sections: Sequence[Section], generated_by: str) -> bytes:
    """The whole page: a contents list, then each section, with styles for screen and
    print (each document on a new page, no contents or navigation on paper)."""
    contents = "\n".join(
        f'<li><a href="#{attribute(s.id)}">{html.escape(s.title)}</a>'
        + (f' <span class="source">{html.escape(s.source)}</span>' if s.source else "")
        + "</li>" for s in sections)
    body = "\n".join(
        f'<section class="document" id="{attribute(s.id)}">\n{s.body}'
        f'<p class="to-contents"><a href="#{CONTENTS_ID}">Back to the contents</a></p>\n'
        "</section>" for s in sections)
    text = f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<style>
{STYLE}</style>
</head>
<body>
<header>
<p class="pack-title">{html.escape(title)}</p>
<p class="generated">{html.escape(generated_by)}</p>
</header>
<nav id="{CONTENTS_ID}" aria-labelledby="{CONTENTS_ID}-heading">
<h2 id="{CONTENTS_ID}-heading">Contents</h2>
<ol>
{contents}
</ol>
</nav>
<main>
{body}
</main>
</body>
</html>
"""
    return text.encode("utf-8")


#: System fonts only: a web font would be a resource from elsewhere.
STYLE = """\
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  font-size: 1.05rem; line-height: 1.55; color: #1a1a1a; background: #fff;
  max-width: 46rem; margin: 0 auto; padding: 1rem 1.25rem 4rem; }
h1 { font-size: 1.7rem; line-height: 1.25; margin: 2.5rem 0 1rem; }
h2 { font-size: 1.3rem; margin: 2rem 0 0.75rem; }
h3 { font-size: 1.1rem; margin: 1.5rem 0 0.5rem; }
a { color: #0b57a4; }
a:focus { outline: 3px solid #f0b400; }
header .pack-title { font-weight: bold; margin-bottom: 0.25rem; }
.generated { font-size: 0.8rem; color: #555; overflow-wrap: anywhere; }
nav ol { padding-left: 1.5rem; }
nav .source { font-size: 0.8rem; color: #555; overflow-wrap: anywhere; }
section.document { border-top: 2px solid #ccc; margin-top: 3rem; }
.subtitle { font-style: italic; }
.number { font-weight: bold; margin-right: 0.35em; }
ol.items { list-style: none; padding-left: 1.5rem; }
ol.items li { margin: 0.3rem 0; }
blockquote { margin: 1rem 0; padding: 0 1rem; border-left: 4px solid #ccc; color: #333; }
.contains-task-list { list-style: none; padding-left: 0.5rem; }
.task-list-item-checkbox { width: 1.1em; height: 1.1em; margin-right: 0.5em; }
:target { background: #fff3c4; scroll-margin-top: 1rem; }
.to-contents { font-size: 0.9rem; margin-top: 2rem; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  nav, .to-contents { display: none; }
  section.document { border-top: none; margin-top: 0; }
  section.document + section.document { break-before: page; page-break-before: always; }
  h1, h2, h3 { break-after: avoid; page-break-after: avoid; }
  p, li { orphans: 3; widows: 3; }
  a { color: inherit; text-decoration: none; }
  :target { background: none; }
}
"""
