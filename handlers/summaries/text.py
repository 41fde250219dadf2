"""The summary as a chat message and as chart data: totals, by type, by unit, vs a year earlier."""

from __future__ import annotations

from handlers.summaries.exports.labels import (
    all_types,
    capitalised,
    change,
    country_name,
    day,
    number,
    period_label,
    previous_by_unit,
    type_figures,
    type_label,
)
from handlers.texts import t
from models.aggregates import Comparison

MAX_UNIT_LINES = 12
MAX_SILENT_NAMES = 10


def _unit_name(lang: str, line) -> str:
    return t(lang, "sum_own_reports", unit=line.unit.name) if line.own else line.unit.name


def summary_text(lang: str, comparison: Comparison) -> str:
    """Totals first, then by type, then by unit, countries and who filed nothing."""
    current, previous = comparison.current, comparison.previous
    label = capitalised(period_label(lang, current.period))
    lines = [t(lang, "sum_title", period=label, unit=current.scope.unit.name)]
    dates = t(lang, "sum_dates", start=day(current.period.start), end=day(current.period.end))
    if previous:
        dates += " " + t(lang, "sum_vs", period=period_label(lang, previous.period))
    lines.append(dates)
    if not current.scope.subtree:
        lines.append(t(lang, "sum_own_only"))
    if current.approved_only:
        lines.append(t(lang, "sum_approved_only"))
    before = previous.total.activities if previous else None
    lines.append(
        t(lang, "sum_total", n=number(current.total.activities))
        + change(lang, current.total.activities, before)
    )
    if current.waiting or current.returned:
        waiting, returned = number(current.waiting), number(current.returned)
        lines.append(t(lang, "sum_review_states", waiting=waiting, returned=returned))
    if current.total.participants:
        lines.append(
            t(
                lang,
                "sum_people",
                vn=number(current.total.get("participants_vn")),
                foreign=number(current.total.get("participants_foreign")),
            )
        )
    if current.total.activities or (previous and previous.total.activities):
        lines += ["", t(lang, "sum_by_type")]
        for code in all_types(current, previous):
            figures = current.type_figures(code)
            earlier = previous.type_figures(code).activities if previous else None
            detail = type_figures(lang, code, figures) if figures.activities else ""
            lines.append(
                f"• {type_label(lang, code)}: {number(figures.activities)}"
                + change(lang, figures.activities, earlier)
                + (f" — {detail}" if detail else "")
            )
    lines += _unit_lines(lang, comparison)
    if current.countries:
        names = ", ".join(
            f"{country_name(lang, c.country)} {number(c.activities)}" for c in current.countries
        )
        lines += ["", t(lang, "sum_countries", countries=names)]
    if current.scope.subtree and current.silent_units and current.total.activities:
        names = [u.name for u in current.silent_units[:MAX_SILENT_NAMES]]
        more = len(current.silent_units) - len(names)
        text = ", ".join(names) + (t(lang, "sum_and_more", n=more) if more > 0 else "")
        lines += ["", t(lang, "sum_silent", units=text)]
    if not current.total.activities:
        lines += ["", t(lang, "sum_nothing")]
    return "\n".join(lines)


def _unit_lines(lang: str, comparison: Comparison) -> list[str]:
    """One line per child unit (most active first), capped for a phone screen."""
    current, previous = comparison.current, comparison.previous
    if not current.scope.subtree or not current.by_unit:
        return []
    earlier = previous_by_unit(previous)
    ordered = sorted(current.by_unit, key=lambda line: -line.figures.activities)
    lines = ["", t(lang, "sum_by_unit")]
    for line in ordered[:MAX_UNIT_LINES]:
        before = earlier.get(line.unit.id, 0) if previous else None
        lines.append(
            f"• {_unit_name(lang, line)}: {number(line.figures.activities)}"
            + change(lang, line.figures.activities, before)
        )
    if len(ordered) > MAX_UNIT_LINES:
        lines.append(t(lang, "sum_more_units", n=len(ordered) - MAX_UNIT_LINES))
    return lines
