"""Benchmark: summaries over one million reports, the project's queries against hand-written SQL.

Not part of CI. Generates (once) a migrated database with 200 units and 1,000,000 reports over
four years using bulk SQL (executemany in one transaction on SQLite, COPY on PostgreSQL), then
times the provincial 6-month summary and a district quarter through models.aggregates and
through one hand-written GROUP BY each, in the same run, and prints the figures.

    python bench/summary.py                                   # SQLite file in /tmp
    python bench/summary.py --database postgres://postgres@127.0.0.1:5432/bench_summary

See bench/README.md for recorded results.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tortoise import Tortoise
from tortoise.functions import Count, Sum

from models import rollup_reads
from models.activity_types import ACTIVITY_TYPES, FIGURE_FIELDS
from models.aggregates import (
    Comparison,
    compare,
    counted,
    planned_for_these_values,
    scope_units,
    summarise,
)
from models.db import close_database, open_database
from models.filing import periods_of
from models.periods import Period
from models.rollup_upkeep import rebuild
from models.scope import Scope
from models.units import Unit

FIRST_DAY = date(2023, 1, 1)
DAYS = (date(2026, 12, 31) - FIRST_DAY).days + 1
DISTRICTS = 10
COMMUNES_PER_DISTRICT = 15
POSTS = 30
AGENCIES = 8  # 1 province + 10 + 150 + 1 command + 30 posts + 8 agencies = 200
REPORT_COLUMNS = (
    "submit_key",
    "unit_id",
    "author_id",
    "activity_type",
    "title",
    "start_date",
    "end_date",
    "period_month",
    "period_quarter",
    "period_half",
    "period_year",
    "place_name",
    "location_source",
    "counterpart",
    "country",
    "languages",
    *FIGURE_FIELDS,
    "description",
    "status",
    "channel",
    "withdrawn_reason",
    "created_at",
    "updated_at",
)
HAND_SQL = """
SELECT r.activity_type, COUNT(*) AS n, {sums}
FROM report r JOIN unit u ON u.id = r.unit_id
WHERE r.status = 'submitted' AND r.start_date BETWEEN '{start}' AND '{end}'
  AND u.path LIKE '{path}%'
