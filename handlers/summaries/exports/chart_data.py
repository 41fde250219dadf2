"""What the chart shows, in the user's language: every activity type and every first-level
unit, each with its year-earlier bar.

Its own module so that both the chat answer (handlers.summaries.dialogue) and the Word draft
can build the same chart without importing each other.
"""

from __future__ import annotations

from handlers.summaries.exports.chart import ChartData
from handlers.summaries.exports.labels import (
    capitalised,
    first_level,
    period_label,
    type_label,
    unit_line_name,
)
from handlers.texts import t
from models.activity_types import ACTIVITY_TYPES
from models.aggregates import Comparison, Summary

MAX_UNIT_BARS = 15
"""More first-level units than this: the most active keep a bar, the rest share one, named."""


def chart_types(current: Summary, previous: Summary | None) -> list[str]:
    """All 13 types of the taxonomy, in its order, then any stored code it does not know: a
    type with nothing this period is a bar at 0, never left out."""
    stored = set(current.by_type) | set(previous.by_type if previous else ())
    return list(ACTIVITY_TYPES) + sorted(stored - set(ACTIVITY_TYPES))


def _unit_bars(lang: str, comparison: Comparison) -> tuple[list[str], list[int], list[int] | None]:
    """First-level units in tree order; past MAX_UNIT_BARS one bar sums the least active."""
    current, previous = comparison.current, comparison.previous
    lines = [
        (unit_line_name(lang, line), line.figures.activities, before)
        for line, before in first_level(current, previous)
    ]
    if len(lines) > MAX_UNIT_BARS:
        busiest = sorted(range(len(lines)), key=lambda n: (-lines[n][1], -lines[n][2], n))
        kept = sorted(busiest[: MAX_UNIT_BARS - 1])
        rest = [lines[n] for n in busiest[MAX_UNIT_BARS - 1 :]]
        others = (
            t(lang, "chart_other_units", n=len(rest)),
            sum(now for _, now, _ in rest),
            sum(before for _, _, before in rest),
        )
        lines = [lines[n] for n in kept] + [others]
    names = [name for name, _, _ in lines]
    earlier = [before for _, _, before in lines] if previous else None
    return names, [now for _, now, _ in lines], earlier


def chart_data(lang: str, comparison: Comparison) -> ChartData:
    """What the chart shows, labelled in the user's language."""
    current, previous = comparison.current, comparison.previous
    codes = chart_types(current, previous)
    unit_labels, unit_values, unit_previous = _unit_bars(lang, comparison)
    return ChartData(
        title=capitalised(period_label(lang, current.period)),
        subtitle=current.scope.unit.name,
        types_title=t(lang, "chart_by_type"),
        type_labels=[type_label(lang, c) for c in codes],
        current=[current.type_figures(c).activities for c in codes],
        previous=[previous.type_figures(c).activities for c in codes] if previous else None,
        current_label=period_label(lang, current.period),
        previous_label=period_label(lang, previous.period) if previous else "",
        units_title=t(lang, "chart_by_unit"),
        unit_labels=unit_labels,
        unit_values=unit_values,
        unit_previous=unit_previous,
        empty_text=t(lang, "chart_empty"),
    )
