"""Jinja environments that compile each source once and share nothing between renders.

Both coopfound's own environment and the sandbox for template packs build on these, so
they live apart from both.
"""

from __future__ import annotations

from typing import Any

import jinja2
import jinja2.nodes


class FreshModuleTemplate(jinja2.Template):
    """A template whose imports are never shared between renders.

    Jinja keeps the module of a template imported without context for the life of the
    environment, and environments live for a whole batch: state a template keeps there (a
    `namespace`) would carry one co-op's data into the next co-op's documents.
    """

    def _get_default_module(self, ctx: Any = None) -> Any:
        self._module = None
        return super()._get_default_module(ctx)


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
            template = self._compiled[source] = super().from_string(source)
        return template
