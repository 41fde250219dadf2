"""Upgrading a database filled at the first migration keeps every row (SQLite and PostgreSQL)."""

from __future__ import annotations

import os
from pathlib import Path

from tortoise import Tortoise, connections

from models.db import close_database, open_database, tortoise_config, upgrade_schema
from models.reports import Photo, Report
from models.units import Unit
from tests.databases import create_scratch_database, drop_scratch_database

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
