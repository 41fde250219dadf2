"""Shared fixtures: a real migrated database per test, and a media folder."""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from models.db import close_database, open_database

logging.getLogger("httpx").setLevel(logging.WARNING)


@pytest.fixture
async def database_url(tmp_path: Path) -> AsyncIterator[str]:
    """A fresh database with every migration applied: SQLite, or TEST_DATABASE_URL."""
    url = os.environ.get("TEST_DATABASE_URL") or f"sqlite://{tmp_path}/test.sqlite3"
    await open_database(url)
    try:
        yield url
    finally:
        await close_database()


@pytest.fixture
def media_dir(tmp_path: Path) -> Path:
    """Where photos of this test are stored."""
    return tmp_path / "media"
