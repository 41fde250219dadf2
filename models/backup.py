"""Online backup of the SQLite database (PostgreSQL is backed up with pg_dump, see README)."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path


class BackupUnsupported(ValueError):
    """The database is not a local SQLite file."""


def sqlite_file(database_url: str) -> Path:
    """The file behind a sqlite:// URL."""
    prefix = "sqlite://"
    location = database_url.removeprefix(prefix).split("?", 1)[0]
    if not database_url.startswith(prefix) or location in ("", ":memory:"):
        raise BackupUnsupported(database_url.split("://", 1)[0])
    return Path(location)


def _copy(source: Path, target: Path) -> int:
    """SQLite's backup API copies a consistent snapshot while the bot keeps writing."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(target.suffix + ".partial")
    with (
        sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src,
        sqlite3.connect(partial) as dst,
    ):
        src.backup(dst, pages=1024)
        pages = dst.execute("PRAGMA page_count").fetchone()[0]
    partial.replace(target)  # a half-written backup never carries the final name
    return pages


async def backup_sqlite(database_url: str, target: Path) -> int:
    """Write a consistent copy of the live database to `target`; returns its page count."""
    source = sqlite_file(database_url)
    if not source.is_file():
        raise FileNotFoundError(source)
    return await asyncio.to_thread(_copy, source, target)
