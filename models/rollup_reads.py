"""Reading a period from the monthly rollup: its whole months from the rollup, the days of its
partial edge months from the reports' covering index, merged into one result.

A provincial half-year is then a few thousand rollup rows instead of a hundred thousand
reports, and any day range stays exact.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from tortoise.functions import Count, Sum
from tortoise.queryset import QuerySet

from models.activity_types import FIGURE_FIELDS
from models.filing import periods_of
from models.reports import Report, ReportStatus
from models.rollups import MonthlyRollup

SUM_NAMES = {name: f"sum_{name}" for name in FIGURE_FIELDS}
GROUP = ("unit_id", "activity_type", "status")


@dataclass(frozen=True, slots=True)
class Split:
    """A period as whole months (first and last YYYYMM key, or None) and edge day ranges."""

    months: tuple[int, int] | None
    edges: tuple[tuple[date, date], ...]


def _month_start(day: date) -> date:
    return day.replace(day=1)


def split(start: date, end: date) -> Split:
    """The whole calendar months inside [start, end], and the days left at either edge."""
    first = start if start.day == 1 else _month_start(start + timedelta(days=31))
    after = end + timedelta(days=1)
    last = end if after.day == 1 else _month_start(end) - timedelta(days=1)
    if first > last:
        return Split(None, ((start, end),))
    edges = []
    if start < first:
        edges.append((start, first - timedelta(days=1)))
    if last < end:
        edges.append((last + timedelta(days=1), end))
    return Split((periods_of(first).month, periods_of(last).month), tuple(edges))


def _statuses(approved_only: bool) -> list[str]:
    """The counted review states: all but withdrawn, or approved only."""
    if approved_only:
        return [ReportStatus.APPROVED.value]
    return [s.value for s in ReportStatus if s is not ReportStatus.WITHDRAWN]


def _rollup(months: tuple[int, int], unit_ids: list[int], approved_only: bool) -> QuerySet:
    """Non-empty rollup rows of the months, units and counted states."""
    return MonthlyRollup.filter(
        period_month__gte=months[0],
        period_month__lte=months[1],
        status__in=_statuses(approved_only),
        unit_id__in=unit_ids,
        activities__gt=0,
    )


def _raw(edge: tuple[date, date], unit_ids: list[int], approved_only: bool) -> QuerySet:
    """Counted reports starting in an edge day range (the covering index's range scan)."""
    return Report.filter(
        status__in=_statuses(approved_only),
        unit_id__in=unit_ids,
        start_date__gte=edge[0],
        start_date__lte=edge[1],
    )


def _add_rows(merged: dict[tuple, dict], rows: list[dict], keys: tuple[str, ...]) -> None:
    """Accumulate grouped rows by their key columns (SUM over no values is NULL: 0)."""
    for row in rows:
        key = tuple(str(row[k]) if k == "status" else row[k] for k in keys)
        into = merged.get(key)
        values = {k: int(v or 0) for k, v in row.items() if k not in keys}
        if into is None:
            merged[key] = {**dict(zip(keys, key, strict=True)), **values}
        else:
            for name, value in values.items():
                into[name] += value


async def grouped(split_: Split, unit_ids: list[int], approved_only: bool) -> list[dict]:
    """One row per (unit, type, state) with `activities` and `sum_<figure>`, keys ordered."""
    merged: dict[tuple, dict] = {}
    if split_.months:
        sums = {alias: Sum(name) for name, alias in SUM_NAMES.items()}
        rows = (
            await _rollup(split_.months, unit_ids, approved_only)
            .annotate(n=Sum("activities"), **sums)
            .group_by(*GROUP)
            .values(*GROUP, activities="n", **{a: a for a in sums})
        )
        _add_rows(merged, rows, GROUP)
    for edge in split_.edges:
        sums = {alias: Sum(name) for name, alias in SUM_NAMES.items()}
        rows = (
            await _raw(edge, unit_ids, approved_only)
            .annotate(activities=Count("id"), **sums)
            .group_by(*GROUP)
            .values(*GROUP, "activities", *sums)
        )
        _add_rows(merged, rows, GROUP)
    return [merged[k] for k in sorted(merged)]


async def countries(split_: Split, unit_ids: list[int], approved_only: bool) -> list[dict]:
    """One row per foreign country: `activities`, `foreign`, `delegates`."""
    merged: dict[tuple, dict] = {}
    if split_.months:
        rows = (
            await _rollup(split_.months, unit_ids, approved_only)
            .filter(country__not="")
            .annotate(n=Sum("activities"), f=Sum("participants_foreign"), d=Sum("delegation_size"))
            .group_by("country")
            .values("country", activities="n", foreign="f", delegates="d")
        )
        _add_rows(merged, rows, ("country",))
    for edge in split_.edges:
        rows = (
            await _raw(edge, unit_ids, approved_only)
            .filter(country__not="")
            .annotate(
                activities=Count("id"),
                foreign=Sum("participants_foreign"),
                delegates=Sum("delegation_size"),
            )
            .group_by("country")
            .values("country", "activities", "foreign", "delegates")
        )
        _add_rows(merged, rows, ("country",))
    return [merged[k] for k in sorted(merged)]
