"""Summaries of filed reports (all but withdrawn ones, or only approved ones) over a unit
subtree and a period, computed by the database.

The whole months of a period are read from the monthly rollup (models.rollups, as aligned
year/half/quarter/month blocks) and its edge days from the reports' covering index
(models.rollup_reads), in one GROUP BY per summary by the scope's child, type, state and
country; rolling those up and finding silent units is done on that small result, never on
report rows.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager, nullcontext
from dataclasses import dataclass, field
from operator import add

from tortoise import connections
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from models import rollup_reads
from models.activity_types import ACTIVITY_TYPES, FIGURE_FIELDS
from models.periods import Period
from models.reports import Report, ReportStatus
from models.scope import Scope
from models.units import Unit


@dataclass
class Figures:
    """Number of activities and the sum of every figure column."""

    activities: int = 0
    sums: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIGURE_FIELDS, 0))

    def add(self, other: Figures) -> None:
        """Accumulate another group's figures."""
        self.activities += other.activities
        for name, value in other.sums.items():
            self.sums[name] = self.sums.get(name, 0) + value

    def get(self, name: str) -> int:
        """One figure's sum (0 when nothing was reported)."""
        return self.sums.get(name, 0)

    @property
    def participants(self) -> int:
        """Vietnamese and foreign participants together."""
        return self.get("participants_vn") + self.get("participants_foreign")


@dataclass
class UnitLine:
    """A child unit of the scope (its whole subtree), or the scope unit's own reports."""

    unit: Unit
    own: bool
    figures: Figures = field(default_factory=Figures)
    by_type: dict[str, Figures] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class CountryLine:
    """Activities involving one foreign country."""

    country: str
    activities: int
    participants_foreign: int
    delegation_size: int


@dataclass
class Summary:
    """Everything a summary reply, chart and exports show for one scope and period."""

    scope: Scope
    period: Period
    total: Figures
    by_type: dict[str, Figures]
    by_unit: list[UnitLine]
    countries: list[CountryLine]
    silent_units: list[Unit]
    units_in_scope: int
    waiting: int = 0
    """Of the counted reports, how many still wait for review (chờ duyệt)."""
    returned: int = 0
    """Of the counted reports, how many were returned to their authors (trả lại)."""
    approved_only: bool = False

    def type_figures(self, code: str) -> Figures:
        """Figures of one activity type (zeros when none)."""
        return self.by_type.get(code) or Figures()


COUNTED = (ReportStatus.SUBMITTED, ReportStatus.RETURNED, ReportStatus.APPROVED)
"""Every state but withdrawn: a report counts from its Gửi on, whatever its review says."""


def counted(period: Period, unit_ids: list[int], approved_only: bool = False) -> QuerySet[Report]:
    """Counted reports of these units that start in the period (`approved_only`: approved).

    `status IN (…)` keeps the covering index's second column a plain index condition.

    The units are an explicit id list, not a subquery on the path: PostgreSQL re-plans a
    statement asyncpg has prepared a few times with a generic plan, which guesses that a
    `path LIKE $1` subquery yields one unit and loops over the whole period per unit
    (seconds instead of milliseconds). An id list keeps every plan a range scan.
    """
    statuses = [ReportStatus.APPROVED] if approved_only else list(COUNTED)
    return Report.filter(status__in=statuses, unit_id__in=unit_ids, **period.filters())


async def counted_in(scope: Scope, period: Period, approved_only: bool = False) -> QuerySet[Report]:
    """Counted reports of the scope that start in the period."""
    return counted(period, [u.id for u in await scope_units(scope)], approved_only)


async def grouped_figures(
    period: Period, unit_ids: list[int], approved_only: bool = False
) -> list[dict]:
    """One row per (unit, activity type, review state): count and every figure's sum (0 for
    none), from the monthly rollup for whole months and the reports for edge days."""
    return await rollup_reads.grouped(
        rollup_reads.split(period.start, period.end), unit_ids, approved_only
    )


async def country_lines(
    period: Period, unit_ids: list[int], approved_only: bool = False
) -> list[CountryLine]:
    """Activities per foreign country, most active first."""
    rows = await rollup_reads.countries(
        rollup_reads.split(period.start, period.end), unit_ids, approved_only
    )
    return _country_lines(rows)


def _country_lines(rows: list[dict]) -> list[CountryLine]:
    """Country rows as lines, most active first."""
    lines = [CountryLine(r["country"], r["activities"], r["foreign"], r["delegates"]) for r in rows]
    return sorted(lines, key=lambda c: (-c.activities, c.country))


async def scope_units(scope: Scope) -> list[Unit]:
    """The units a scope covers, parents first."""
    if not scope.subtree:
        return [scope.unit]
    return list(await Unit.filter(path__startswith=scope.unit.path).order_by("path"))


def _as_figures(amounts: list[int]) -> Figures:
    """A count followed by the figures (FIGURE_FIELDS order) as Figures."""
    return Figures(amounts[0], dict(zip(FIGURE_FIELDS, amounts[1:], strict=True)))


def _line_key(scope_unit: Unit, unit_path: str) -> int:
    """Which child of the scope unit a unit belongs to (the scope unit itself for its own)."""
    rest = unit_path[len(scope_unit.path) :]
    return int(rest.split("/", 1)[0]) if rest else scope_unit.id


