"""The chart and the Word draft: what embedding the chart costs the draft.

Renders the chat chart and the draft review report for a provincial half-year with every
activity type and N first-level units, from figures made in memory (no
database: rendering is what is measured). The baseline, timed in the same run and interleaved
round by round, is the same draft with the chart left out.

    .venv/bin/python bench/draft.py --runs 7 --units 15
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from handlers.summaries.exports import review_report
from handlers.summaries.exports.chart import render_chart
from handlers.summaries.exports.chart_data import chart_data
from handlers.summaries.exports.data import ExportData
from models.activity_types import ACTIVITY_TYPES
from models.aggregates import Comparison, Figures, Summary, UnitLine
from models.periods import Period
from models.scope import Scope


class _Unit:
    """What the renderers read of a unit (no ORM: nothing is stored)."""

    def __init__(self, unit_id: int, name: str, path: str) -> None:
        self.id, self.name, self.path, self.code = unit_id, name, path, f"U{unit_id}"


def _summary(period: Period, units: int, scale: int) -> Summary:
    root = _Unit(1, "Tỉnh Lạng Sơn", "/1/")
    lines = []
    for n in range(units):
        line = UnitLine(_Unit(n + 2, f"Huyện thứ {n + 1}", f"/1/{n + 2}/"), own=False)
        line.figures.add(Figures(scale * (n + 1), {"participants_vn": 40 * scale * (n + 1)}))
        lines.append(line)
    by_type = {code: Figures(scale * (k + 3)) for k, code in enumerate(ACTIVITY_TYPES)}
    total = Figures()
    for figures in by_type.values():
        total.add(figures)
    return Summary(Scope(root), period, total, by_type, lines, [], [], units + 1)  # type: ignore[arg-type]


def _data(units: int) -> ExportData:
    half = Period.half(2026, 1)
    comparison = Comparison(
        _summary(half, units, 120), _summary(half.same_period_last_year(), units, 100)
    )
    return ExportData("vi", comparison, date(2026, 7, 2))


def _timed(render) -> float:
    start = time.perf_counter()
    render()
    return (time.perf_counter() - start) * 1000


def main() -> None:
    """Interleaved rounds: chart alone, draft without the chart (baseline), draft with it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--units", type=int, default=15)
    args = parser.parse_args()
    data = _data(args.units)
    no_photo = lambda _ref: None  # noqa: E731
    render_chart(chart_data("vi", data.comparison))  # warm up: imports, font cache
    times: dict[str, list[float]] = {"chart": [], "draft without chart": [], "draft": []}
    for _ in range(args.runs):
        times["chart"].append(_timed(lambda: render_chart(chart_data("vi", data.comparison))))
        with mock.patch.object(review_report, "_chart", lambda *_: None):
            times["draft without chart"].append(
                _timed(lambda: review_report.render_docx(data, no_photo))
            )
        times["draft"].append(_timed(lambda: review_report.render_docx(data, no_photo)))
    size = len(review_report.render_docx(data, no_photo))
    base = statistics.median(times["draft without chart"])
    print(f"{args.units} first-level units, 13 types, {args.runs} interleaved rounds")
    for name, values in times.items():
        median = statistics.median(values)
        print(
            f"{name:>20}: median {median:7.1f} ms  (min {min(values):6.1f}, "
            f"max {max(values):6.1f})  {median / base:5.2f}x baseline"
        )
    print(f"draft size with chart: {size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
