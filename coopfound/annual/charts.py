"""Charts for the annual report, as PNG bytes that are the same on every run.

matplotlib is imported here only, and only by `coopfound annual`: every other command
starts without it. The font is matplotlib's own DejaVu Sans, the backend is Agg, and the
PNG carries no software or date stamp, so reruns give the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    pyplot.rcParams.update({"font.family": "DejaVu Sans", "font.size": 9,
                            "svg.hashsalt": "coopfound", "axes.spines.top": False,
                            "axes.spines.right": False})
    return pyplot


def _png(figure: Any) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, metadata={"Software": None},
                   bbox_inches="tight")
    _pyplot().close(figure)
    return buffer.getvalue()


def turnout_chart(title: str, meetings: Sequence[str], classes: Sequence[str],
                  values: Sequence[Sequence[float]]) -> bytes:
    """Per cent of each class present at each meeting, as grouped bars."""
    pyplot = _pyplot()
    figure, axes = pyplot.subplots(figsize=(7.0, 3.2))
    width = 0.8 / max(len(classes), 1)
    for index, name in enumerate(classes):
        positions = [m + index * width for m in range(len(meetings))]
        axes.bar(positions, [row[index] for row in values], width=width, label=name)
    axes.set_xticks([m + width * (len(classes) - 1) / 2 for m in range(len(meetings))],
                    list(meetings), rotation=0)
    axes.set_ylabel("% of the class present")
    axes.set_title(title)
    axes.legend(fontsize=7, frameon=False)
    return _png(figure)


def trend_chart(title: str, years: Sequence[str],
                series: dict[str, Sequence[float | None]]) -> bytes:
    """Lines across the years, one per measure (per cent)."""
    pyplot = _pyplot()
    figure, axes = pyplot.subplots(figsize=(7.0, 3.2))
    for name, values in series.items():
        points = [(y, v) for y, v in zip(years, values, strict=True) if v is not None]
        axes.plot([p[0] for p in points], [p[1] for p in points], marker="o", label=name)
    axes.set_ylim(0, 105)
    axes.set_ylabel("%")
    axes.set_title(title)
    axes.legend(fontsize=7, frameon=False)
    return _png(figure)