GROUP BY r.activity_type
"""


def unit_rows() -> list[tuple[int, str, str, str, int | None, str]]:
    """(id, code, name, kind, parent_id, path) for a 200-unit tree."""
    rows = [(1, "P", "Tỉnh", "province", None, "/1/")]

    def add(code: str, name: str, kind: str, parent: int) -> int:
        new_id = len(rows) + 1
        parent_path = rows[parent - 1][5]
        rows.append((new_id, code, name, kind, parent, f"{parent_path}{new_id}/"))
        return new_id

    for d in range(1, DISTRICTS + 1):
        district = add(f"D{d}", f"Huyện {d}", "district", 1)
        for c in range(1, COMMUNES_PER_DISTRICT + 1):
            add(f"D{d}-X{c}", f"Xã {d}.{c}", "commune", district)
    command = add("BDBP", "Bộ Chỉ huy BĐBP", "agency", 1)
    for p in range(1, POSTS + 1):
        add(f"DBP{p}", f"Đồn Biên phòng {p}", "border_post", command)
    for a in range(1, AGENCIES + 1):
        add(f"AG{a}", f"Cơ quan {a}", "agency", 1)
    return rows


def report_rows(count: int, unit_ids: list[int], seed: int = 7):
    """Random but reproducible reports; 2% withdrawn."""
    rng = random.Random(seed)
    types = list(ACTIVITY_TYPES.values())
    stamp = datetime(2026, 11, 23, tzinfo=UTC).isoformat()
    for n in range(count):
        kind = rng.choice(types)
        start = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
        keys = periods_of(start)
        figures = {name: None for name in FIGURE_FIELDS}
        for name in kind.figures:
            figures[name] = rng.randrange(1, 200)
        yield (
            f"bench-{n}",
            rng.choice(unit_ids),
            1,
            kind.code,
            f"Hoạt động {n}",
            start.isoformat(),
            (start + timedelta(days=rng.choice((0, 0, 0, 1, 2)))).isoformat(),
            keys.month,
            keys.quarter,
            keys.half,
            keys.year,
            "",
            "skipped",
            "",
            rng.choice(("CN", "LA", "KH")) if kind.country else "",
            "",
            *figures.values(),
            "",
            "withdrawn" if rng.random() < 0.02 else "submitted",
            "console",
            "",
            stamp,
            stamp,
        )


def fill_sqlite(path: str, count: int) -> None:
    """Bulk insert with the stdlib driver: one transaction, executemany."""
    db = sqlite3.connect(path)
    units = unit_rows()
    with db:
        db.execute(
            "INSERT INTO person (id, display_name, language, created_at)"
            " VALUES (1, 'bench', 'vi', ?)",
            (datetime.now(UTC).isoformat(),),
        )
        db.executemany(
            "INSERT INTO unit (id, code, name, kind, parent_id, path) VALUES (?, ?, ?, ?, ?, ?)",
            units,
        )
        marks = ", ".join("?" for _ in REPORT_COLUMNS)
        db.executemany(
            f"INSERT INTO report ({', '.join(REPORT_COLUMNS)}) VALUES ({marks})",
            report_rows(count, [u[0] for u in units]),
        )
    db.close()  # no ANALYZE: the bot never runs it, so the plans here are the bot's plans


async def fill_postgres(count: int) -> None:
    """Bulk insert with COPY through the open asyncpg connection."""
    conn = Tortoise.get_connection("default")
    units = unit_rows()
    async with conn.acquire_connection() as raw:
        await raw.execute(
            "INSERT INTO person (id, display_name, language, created_at)"
            " VALUES (1, 'bench', 'vi', now())"
        )
        await raw.copy_records_to_table(
            "unit", records=units, columns=["id", "code", "name", "kind", "parent_id", "path"]
        )

        def typed(row: tuple) -> tuple:
            values = list(row)
            for i in (5, 6):
                values[i] = date.fromisoformat(values[i])
            for i in (-2, -1):
                values[i] = datetime.fromisoformat(values[i])
            return tuple(values)

        records = (typed(r) for r in report_rows(count, [u[0] for u in units]))
        await raw.copy_records_to_table("report", records=records, columns=list(REPORT_COLUMNS))
        await raw.execute("SELECT setval('unit_id_seq', 1000)")
        await raw.execute("VACUUM ANALYZE")


async def timed(label: str, work, runs: int) -> tuple[object, float]:
    """Median wall time of `runs` calls after one warm-up call; prints them."""
    result = await work()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = await work()
        times.append((time.perf_counter() - started) * 1000)
    median = statistics.median(times)
    print(f"  {label:<46} median {median:8.1f} ms  (min {min(times):.1f}, max {max(times):.1f})")
    return result, median


def hand_sql(scope: Unit, period: Period) -> str:
    """One hand-written GROUP BY: what the project's query should cost at best."""
    sums = ", ".join(f"SUM(r.{f}) AS {f}" for f in FIGURE_FIELDS)
    return HAND_SQL.format(sums=sums, start=period.start, end=period.end, path=scope.path)


async def raw_summary(unit: Unit, period: Period) -> list[dict]:
    """What summarise read before the rollup: its two GROUP BYs over the reports' covering
    index (per unit, type and state; per country), as models.aggregates ran them."""
    ids = [u.id for u in await scope_units(Scope(unit))]
    sums = {f"sum_{name}": Sum(name) for name in FIGURE_FIELDS}
    async with planned_for_these_values():
        rows = (
            await counted(period, ids)
            .annotate(activities=Count("id"), **sums)
            .group_by("unit_id", "activity_type", "status")
            .values("unit_id", "activity_type", "status", "activities", *sums)
        )
        await (
            counted(period, ids)
            .filter(country__not="")
            .annotate(n=Count("id"), f=Sum("participants_foreign"), d=Sum("delegation_size"))
            .group_by("country")
            .values("country", "n", "f", "d")
        )
    key = ("unit_id", "activity_type", "status")
    return sorted(
        (
            {k: (str(v) if k == "status" else v if k in key else int(v or 0)) for k, v in r.items()}
            for r in rows
        ),
        key=lambda r: tuple(r[k] for k in key),
    )


