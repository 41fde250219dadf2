"""The summary chart: activities by type (this period and the same period a year earlier) and by
unit, as a PNG sized for a phone screen held upright.

Synchronous CPU work: call it through asyncio.to_thread. It uses matplotlib's object API with
an Agg canvas made for each call, never pyplot, so nothing global is set and calls from
several threads do not share state.
"""

from __future__ import annotations

import dataclasses
import io
import textwrap
from dataclasses import dataclass

from handlers.summaries.exports.clean import clean_text

WIDTH_INCHES = 7.2
DPI = 150  # 1080 px wide: a phone screen's width, so nothing is scaled down unreadably
MAX_BARS = 12
LABEL_WIDTH = 24  # characters per line of a bar label
CURRENT_COLOUR = "#c62828"
PREVIOUS_COLOUR = "#9e9e9e"
UNIT_COLOUR = "#1565c0"


@dataclass(frozen=True, slots=True)
class ChartData:
    """Texts and numbers of the chart, already in the user's language."""

    title: str
    subtitle: str
    types_title: str
    type_labels: list[str]
    current: list[int]
    previous: list[int] | None
    current_label: str
    previous_label: str
    units_title: str
    unit_labels: list[str]
    unit_values: list[int]
    empty_text: str


def _printable(text: str) -> str:
    """Stored names drawn as written: no glyph-less controls, and '$' never starts maths
    (a unit named 'Đội $^$' would otherwise fail the whole chart)."""
    return clean_text(text).replace("$", r"\$")


def _printable_data(data: ChartData) -> ChartData:
    """Every text of the chart made printable."""
    names = ("title", "subtitle", "types_title", "current_label", "previous_label")
    texts = {name: _printable(getattr(data, name)) for name in (*names, "units_title")}
    return dataclasses.replace(
        data,
        type_labels=[_printable(label) for label in data.type_labels],
        unit_labels=[_printable(label) for label in data.unit_labels],
        empty_text=_printable(data.empty_text),
        **texts,
    )


def _wrapped(labels: list[str]) -> list[str]:
    return ["\n".join(textwrap.wrap(label, LABEL_WIDTH)[:2]) or "—" for label in labels]


def _bars(ax, labels: list[str], series: list[tuple[list[int], str, str]]) -> None:
    """Horizontal bars, first label on top, values written at the bar ends."""
    count = len(labels)
    height = 0.8 / len(series)
    for n, (values, colour, name) in enumerate(series):
        positions = [i + (n - (len(series) - 1) / 2) * height for i in range(count)]
        bars = ax.barh(positions, values, height=height, color=colour, label=name)
        ax.bar_label(
            bars, labels=[f"{v:,}".replace(",", ".") for v in values], padding=3, fontsize=9
        )
    ax.set_yticks(range(count), _wrapped(labels), fontsize=9)
    ax.invert_yaxis()
    ax.tick_params(axis="x", labelsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    ax.margins(x=0.18)


def render_chart(data: ChartData) -> bytes:
    """The chart as PNG bytes."""
    # Imported here: matplotlib is heavy and only this export path needs it.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    data = _printable_data(data)
    earlier = data.previous or [0] * len(data.current)
    types = list(zip(data.type_labels, data.current, earlier, strict=True))
    types = types[:MAX_BARS]
    units = list(zip(data.unit_labels, data.unit_values, strict=True))[:MAX_BARS]
    rows = max(len(types), 1) * (2 if data.previous else 1) * 0.5 + max(len(units), 1) * 0.45
    figure = Figure(figsize=(WIDTH_INCHES, min(max(4.0 + rows, 6.0), 13.0)), dpi=DPI)
    FigureCanvasAgg(figure)
    figure.suptitle(f"{data.title}\n{data.subtitle}", fontsize=13, fontweight="bold")
    weights = [max(len(types), 1) * (2 if data.previous else 1), max(len(units), 1) + 1]
    top, bottom = figure.subplots(2, 1, gridspec_kw={"height_ratios": weights})
    if types:
        series = [([c for _, c, _ in types], CURRENT_COLOUR, data.current_label)]
        if data.previous:
            series.append(([p for _, _, p in types], PREVIOUS_COLOUR, data.previous_label))
        _bars(top, [label for label, _, _ in types], series)
        top.legend(fontsize=9, loc="lower right", frameon=False)
    else:
        top.axis("off")
        top.text(0.5, 0.5, data.empty_text, ha="center", va="center", fontsize=12)
    top.set_title(data.types_title, fontsize=11, loc="left")
    if units:
        _bars(bottom, [label for label, _ in units], [([v for _, v in units], UNIT_COLOUR, "")])
    else:
        bottom.axis("off")
    bottom.set_title(data.units_title, fontsize=11, loc="left")
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
