"""Reading a period from the monthly rollup: its whole months from the rollup, the days of its
partial edge months from the reports' covering index, merged into one result.

A provincial half-year is then a few thousand rollup rows instead of a hundred thousand
reports, and any day range stays exact.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from operator import add

from tortoise import connections
from tortoise.functions import Count, Sum
from tortoise.queryset import QuerySet

from models.activity_types import FIGURE_FIELDS
from models.filing import periods_of
from models.reports import Report, ReportStatus
from models.rollups import GRAINS, VALUES

SUM_NAMES = {name: f"sum_{name}" for name in FIGURE_FIELDS}
GROUP = ("unit_id", "activity_type", "status")


Block = tuple[int, int]
"""A rollup block: (months, first month YYYYMM)."""


@dataclass(frozen=True, slots=True)
class Split:
    """A period as whole-month rollup blocks and the day ranges left at its edges."""

    blocks: tuple[Block, ...]
    edges: tuple[tuple[date, date], ...]


def _next_month(day: date) -> date:
    """The first day of the month after `day`'s."""
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def blocks(first: int, last: int) -> list[Block]:
    """Months `first`..`last` (YYYYMM) as the fewest aligned years, halves, quarters, months."""
    i = first // 100 * 12 + first % 100 - 1
    j = last // 100 * 12 + last % 100 - 1
    found: list[Block] = []
    while i <= j:
        grain = next(g for g in reversed(GRAINS) if i % g == 0 and i + g - 1 <= j)
        found.append((grain, i // 12 * 100 + i % 12 + 1))
        i += grain
    return found


def split(start: date, end: date) -> Split:
    """The whole calendar months inside [start, end] as blocks, and the days left over."""
    first = start if start.day == 1 else _next_month(start)
    after = end + timedelta(days=1)
    last = end if after.day == 1 else end.replace(day=1) - timedelta(days=1)
    if first > last:
        return Split((), ((start, end),))
    edges = []
    if start < first:
        edges.append((start, first - timedelta(days=1)))
    if last < end:
        edges.append((last + timedelta(days=1), end))
    months = blocks(periods_of(first).month, periods_of(last).month)
    return Split(tuple(months), tuple(edges))


def _statuses(approved_only: bool) -> list[str]:
    """The counted review states: all but withdrawn, or approved only."""
    if approved_only:
        return [ReportStatus.APPROVED.value]
    return [s.value for s in ReportStatus if s is not ReportStatus.WITHDRAWN]


def _where(found: tuple[Block, ...], approved_only: bool) -> str:
    """The blocks and counted states as SQL. Only integers and enum values are inlined (no
    user text), so every statement is planned for its values on PostgreSQL too."""
    by_grain: dict[int, list[int]] = {}
    for grain, first in found:
        by_grain.setdefault(grain, []).append(int(first))
    which = " OR ".join(
        f"(r.months = {g} AND r.first_month IN ({', '.join(map(str, firsts))}))"
        for g, firsts in sorted(by_grain.items())
    )
    states = ", ".join(f"'{s}'" for s in _statuses(approved_only))
    return f"({which}) AND r.status IN ({states}) AND r.activities > 0"


def _raw(edge: tuple[date, date], unit_ids: list[int], approved_only: bool) -> QuerySet:
    """Counted reports starting in an edge day range (the covering index's range scan)."""
    return Report.filter(
        status__in=_statuses(approved_only),
        unit_id__in=unit_ids,
        start_date__gte=edge[0],
        start_date__lte=edge[1],
    )


_FOREIGN = 1 + FIGURE_FIELDS.index("participants_foreign")
_DELEGATES = 1 + FIGURE_FIELDS.index("delegation_size")


@dataclass
class Lines:
    """Figures per (line, type, state), per foreign country, and the units that filed."""

    rows: dict[tuple[int, str, str], list[int]] = field(default_factory=dict)
    countries: dict[str, list[int]] = field(default_factory=dict)
    """country → [activities, participants_foreign, delegation_size]."""
    active: set[int] = field(default_factory=set)

    def add(self, key: tuple[int, str, str], country: str, amounts: Iterable[object]) -> None:
        """Accumulate one grouped row's count and sums (SUM over no values is NULL: 0)."""
        values = [int(v) if v else 0 for v in amounts]  # type: ignore[call-overload]
        into = self.rows.get(key)
        self.rows[key] = values if into is None else list(map(add, into, values))
        if country:
            seen = self.countries.setdefault(country, [0, 0, 0])
            for i, at in enumerate((0, _FOREIGN, _DELEGATES)):
                seen[i] += values[at]


async def by_line(split_: Split, line_of: dict[int, int], approved_only: bool) -> Lines:
    """Count and figure sums grouped by (line_of[unit], type, state, country): lines are the
    scope's children, so a province reads ~500 groups, not one per unit × type × country."""
    return (await by_lines([split_], line_of, approved_only))[0]


def _branches(n: int, found: tuple[Block, ...], pairs: str, units: str, approved: bool) -> str:
    """Period n's groups (tag 2n) and its units that filed anything (tag 2n + 1).

    The groups join an inline VALUES table mapping each unit to its line (columns column1,
    column2 on both databases: SQLite seeks the index per unit, PostgreSQL hash-joins); the
    active units filter by an IN list. Not both in one branch: SQLite would then seek every
    listed unit once per joined unit.
    """
    where = _where(found, approved)
    # BIGINT: PostgreSQL sums BIGINT columns as NUMERIC, which asyncpg decodes as Decimal
    sums = ", ".join(f"CAST(SUM(r.{name}) AS BIGINT)" for name in FIGURE_FIELDS)
    zeros = ", ".join("0" for _ in VALUES)
    return (
        f"SELECT {2 * n}, m.column2, r.activity_type, r.status, r.country, SUM(r.activities),"
        f" {sums} FROM monthly_rollup r JOIN (VALUES {pairs}) AS m"
        f" ON m.column1 = r.unit_id WHERE {where}"
        " GROUP BY m.column2, r.activity_type, r.status, r.country"
        f" UNION ALL SELECT {2 * n + 1}, r.unit_id, '', '', '', {zeros}"
        f" FROM monthly_rollup r WHERE {where} AND r.unit_id IN ({units}) GROUP BY r.unit_id"
    )


async def by_lines(
    splits: list[Split], line_of: dict[int, int], approved_only: bool
) -> list[Lines]:
    """`by_line` for several periods (a summary and its comparison) in one statement: each
    statement is a round trip to SQLite's thread or to the PostgreSQL server."""
    found = [Lines() for _ in splits]
    pairs = ", ".join(f"({int(u)}, {int(line)})" for u, line in line_of.items())
    units = ", ".join(str(int(u)) for u in line_of)
    parts = [
        _branches(n, cut.blocks, pairs, units, approved_only)
        for n, cut in enumerate(splits)
        if cut.blocks and line_of
    ]
    if parts:
        _, rows = await connections.get("default").execute_query(" UNION ALL ".join(parts))
        for row in rows:
            tag, first, activity_type, status, country, *amounts = row
            into = found[int(tag) // 2]
            if int(tag) % 2:
                into.active.add(int(first))
            else:
                into.add((int(first), str(activity_type), str(status)), country, amounts)
    sums_ = {alias: Sum(name) for name, alias in SUM_NAMES.items()}
    for into, cut in zip(found, splits, strict=True):
        for edge in cut.edges:
            rows = (
                await _raw(edge, list(line_of), approved_only)
                .annotate(activities=Count("id"), **sums_)
                .group_by(*GROUP, "country")
                .values_list(*GROUP, "country", "activities", *sums_)
            )
            for unit_id, kind, status, country, *amounts in rows:
                into.add((line_of[unit_id], kind, str(status)), country, amounts)
                into.active.add(unit_id)
    return found


async def grouped(split_: Split, unit_ids: list[int], approved_only: bool) -> list[dict]:
    """One row per (unit, type, state) with `activities` and `sum_<figure>`, keys ordered."""
    lines = await by_line(split_, {u: u for u in unit_ids}, approved_only)
    names = ("unit_id", "activity_type", "status", "activities", *SUM_NAMES.values())
    return [dict(zip(names, (*k, *v), strict=True)) for k, v in sorted(lines.rows.items())]


def country_rows(lines: Lines) -> list[dict]:
    """One row per foreign country: `activities`, `foreign`, `delegates`, by country code."""
    names = ("activities", "foreign", "delegates")
    return [
        {"country": c, **dict(zip(names, lines.countries[c], strict=True))}
        for c in sorted(lines.countries)
    ]


async def countries(split_: Split, unit_ids: list[int], approved_only: bool) -> list[dict]:
    """One row per foreign country of these units (`activities`, `foreign`, `delegates`)."""
    return country_rows(await by_line(split_, {u: u for u in unit_ids}, approved_only))
