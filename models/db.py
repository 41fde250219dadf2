"""Database configuration, start-up (migrations first) and shutdown."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tortoise import Tortoise
from tortoise.migrations.api import migrate

MODEL_MODULES = ["models.units", "models.people", "models.reports", "models.conversation"]


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
    prefix = "sqlite://"
    if not database_url.startswith(prefix):
        return
    location = database_url[len(prefix) :].split("?", 1)[0]
    if location and location != ":memory:":
        Path(location).parent.mkdir(parents=True, exist_ok=True)


async def upgrade_schema(database_url: str, target: str | None = None) -> None:
    """Apply pending migrations (all of them, or up to `target` like 'models.0001_initial')."""
    ensure_sqlite_folder(database_url)
    await migrate(config=tortoise_config(database_url), target=target)
    await Tortoise.close_connections()


async def open_database(database_url: str, *, upgrade: bool = True) -> None:
    """Bring the schema up to date, then open connections for the application."""
    if upgrade:
        await upgrade_schema(database_url)
    ensure_sqlite_folder(database_url)
    await Tortoise.init(config=tortoise_config(database_url))


async def close_database() -> None:
    """Close connections; without it the aiosqlite thread keeps the process alive."""
    await Tortoise.close_connections()
