"""The monthly rollup: kept by every write in its transaction, equal to the reports, rebuilt and
checked, built by its migration, and safe under concurrent increments (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
import os
from datetime import date
from pathlib import Path

from tortoise import Tortoise, connections
from tortoise.transactions import in_transaction

from models import review, rollup_upkeep, rollups
from models.aggregates import compare, summarise
from models.db import close_database, open_database, tortoise_config, upgrade_schema
from models.demo_reports import clear_demo_reports
from models.periods import Period
from models.rollup_reads import blocks, split
from models.rollups import MonthlyRollup
from models.scope import Scope
from tests.databases import create_scratch_database, drop_scratch_database
from tests.models import rollup_world as rw
from tests.models.test_demo_reports import loaded
from tests.models.test_upgrade import FILL

PERIODS = [
    Period.half(2026, 1),
    Period.quarter(2026, 2),
    Period.month(2026, 3),
    Period.year(2026),
    Period.days(date(2026, 1, 15), date(2026, 6, 10)),
    Period.days(date(2026, 3, 5), date(2026, 3, 6)),
    Period.days(date(2025, 12, 31), date(2026, 7, 1)),
]


async def agree(w: rw.World) -> None:
    """The rollup equals the reports, and every period's summary equals the oracle's."""
    assert await rollup_upkeep.differences() == []
    for period in PERIODS:
        for top in ("P", "D1", "BDBP"):
            for approved_only in (False, True):
                got = await summarise(Scope(w.units[top]), period, approved_only)
                want = await rw.oracle(w, top, period.start, period.end, approved_only)
                assert rw.seen(got) == {k: v for k, v in want.items()}, (period, top)


def test_a_period_splits_into_aligned_blocks_and_edge_days() -> None:
    assert blocks(202601, 202606) == [(6, 202601)]
    assert blocks(202511, 202712) == [(1, 202511), (1, 202512), (12, 202601), (12, 202701)]
    assert blocks(202602, 202608) == [
        (1, 202602),
        (1, 202603),
        (3, 202604),
        (1, 202607),
        (1, 202608),
    ]
    cut = split(date(2026, 1, 31), date(2026, 4, 29))
    assert cut.blocks == ((1, 202602), (1, 202603))
    assert cut.edges == (
        (date(2026, 1, 31), date(2026, 1, 31)),
        (date(2026, 4, 1), date(2026, 4, 29)),
    )
    inside = split(date(2026, 2, 2), date(2026, 2, 27))
    assert inside.blocks == () and inside.edges == ((date(2026, 2, 2), date(2026, 2, 27)),)


async def test_every_write_keeps_the_rollup_in_its_transaction(database_url: str) -> None:
    w = await rw.world()
    a = await rw.file(
        w,
        rw.draft(
            w,
            "HN",
            "border_exchange",
            date(2026, 3, 10),
            "CN",
            {"participants_vn": 5, "participants_foreign": 7},
        ),
    )
    b = await rw.file(
        w,
        rw.draft(
            w, "D1-X1", "law_outreach", date(2026, 6, 30), figures={"sessions": 2, "audience": 40}
        ),
    )
    c = await rw.file(
        w,
        rw.draft(w, "CM", "foreign_delegation_in", date(2026, 1, 1), "LA", {"delegation_size": 9}),
    )
    await agree(w)
    await review.approve(a.id, a.revision, w.admin, rw.NOW)
    b = await review.return_report(b.id, b.revision, w.admin, "Thiếu ảnh", rw.NOW)
    await agree(w)
    # a correction moves unit, type, country, month, half and figures at once
    moved = rw.draft(w, "D1", "cultural_event", date(2026, 7, 2), "KH", {"participants_vn": 11})
    await rw.correct(w, b.id, moved)
    await agree(w)
    await review.withdraw(c.id, None, w.author, "Nhầm", rw.NOW)
    approved = await review.reopen(a.id, a.revision + 1, w.admin, rw.NOW)
    assert approved.status == "submitted"
    await agree(w)


async def test_a_rolled_back_write_leaves_the_rollup_as_it_was(database_url: str) -> None:
    w = await rw.world()
    report = await rw.file(
        w, rw.draft(w, "HN", "exhibition", date(2026, 2, 3), figures={"visitors": 30})
    )
    before = await MonthlyRollup.all().order_by("id").values()
    try:
        async with in_transaction():
            await review.approve(report.id, report.revision, w.admin, rw.NOW)
            await rw.file(
                w, rw.draft(w, "CM", "exhibition", date(2026, 2, 4), figures={"visitors": 3})
            )
            raise RuntimeError("the update failed")
    except RuntimeError:
        pass
    assert await MonthlyRollup.all().order_by("id").values() == before
    await agree(w)


async def test_concurrent_increments_of_one_key_are_all_kept(database_url: str) -> None:
    row = {"period_month": 202603, "status": "submitted", "unit_id": 1, "activity_type": "other"}

    async def one() -> None:
        async with in_transaction():
            await rollups.report_added({**row, "country": "", "cases": 2})
            await asyncio.sleep(0)  # let the others start their transactions meanwhile

    await asyncio.gather(*(one() for _ in range(20)))
    stored = await MonthlyRollup.filter(months=1, first_month=202603).values("activities", "cases")
    assert stored == [{"activities": 20, "cases": 40}]
    assert await MonthlyRollup.filter(months=12, first_month=202601).count() == 1


async def test_check_finds_a_difference_and_rebuild_fixes_it(database_url: str) -> None:
    w = await rw.world()
    await rw.file(w, rw.draft(w, "HN", "twinning", date(2026, 4, 4), "CN", {"participants_vn": 3}))
    await MonthlyRollup.filter(months=3, first_month=202604).update(participants_vn=99)
    await MonthlyRollup.create(
        months=1,
        first_month=202001,
        status="approved",
        unit_id=1,
        activity_type="other",
        country="",
        activities=0,
    )
    found = await rollup_upkeep.differences()
    assert [(d.key[:2], d.stored[1], d.actual[1]) for d in found] == [((3, 202604), 99, 3)]  # type: ignore[index]
    assert await rollup_upkeep.rebuild() == 4  # one row per grain; the empty row is gone
    await agree(w)


async def test_compare_reads_the_rollup_for_both_periods(database_url: str) -> None:
    w = await rw.world()
    await rw.file(w, rw.draft(w, "HN", "other", date(2026, 2, 1)))
    await rw.file(w, rw.draft(w, "HN", "other", date(2025, 2, 28)))
    period = Period.half(2026, 1)
    both = await compare(Scope(w.units["P"]), period, period.same_period_last_year())
    assert both.current.total.activities == 1 and both.previous is not None
    assert both.previous.total.activities == 1


async def test_demo_load_and_clear_keep_the_rollup(database_url: str, media_dir: Path) -> None:
    await loaded(media_dir)
    assert await rollup_upkeep.differences() == []
    assert await MonthlyRollup.filter(activities__gt=0).exists()
    await clear_demo_reports()
    assert await rollup_upkeep.differences() == []
    assert not await MonthlyRollup.filter(activities__gt=0).exists()


async def migrated_with_a_report(url: str) -> tuple[list[tuple[int, ...]], list[str]]:
    """Migrate to 0007, add one report, migrate on: the rollup rows 0008 built, and what
    `db rollups check` finds different from the reports."""
    await upgrade_schema(url, target="models.0007_review_loop_outbox")
    await Tortoise.init(config=tortoise_config(url))
    for statement in FILL[:3]:  # a unit, a person, one report of March 2026 (no photo)
        await connections.get("default").execute_query(statement)
    await Tortoise.close_connections()
    await open_database(url)  # 0008 creates the rollup and builds it from that report
    try:
        rows = (
            await MonthlyRollup.all()
            .order_by("months")
            .values_list("months", "first_month", "activities", "participants_vn")
        )
        return [tuple(row) for row in rows], list(await rollup_upkeep.differences())
    finally:
        await close_database()


BUILT = [(1, 202603, 1, 25), (3, 202601, 1, 25), (6, 202601, 1, 25), (12, 202601, 1, 25)]


async def test_the_migration_builds_the_rollup_of_existing_reports(tmp_path: Path) -> None:
    server = os.environ.get("TEST_DATABASE_URL")
    if not server:
        built = await migrated_with_a_report(f"sqlite://{tmp_path}/old.sqlite3")
    else:
        scratch = await create_scratch_database(server)
        try:
            built = await migrated_with_a_report(scratch)
        finally:
            await drop_scratch_database(server, scratch)
    assert built == (BUILT, [])
