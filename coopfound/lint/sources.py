"""The pack's files as the linter reads them: inside the pack, small, UTF-8.

`render` refuses a link out of the pack, an oversized file or one that is not UTF-8; the
linter must not read such a file either (and print parts of it in its findings), so each
becomes a `file` finding and is left unread.
"""

from __future__ import annotations

import os
from pathlib import Path

from coopfound.errors import Problem, TemplateError
from coopfound.lint.findings import LintReport
from coopfound.templating.pack_files import confined, pack_text


class Sources:
    """Reads each template of one pack once, reporting those it will not read."""

    def __init__(self, report: LintReport, roots: tuple[Path, ...]) -> None:
        self.report, self.roots = report, roots
        self._texts: dict[Path, str | None] = {}

    def text(self, path: Path) -> str | None:
        """The template's text, or None (with a finding) when it may not be read."""
        if path not in self._texts:
            root = next((r for r in self.roots if path.is_relative_to(r)), self.roots[-1])
            try:
                self._texts[path] = pack_text(path, root)
            except TemplateError as error:
                self.report.add("file", error.problems)
                self._texts[path] = None
        return self._texts[path]

    def templates(self, root: Path, folder: str) -> list[Path]:
        """The `*.j2` files under root/folder, without following links out of the pack;
        a link out is a finding, not a file to lint."""
        found: list[Path] = []
        top = root / folder
        if not top.exists():
            return found
        try:
            confined(top, root)
        except TemplateError as error:
            self.report.add("file", error.problems)
            return found
        for here, folders, files in os.walk(top):
            for name in list(folders):
                try:
                    confined(Path(here) / name, root)
                except TemplateError as error:
                    self.report.add("file", error.problems)
                    folders.remove(name)
            for name in files:
                path = Path(here) / name
                if name.endswith(".j2") and self._inside(path, root):
                    found.append(path)
        return sorted(found)

    def _inside(self, path: Path, root: Path) -> bool:
        try:
            confined(path, root)
        except TemplateError as error:
            self.report.add("file", [Problem(p.message, file=p.file, hint=p.hint)
                                     for p in error.problems])
            return False
        return True