def _silent(units: list[Unit], active_ids: set[int]) -> list[Unit]:
    """Topmost units with no report anywhere in their subtree."""
    marked: set[int] = set()
    for unit in units:
        if unit.id in active_ids:  # the path lists the unit and all its ancestors
            marked.update(int(part) for part in unit.path.strip("/").split("/") if part)
    silent = [u for u in units if u.id not in marked]
    silent_ids = {u.id for u in silent}
    return [u for u in silent if u.parent_id not in silent_ids]  # type: ignore[attr-defined]


@asynccontextmanager
async def planned_for_these_values() -> AsyncIterator[None]:
    """Run the block's queries with plans made for their actual parameter values.

    asyncpg prepares each statement and PostgreSQL switches a statement run five times to a
    generic plan, which cannot know how many days a date range spans nor how many units an id
    list holds; for a provincial half-year it picks a serial scan filtering 200 ids per row
    (5x slower). SET LOCAL keeps the change to this transaction (a savepoint inside the
    engine's). SQLite plans every statement afresh anyway.
    """
    if connections.get("default").capabilities.dialect != "postgres":
        yield  # no savepoint: on SQLite it would only add two round trips to its thread
        return
    async with in_transaction() as connection:
        await connection.execute_script("SET LOCAL plan_cache_mode = force_custom_plan")
        yield


def _plans_for(*periods: Period | None) -> AbstractAsyncContextManager[None]:
    """Custom plans only when some edge days are read from the reports: the rollup's
    statements carry no parameters, so PostgreSQL plans them for their values anyway."""
    cuts = [rollup_reads.split(p.start, p.end) for p in periods if p is not None]
    return planned_for_these_values() if any(c.edges for c in cuts) else nullcontext()


async def summarise(scope: Scope, period: Period, approved_only: bool = False) -> Summary:
    """Totals, per type, per child unit, per country, and who filed nothing."""
    return (await compare(scope, period, None, approved_only)).current


def _line_of(scope: Scope, units: list[Unit]) -> dict[int, int]:
    """Each unit's line in the summary: the scope's child holding it, or the scope unit."""
    return {u.id: _line_key(scope.unit, u.path) for u in units}


def _summary(
    scope: Scope,
    period: Period,
    approved_only: bool,
    units: list[Unit],
    found: rollup_reads.Lines,
) -> Summary:
    """The summary of one period from its grouped rows (no database access)."""
    by_id = {u.id: u for u in units}
    # Plain lists first (count, then the figures), Figures once per result entry at the end:
    # a province's half-year has ~200 groups, each added into four totals.
    states = dict.fromkeys(ReportStatus, 0)
    sums: dict[tuple, list[int]] = {}
    for (key, kind, status), amounts in found.rows.items():
        states[ReportStatus(status)] += amounts[0]
        for at in (("all",), ("type", kind), ("line", key), ("line_type", key, kind)):
            into = sums.get(at)
            sums[at] = amounts.copy() if into is None else list(map(add, into, amounts))
    figures = {at: _as_figures(amounts) for at, amounts in sums.items()}
    total = figures.get(("all",), Figures())
    by_type = {at[1]: f for at, f in figures.items() if at[0] == "type"}
    lines: dict[int, UnitLine] = {}
    for at in sorted(at for at in figures if at[0] == "line_type"):
        _, key, kind = at
        line = lines.get(key)
        if line is None:
            line = lines[key] = UnitLine(by_id[key], own=key == scope.unit.id)
            line.figures = figures[("line", key)]
        line.by_type[kind] = figures[at]
    ordered_types = {c: by_type[c] for c in ACTIVITY_TYPES if c in by_type}
    ordered_types |= {c: f for c, f in sorted(by_type.items()) if c not in ordered_types}
    active = found.active
    silent = _silent(units, active) if active else [scope.unit]
    return Summary(
        scope=scope,
        period=period,
        total=total,
        by_type=ordered_types,
        by_unit=sorted(lines.values(), key=lambda line: (not line.own, line.unit.path)),
        countries=_country_lines(rollup_reads.country_rows(found)),
        silent_units=silent,
        units_in_scope=len(units),
        waiting=states[ReportStatus.SUBMITTED],
        returned=states[ReportStatus.RETURNED],
        approved_only=approved_only,
    )


@dataclass(frozen=True, slots=True)
class Comparison:
    """A summary and the one it is compared with (usually the same period a year earlier)."""

    current: Summary
    previous: Summary | None


async def compare(
    scope: Scope, period: Period, against: Period | None, approved_only: bool = False
) -> Comparison:
    """The period's summary, with `against` (None: no comparison): one unit list, one
    statement for both periods' rollup blocks."""
    periods = [period] if against is None else [period, against]
    async with _plans_for(*periods):
        units = await scope_units(scope)
        cuts = [rollup_reads.split(p.start, p.end) for p in periods]
        found = await rollup_reads.by_lines(cuts, _line_of(scope, units), approved_only)
    summaries = [
        _summary(scope, p, approved_only, units, f) for p, f in zip(periods, found, strict=True)
    ]
    return Comparison(summaries[0], summaries[1] if against else None)