async def grouped_rows(scope: Scope, period: Period) -> list[dict]:
    """The rollup path's grouped rows, to compare with the raw path's."""
    ids = [u.id for u in await scope_units(scope)]
    return await rollup_reads.grouped(rollup_reads.split(period.start, period.end), ids, False)


def show(comparison: Comparison) -> None:
    """The figures, so a reader can see the two paths agree."""
    s = comparison.current
    print(
        f"    {s.period.code}: {s.total.activities} activities, "
        f"participants {s.total.get('participants_vn')} VN / {s.total.get('participants_foreign')} "
        f"foreign, copies {s.total.get('copies')}, units in scope {s.units_in_scope}, "
        f"silent {len(s.silent_units)}, countries "
        + ", ".join(f"{c.country} {c.activities}" for c in s.countries)
    )
    if comparison.previous:
        print(f"    same period a year earlier: {comparison.previous.total.activities} activities")


async def bench_case(title: str, unit: Unit, period: Period, runs: int) -> None:
    """Project code (one summary, and the summary with its comparison) vs hand SQL."""
    print(f"{title} — {unit.name}, {period.code}")
    scope = Scope(unit)
    conn = Tortoise.get_connection("default")
    sql = hand_sql(unit, period)
    hand, _ = await timed(
        "hand-written SQL (one GROUP BY)", lambda: conn.execute_query_dict(sql), runs
    )
    raw, _ = await timed(
        "raw path (the queries before the rollup)", lambda: raw_summary(unit, period), runs
    )
    one, _ = await timed("models.aggregates.summarise", lambda: summarise(scope, period), runs)
    both, _ = await timed(
        "models.aggregates.compare (+ a year earlier)",
        lambda: compare(scope, period, period.same_period_last_year()),
        runs,
    )
    show(both)  # type: ignore[arg-type]
    assert sum(int(r["n"]) for r in hand) == one.total.activities, "the two paths disagree"  # type: ignore[attr-defined]
    assert raw == (await grouped_rows(scope, period)), "rollup and raw rows disagree"


async def main() -> int:
    """Generate if needed, then time both cases."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="sqlite:///tmp/bench_summary.sqlite3")
    parser.add_argument("--reports", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--fresh", action="store_true", help="regenerate even if data exists")
    args = parser.parse_args()
    is_sqlite = args.database.startswith("sqlite://")
    if is_sqlite and args.fresh:
        await asyncio.to_thread(Path(args.database.removeprefix("sqlite://")).unlink, True)
    if not is_sqlite and args.fresh:
        await open_database(args.database, upgrade=False)
        await Tortoise.get_connection("default").execute_script(
            "DROP SCHEMA public CASCADE; CREATE SCHEMA public;"
        )
        await close_database()
    await open_database(args.database)
    try:
        existing = await Unit.all().count()
        if existing == 0:
            started = time.perf_counter()
            if is_sqlite:
                await close_database()
                await asyncio.to_thread(
                    fill_sqlite, args.database.removeprefix("sqlite://"), args.reports
                )
                await open_database(args.database, upgrade=False)
            else:
                await fill_postgres(args.reports)
            print(f"generated {args.reports} reports in {time.perf_counter() - started:.1f} s")
            started = time.perf_counter()
            rows = await rebuild()
            took = time.perf_counter() - started
            print(f"built the monthly rollup ({rows} rows) in {took:.1f} s")
        conn = Tortoise.get_connection("default")
        count = (await conn.execute_query_dict("SELECT COUNT(*) AS n FROM report"))[0]["n"]
        print(f"database {args.database}: {count} reports, {await Unit.all().count()} units")
        province = await Unit.get(code="P")
        district = await Unit.get(code="D3")
        await bench_case("provincial 6-month summary", province, Period.half(2026, 1), args.runs)
        await bench_case("district quarter", district, Period.quarter(2026, 3), args.runs)
    finally:
        await close_database()
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
