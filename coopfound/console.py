"""The only module that imports rich: how coopfound speaks to a person at a terminal.

User text (names, addresses) is printed with markup and emoji codes off, so a society called
"[Care] & Co" is shown as typed, never read as rich markup. Lines are not wrapped:
each error stays on one line for whoever greps or pipes it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from coopfound.errors import CoopfoundError


def _width(stream: TextIO) -> int | None:
    """The terminal's width; when the output goes to a file or a pipe (a CI log), wide
    enough that a table never breaks a file name in two (rich would assume 80)."""
    try:
        return None if stream.isatty() else int(os.environ.get("COLUMNS") or 200)
    except (ValueError, AttributeError):
        return None


# emoji=False: rich would otherwise turn "coop.yaml:100:" into "coop.yaml💯".
out = Console(soft_wrap=True, highlight=False, emoji=False, width=_width(sys.stdout))
err = Console(stderr=True, soft_wrap=True, highlight=False, emoji=False,
              width=_width(sys.stderr))


def say(text: str, style: str | None = None, *, wrap: bool = False) -> None:
    """Print user-facing text. Reports stay one line each; `wrap` folds prose at spaces."""
    out.print(text, markup=False, style=style, soft_wrap=not wrap)


def warn(text: str, style: str | None = None) -> None:
    """Print a line to stderr, as typed (no markup), never wrapped."""
    err.print(text, markup=False, style=style)


def show_error(error: CoopfoundError) -> None:
    for problem in error.problems:
        err.print(f"Error: {problem.one_line()}", markup=False, style="bold red")
        if problem.hint:
            err.print(f"Hint: {problem.hint}", markup=False)


@contextmanager
def progress(total: int, description: str) -> Iterator[Callable[[str], None]]:
    """A progress bar on stderr (stdout stays clean for the summary).

    Yields `advance(description)`: one step done, and what the bar now says. The bar is
    redrawn only when it advances, never from a thread of its own: `batch` forks worker
    processes while it runs, and a fork taken while another thread holds a lock leaves
    that lock held in the child for ever.
    """
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                   TimeElapsedColumn(), TimeRemainingColumn(), console=err, transient=False,
                   auto_refresh=False)
    task = bar.add_task(description, total=total)

    def advance(new_description: str) -> None:
        bar.update(task, advance=1, description=new_description)
        bar.refresh()

    with bar:
        yield advance


def table(title: str | None, columns: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    grid = Table(title=title, show_header=True, header_style="bold", title_justify="left")
    for column in columns:
        grid.add_column(column, overflow="fold")
    for row in rows:
        grid.add_row(*(Text(cell) for cell in row))
    out.print(grid)


def show_table(title: str, columns: Sequence[str], rows: Sequence[Sequence[str]],
               width: int) -> None:
    """A table fitted to `width`, its cells folded at spaces: for the interview, where a
    founder reads it on whatever terminal they have."""
    grid = Table(title=title, show_header=True, header_style="bold", title_justify="left",
                 width=width, show_lines=True)
    for column in columns:
        grid.add_column(column, overflow="fold")
    for row in rows:
        grid.add_row(*(Text(cell) for cell in row))
    Console(highlight=False, emoji=False, width=width).print(grid)
