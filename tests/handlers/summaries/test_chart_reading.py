"""The chart as a committee member reads it: laid-out Figures inspected before saving, then the
PNG itself (ticks, labels, legend, every type, every first-level unit with its earlier bar)."""

from __future__ import annotations

import io
import re
import struct
from datetime import date

from handlers.summaries.exports import gather
from handlers.summaries.exports.chart import build_figure, render_chart
from handlers.summaries.exports.chart_data import MAX_UNIT_BARS, chart_data
from handlers.summaries.exports.labels import type_label
from models.activity_types import ACTIVITY_TYPES
from models.aggregates import UnitLine
from models.periods import Period
from models.scope import Scope
from models.units import Unit
from tests.models import summary_data

H1 = Period.half(2026, 1)
THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})*$")  # 0, 45, 1.893, 12.000.000


async def _comparison():
    built = await summary_data.build()
    data = await gather(
        Scope(built["units"]["P"]),
        H1,
        H1.same_period_last_year(),
        lang="vi",
        today=date(2026, 11, 23),
        rows=False,
        notable=False,
    )
    return data.comparison


def _drawn(data):
    """The Figure laid out and drawn, as savefig would, before any PNG is written."""
    figure = build_figure(data)
    figure.canvas.draw()
    return figure


def _labels(ax) -> list[str]:
    """The y tick labels as one line each (the chart wraps them)."""
    return [label.get_text().replace("\n", " ") for label in ax.get_yticklabels()]


def _bar_texts(ax) -> list[str]:
    return [text.get_text() for text in ax.texts]


def _overlaps(a, b) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


async def test_every_type_has_its_bar_even_at_zero(database_url: str) -> None:
    figure = _drawn(chart_data("vi", await _comparison()))
    types, _ = figure.axes[:2]
    labels = _labels(types)
    assert len(labels) == len(ACTIVITY_TYPES) == 13
    for code in ACTIVITY_TYPES:
        assert type_label("vi", code) in labels, code  # none dropped, "Hoạt động khác" too
    current, previous = types.containers
    assert len(current) == len(previous) == 13
    exhibition = labels.index(type_label("vi", "exhibition"))
    assert current[exhibition].get_width() == 0 and previous[exhibition].get_width() == 1


async def test_ticks_are_whole_numbers_with_the_same_separator(database_url: str) -> None:
    comparison = await _comparison()
    comparison.current.by_type["border_exchange"].activities = 1893  # thousands, in memory
    figure = _drawn(chart_data("vi", comparison))
    for ax in figure.axes[:2]:
        ticks = [label.get_text() for label in ax.get_xticklabels()]
        assert ticks and all(THOUSANDS.match(text) for text in ticks), ticks
        assert all(float(value).is_integer() for value in ax.get_xticks())
        assert all(THOUSANDS.match(text) for text in _bar_texts(ax))
    types, units = figure.axes[:2]
    assert "1.893" in _bar_texts(types)
    assert any("." in text for text in (label.get_text() for label in types.get_xticklabels()))
    small = [label.get_text() for label in units.get_xticklabels()]
    assert small[0] == "0" and len(set(small)) == len(small)  # 0 1 2 3, never 0.5 steps


async def test_the_legend_never_covers_a_bar_or_its_figure(database_url: str) -> None:
    comparison = await _comparison()
    comparison.current.by_type["border_exchange"].activities = 1893
    figure = _drawn(chart_data("vi", comparison))
    renderer = figure.canvas.get_renderer()
    (legend,) = figure.legends
    box = legend.get_window_extent(renderer)
    texts = [t.get_text() for t in legend.get_texts()]
    assert texts == ["6 tháng đầu năm 2026", "6 tháng đầu năm 2025"]
    for ax in figure.axes[:2]:
        assert not _overlaps(box, ax.get_window_extent(renderer))  # outside every plot
        for container in ax.containers:
            for bar in container:
                assert not _overlaps(box, bar.get_window_extent(renderer))
        for text in ax.texts:
            assert not _overlaps(box, text.get_window_extent(renderer))


async def test_first_level_units_in_tree_order_with_their_earlier_bar(database_url: str) -> None:
    figure = _drawn(chart_data("vi", await _comparison()))
    _, units = figure.axes[:2]
    names = _labels(units)
    # ids 2, 5, 7, 10: text order of paths would put "/1/10/" (Ban Tuyên giáo) first
    assert names == [
        "Huyện Cao Lộc",
        "Huyện Văn Lãng",
        "Bộ Chỉ huy Bộ đội Biên phòng tỉnh",
        "Ban Tuyên giáo Tỉnh ủy",
    ]
    now, before = units.containers
    assert [bar.get_width() for bar in now] == [3, 0, 3, 1]
    assert [bar.get_width() for bar in before] == [0, 1, 1, 0]  # Văn Lãng: a year ago only


async def test_many_units_share_one_named_bar(database_url: str) -> None:
    comparison = await _comparison()
    root = comparison.current.scope.unit
    for n in range(20):
        unit = Unit(id=1000 + n, code=f"X{n}", name=f"Xã {n}", kind="commune")
        unit.path = f"{root.path}{unit.id}/"
        line = UnitLine(unit, own=False)
        line.figures.activities = n
        comparison.current.by_unit.append(line)
    data = chart_data("vi", comparison)
    assert len(data.unit_labels) == MAX_UNIT_BARS
    assert data.unit_labels[-1] == f"{24 - MAX_UNIT_BARS + 1} đơn vị khác"
    total_now = 7 + sum(range(20))
    assert sum(data.unit_values) == total_now and sum(data.unit_previous or []) == 2
    width, height = struct.unpack(">II", render_chart(data)[16:24])
    assert width == 1080 and height <= 2000


async def test_the_png_is_whole(database_url: str) -> None:
    content = render_chart(chart_data("en", await _comparison()))
    from PIL import Image

    image = Image.open(io.BytesIO(content))
    assert image.format == "PNG" and image.width == 1080 and 900 <= image.height <= 2000
    assert len(image.convert("RGB").getcolors(maxcolors=1 << 20)) > 50  # drawn, not blank


async def test_a_period_with_nothing_says_so_on_a_short_chart(database_url: str) -> None:
    built = await summary_data.build()
    quiet = Period.half(2030, 1)
    data = await gather(
        Scope(built["units"]["P"]),
        quiet,
        quiet.same_period_last_year(),
        lang="vi",
        today=date(2030, 7, 1),
        rows=False,
        notable=False,
    )
    figure = _drawn(chart_data("vi", data.comparison))
    assert [text.get_text() for text in figure.axes[0].texts] == ["Chưa có hoạt động trong kỳ"]
    assert not figure.axes[0].containers and not figure.axes[1].get_title(loc="left")
    image_height = struct.unpack(">II", render_chart(chart_data("vi", data.comparison))[16:24])[1]
    assert image_height <= 700  # a heading and a sentence, not a page of white
