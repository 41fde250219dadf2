"""Shared fixtures: a real migrated database per test, and a media folder."""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from models.db import close_database, open_database, upgrade_schema
from tests.databases import create_scratch_database, drop_scratch_database, truncate_all

logging.getLogger("httpx").setLevel(logging.WARNING)
# python-telegram-bot 22.8 reads this at run time: without it, under filterwarnings=error, a 429
# surfaces as PTBDeprecationWarning (about an int retry_after) instead of RetryAfter.
os.environ.setdefault("PTB_TIMEDELTA", "true")


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The run's migrated database, built once by the real migrations.

    SQLite: a template file each test copies (fast). PostgreSQL (TEST_DATABASE_URL): a fresh
    database of this run's own, so parallel runs cannot collide; dropped at the end.
    """
    server = os.environ.get("TEST_DATABASE_URL")
    if server:
        scratch = asyncio.run(create_scratch_database(server))
        asyncio.run(upgrade_schema(scratch))
        yield scratch
        asyncio.run(drop_scratch_database(server, scratch))
        return
    template = tmp_path_factory.mktemp("template") / "migrated.sqlite3"
    asyncio.run(upgrade_schema(f"sqlite://{template}"))
    yield str(template)


@pytest.fixture
async def database_url(tmp_path: Path, migrated_template: str) -> AsyncIterator[str]:
    """A migrated, empty database for one test."""
    if migrated_template.startswith("postgres"):
        url = migrated_template
        await open_database(url, upgrade=False)
        await truncate_all()
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
