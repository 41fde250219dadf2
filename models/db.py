"""Database configuration, start-up (migrations first) and shutdown."""

from __future__ import annotations

import asyncio
from typing import Any

from tortoise import Tortoise, connections
from tortoise.backends.base.executor import EXECUTOR_CACHE
from tortoise.migrations.api import migrate

from models.migration_lock import migration_lock, sqlite_file

MODEL_MODULES = [
    "models.units",
    "models.people",
    "models.reports",
    "models.conversation",
    "models.outbox",
    "models.rollups",
]


def tortoise_config(database_url: str) -> dict[str, Any]:
    """One app, one connection; migrations live in models/migrations."""
    return {
        "connections": {"default": database_url},
        "apps": {
            "models": {
                "models": MODEL_MODULES,
                "default_connection": "default",
                "migrations": "models.migrations",
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


def ensure_sqlite_folder(database_url: str) -> None:
    """Create the folder of a relative/absolute SQLite file so the first run just works."""
    database = sqlite_file(database_url)
    if database is not None:
        database.parent.mkdir(parents=True, exist_ok=True)


async def upgrade_schema(database_url: str, target: str | None = None) -> list[str]:
    """Apply pending migrations (all of them, or up to `target` like 'models.0001_initial');
    returns the names applied ('models.0001_initial', …), empty when nothing was pending."""
    ensure_sqlite_folder(database_url)
    applied: list[str] = []

    def note(event: str, app_label: str, name: str) -> None:
        """Called by tortoise after each migration; a failed one never reports 'done'."""
        if event == "apply_done":
            applied.append(f"{app_label}.{name}")

    try:
        async with migration_lock(database_url):
            await migrate(config=tortoise_config(database_url), target=target, progress=note)
    finally:
        # Also on failure: a live aiosqlite thread would keep the process from exiting.
        await Tortoise.close_connections()
    return applied


async def open_database(database_url: str, *, upgrade: bool = True) -> None:
    """Bring the schema up to date, then open connections for the application."""
    if upgrade:
        await upgrade_schema(database_url)
    ensure_sqlite_folder(database_url)
    # tortoise caches each model's INSERT SQL by connection name and table, not by dialect:
    # a process that opened SQLite before PostgreSQL would send '?' placeholders to asyncpg.
    EXECUTOR_CACHE.clear()
    await Tortoise.init(config=tortoise_config(database_url))


async def close_database() -> None:
    """Close connections; without it the aiosqlite thread keeps the process alive."""
    await Tortoise.close_connections()


async def database_ok(timeout: float = 2.0) -> bool:  # noqa: ASYNC109 -- a health-check budget
    """A trivial query within `timeout` seconds, for /healthz."""
    try:
        async with asyncio.timeout(timeout):
            await connections.get("default").execute_query("SELECT 1")
    except Exception:  # any failure (closed, unreachable, locked) means "not healthy"
        return False
    return True
