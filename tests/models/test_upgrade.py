"""Upgrading a database filled at the first migration keeps every row (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from tortoise import Tortoise, connections

from models.db import close_database, open_database, tortoise_config, upgrade_schema
from models.reports import Photo, Report
from models.units import Unit
from tests.databases import create_scratch_database, drop_scratch_database

ROOT = Path(__file__).resolve().parents[2]
MIGRATIONS = ROOT / "models" / "migrations"
FIRST = "models.0001_initial"
FILL = [
    "INSERT INTO unit (id, code, name, kind, path) VALUES (1, 'LS', 'Lạng Sơn', 'province', '/1/')",
    "INSERT INTO person (id, display_name, language, created_at) "
    "VALUES (1, 'A', 'vi', '2026-01-02 03:04:05+00:00')",
    "INSERT INTO report (id, submit_key, unit_id, author_id, activity_type, title, start_date, "
    "end_date, period_month, period_quarter, period_half, period_year, place_name, "
    "location_source, counterpart, country, languages, participants_vn, description, status, "
    "channel, withdrawn_reason, created_at, updated_at) VALUES (7, 'k7', 1, 1, "
    "'border_exchange', 'Giao lưu', '2026-03-05', '2026-03-05', 202603, 20261, 20261, 2026, "
    "'Cửa khẩu', 'shared', 'Trạm', 'CN', '', 25, '', 'submitted', 'telegram', '', "
    "'2026-03-05 01:00:00+00:00', '2026-03-05 01:00:00+00:00')",
    "INSERT INTO photo (id, draft_key, report_id, sha256, storage_key, mime, size_bytes, "
    f"created_at) VALUES (3, 'k7', 7, '{'a' * 64}', 'originals/aa/x.jpg', 'image/jpeg', 1234, "
    "'2026-03-05 01:00:00+00:00')",
]


async def fill_first_version(url: str) -> None:
    await upgrade_schema(url, target=FIRST)
    await Tortoise.init(config=tortoise_config(url))  # raw SQL below: the old schema
    client = connections.get("default")
    for statement in FILL:
        await client.execute_query(statement)
    await Tortoise.close_connections()


async def upgrade_and_check(url: str) -> None:
    await fill_first_version(url)
    await open_database(url)  # applies 0002, 0003, … as `python main.py db upgrade` does
    try:
        report = await Report.get(id=7)
        assert (report.title, report.participants_vn, report.country) == ("Giao lưu", 25, "CN")
        assert (await Unit.get(id=1)).path == "/1/"
        photo = await Photo.get(id=3)
        assert photo.report_id == 7 and photo.size_bytes == 1234
        assert photo.dhash is None and photo.thumb_key is None, "new columns are empty"
    finally:
        await close_database()


async def test_upgrade_from_first_migration_keeps_data(tmp_path: Path) -> None:
    server = os.environ.get("TEST_DATABASE_URL")
    if not server:
        await upgrade_and_check(f"sqlite://{tmp_path}/old.sqlite3")
        return
    scratch = await create_scratch_database(server)
    try:
        await upgrade_and_check(scratch)
    finally:
        await drop_scratch_database(server, scratch)


async def upgrade_at_once(url: str, workers: int) -> list[tuple[int | None, str]]:
    """`python main.py db upgrade` in several processes started together (as workers do at
    start-up); their exit codes and output."""
    env = os.environ | {"DATABASE_URL": url}
    processes = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            str(ROOT / "main.py"),
            "db",
            "upgrade",
            cwd=ROOT,
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        for _ in range(workers)
    ]
    outputs = [(await p.communicate())[0].decode() for p in processes]
    return [(p.returncode, out) for p, out in zip(processes, outputs, strict=True)]


async def test_workers_migrating_at_the_same_moment_wait_for_each_other(tmp_path: Path) -> None:
    server = os.environ.get("TEST_DATABASE_URL")
    url = await create_scratch_database(server) if server else f"sqlite://{tmp_path}/new.sqlite3"
    try:
        results = await upgrade_at_once(url, workers=3)
        assert [code for code, _ in results] == [0, 0, 0], results
        await open_database(url, upgrade=False)
        try:
            applied = await connections.get("default").execute_query_dict(
                "SELECT name FROM tortoise_migrations"
            )
            names = sorted(row["name"] for row in applied)
            assert len(names) == len(set(names)) == len(list(MIGRATIONS.glob("0*.py")))
        finally:
            await close_database()
    finally:
        if server:
            await drop_scratch_database(server, url)


async def test_upgrade_returns_the_migrations_it_applied(tmp_path: Path) -> None:
    server = os.environ.get("TEST_DATABASE_URL")
    url = await create_scratch_database(server) if server else f"sqlite://{tmp_path}/n.sqlite3"
    try:
        assert await upgrade_schema(url, target=FIRST) == [FIRST]
        rest = [f"models.{p.stem}" for p in sorted(MIGRATIONS.glob("0*.py"))][1:]
        assert await upgrade_schema(url) == rest
        assert await upgrade_schema(url) == []
    finally:
        if server:
            await drop_scratch_database(server, url)
