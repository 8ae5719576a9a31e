"""Jinja environments that compile each source once and share nothing between renders.

Both coopfound's own environment and the sandbox for template packs build on these, so
they live apart from both.
"""

from __future__ import annotations

import re
from typing import Any

import jinja2
import jinja2.nodes

from coopfound.templating.cache import cached_compile

#: The longest piece of text a Word part may hold between two tags. The XML parser that
#: docxtpl uses in recovery mode silently cuts a text node at ten million bytes, so the
#: Word file would say less than the Markdown; far below that, a limit is an error.
WORD_TEXT_MAX = 1_000_000
_LONG_TEXT = re.compile(rf">[^<]{{{WORD_TEXT_MAX + 1},}}")


class WordLimitError(jinja2.TemplateRuntimeError):
    """A Word part would hold more text in one piece than a Word file can keep whole."""


class FreshModuleTemplate(jinja2.Template):
    """A template whose imports are never shared between renders.

    Jinja keeps the module of a template imported without context for the life of the
    environment, and environments live for a whole batch: state a template keeps there (a
    `namespace`) would carry one co-op's data into the next co-op's documents.
    """

    def _get_default_module(self, ctx: Any = None) -> Any:
        self._module = None
        return super()._get_default_module(ctx)

    def render(self, *args: Any, **kwargs: Any) -> str:
        text = super().render(*args, **kwargs)
        # Only the environments that write Word's XML escape what they print.
        if self.environment.autoescape is True and len(text) > WORD_TEXT_MAX:
            match = _LONG_TEXT.search(text)
            if match:
                raise WordLimitError(
                    f"a paragraph of this Word document would hold {len(match.group()) - 1:,}"
                    f" characters; a Word file keeps at most {WORD_TEXT_MAX:,} in one piece")
        return text


class CompiledSourceCache(jinja2.Environment):
    """Compile each template source once per environment, not once per render.

    docxtpl hands the Word shell's whole XML to `from_string` on every render, and Jinja
    compiles a string afresh each time: with ~20 Word files per pack, compiling the same
    two shells took a third of a render. The sources are few (the shells' body, header,
    footer and properties), so the cache stays small.
    """

    template_class = FreshModuleTemplate
    _LIMIT = 256

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._compiled: dict[str, jinja2.Template] = {}

    def from_string(self, source: str | jinja2.nodes.Template,
                    globals: Any = None, template_class: Any = None) -> jinja2.Template:
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        template = self._compiled.get(source)
        if template is None:
            if len(self._compiled) >= self._LIMIT:
                self._compiled.clear()
            template = cached_compile(self, source) or super().from_string(source)
            self._compiled[source] = template
        return template
