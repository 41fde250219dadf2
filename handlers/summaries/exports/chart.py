"""The summary chart: activities by type and by first-level unit, each beside the same period a
year earlier, as a PNG sized for a phone screen held upright.

Read by committee members, so: every type of the taxonomy has its bar (0 included), ticks are
whole numbers, numbers use the Vietnamese thousands separator everywhere ("1.893"), and the
legend sits above both plots, where it cannot cover a bar.

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
from handlers.summaries.exports.labels import number

WIDTH_INCHES = 7.2
DPI = 150  # 1080 px wide: a phone screen's width, so nothing is scaled down unreadably
EMPTY_HEIGHT_INCHES = 4.0  # just the heading and the sentence saying there is nothing
MAX_HEIGHT_INCHES = 13.3  # under 2,000 px: Telegram shows it whole, a phone scrolls it
LABEL_WIDTH = 24  # characters per line of a bar label
CURRENT_COLOUR = "#c62828"
PREVIOUS_COLOUR = "#9e9e9e"


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
    unit_previous: list[int] | None = None


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
    """At most two lines per label; a longer one says it was cut."""
    wrapped = []
    for label in labels:
        lines = textwrap.wrap(label, LABEL_WIDTH) or ["—"]
        if len(lines) > 2:
            lines = [lines[0], lines[1][: LABEL_WIDTH - 1] + "…"]
        wrapped.append("\n".join(lines))
    return wrapped


def _integer_axis(ax) -> None:
    """Whole-number ticks written like the bar labels ('1.893'), starting at 0."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(nbins=5, integer=True, min_n_ticks=2))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: number(round(x))))
    right = ax.get_xlim()[1]
    ax.set_xlim(0, max(right, 1))  # all zero: still an axis 0–1, not −0.05…0.05


def _bars(ax, labels: list[str], series: list[tuple[list[int], str, str]]) -> None:
    """Horizontal bars, first label on top, values written at the bar ends."""
    count = len(labels)
    height = 0.8 / len(series)
    for n, (values, colour, name) in enumerate(series):
        positions = [i + (n - (len(series) - 1) / 2) * height for i in range(count)]
        bars = ax.barh(positions, values, height=height, color=colour, label=name)
        ax.bar_label(bars, labels=[number(v) for v in values], padding=3, fontsize=8)
    ax.set_yticks(range(count), _wrapped(labels), fontsize=9)
    ax.set_ylim(count - 0.5, -0.5)  # first label on top
    ax.tick_params(axis="x", labelsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    ax.margins(x=0.16)
    _integer_axis(ax)


def _height(data: ChartData, units: int) -> float:
    """Inches: room for every bar pair, titles and legend, capped for a phone."""
    per_row = 0.42 if data.previous is not None else 0.3
    rows = len(data.type_labels) + max(units, 1)
    return min(max(2.6 + rows * per_row, 6.0), MAX_HEIGHT_INCHES)


def render_chart(data: ChartData) -> bytes:
    """The chart as PNG bytes."""
    figure = build_figure(data)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def build_figure(data: ChartData):
    """The chart as a matplotlib Figure, not yet drawn (tests draw and inspect it)."""
    # Imported here: matplotlib is heavy and only this export path needs it.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    data = _printable_data(data)
    compared = data.previous is not None
    units = len(data.unit_labels)
    earlier = data.previous or []
    drawn = any(data.current) or any(earlier) or any(data.unit_values + (data.unit_previous or []))
    height = _height(data, units) if drawn else EMPTY_HEIGHT_INCHES
    figure = Figure(figsize=(WIDTH_INCHES, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    weights = [max(len(data.type_labels), 1) + 1, max(units, 1) + 1]
    top, bottom = figure.subplots(2, 1, height_ratios=weights)
    if drawn:
        series = [(data.current, CURRENT_COLOUR, data.current_label)]
        if compared:
            series.append((earlier, PREVIOUS_COLOUR, data.previous_label))
        _bars(top, data.type_labels, series)
    else:
        top.axis("off")
        top.text(0.5, 0.5, data.empty_text, ha="center", va="center", fontsize=12)
    top.set_title(data.types_title, fontsize=11, loc="left")
    if units:
        series = [(data.unit_values, CURRENT_COLOUR, data.current_label)]  # one legend for both
        if compared and data.unit_previous is not None:
            series.append((data.unit_previous, PREVIOUS_COLOUR, data.previous_label))
        _bars(bottom, data.unit_labels, series)
        bottom.set_title(data.units_title, fontsize=11, loc="left")
    else:
        bottom.axis("off")  # no unit filed in either period: no heading over nothing
    heading = f"{data.title}\n{data.subtitle}"
    if compared and top.containers:
        # Under the heading, above both plots, outside every axes: it never covers a bar. The
        # heading is the legend's title, since constrained layout stacks an outside legend
        # on a suptitle instead of below it.
        handles, labels = top.get_legend_handles_labels()
        figure.legend(
            handles,
            labels,
            loc="outside upper center",
            ncols=2,
            fontsize=9,
            frameon=False,
            title=heading,
            title_fontproperties={"size": 13, "weight": "bold"},
            alignment="center",
        )
    else:
        figure.suptitle(heading, fontsize=13, fontweight="bold")
    return figure  # laid out when drawn: savefig draws once, tests call canvas.draw()
