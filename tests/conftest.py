"""Shared fixtures: a real migrated database per test, and a media folder."""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from models.db import close_database, open_database, upgrade_schema

logging.getLogger("httpx").setLevel(logging.WARNING)
# python-telegram-bot 22.8 reads this at run time: without it, under filterwarnings=error, a 429
# surfaces as PTBDeprecationWarning (about an int retry_after) instead of RetryAfter.
os.environ.setdefault("PTB_TIMEDELTA", "true")


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite file built once by the real migrations; each test gets a copy (fast)."""
    template = tmp_path_factory.mktemp("template") / "migrated.sqlite3"
    asyncio.run(upgrade_schema(f"sqlite://{template}"))
    return template


@pytest.fixture
async def database_url(tmp_path: Path, migrated_template: Path) -> AsyncIterator[str]:
    """A fresh database with every migration applied: SQLite, or TEST_DATABASE_URL."""
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        await open_database(url)
    else:
        copy = tmp_path / "test.sqlite3"
        shutil.copyfile(migrated_template, copy)
        url = f"sqlite://{copy}"
        await open_database(url, upgrade=False)
    try:
        yield url
    finally:
        await close_database()


@pytest.fixture
def media_dir(tmp_path: Path) -> Path:
    """Where photos of this test are stored."""
    return tmp_path / "media"
