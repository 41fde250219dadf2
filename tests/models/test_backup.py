"""The SQLite online backup is a consistent, openable copy; other databases are refused."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from models.backup import BackupUnsupported, backup_sqlite, sqlite_file
from models.demo_data import load_demo
from models.units import Unit


async def test_backup_while_the_database_is_open(database_url: str, tmp_path: Path) -> None:
    if not database_url.startswith("sqlite"):
        with pytest.raises(BackupUnsupported):
            sqlite_file(database_url)
        return
    await load_demo("console", "local", "A")
    target = tmp_path / "backups" / "ttdn.sqlite3"
    pages = await backup_sqlite(database_url, target)
    assert pages > 0 and not target.with_suffix(".sqlite3.partial").exists()
    with sqlite3.connect(target) as copy:
        units = copy.execute("select count(*) from unit").fetchone()[0]
        migrations = copy.execute("select count(*) from tortoise_migrations").fetchone()[0]
    assert units == await Unit.all().count() == 10
    assert migrations >= 3


def test_non_sqlite_urls_are_refused() -> None:
    with pytest.raises(BackupUnsupported):
        sqlite_file("postgres://u@h/db")
    with pytest.raises(BackupUnsupported):
        sqlite_file("sqlite://:memory:")
    assert sqlite_file("sqlite://data/x.sqlite3") == Path("data/x.sqlite3")
