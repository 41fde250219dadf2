"""Test databases: a migrated SQLite template copied per test, or a fresh PostgreSQL database
per run (created from TEST_DATABASE_URL, migrated once, truncated between tests, dropped after)."""

from __future__ import annotations

import uuid
from urllib.parse import urlsplit, urlunsplit

import asyncpg
from tortoise import connections

from models.migration_lock import asyncpg_dsn

KEEP_TABLES = {"tortoise_migrations"}


def with_database(url: str, name: str) -> str:
    """The same server URL pointing at another database."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


async def create_scratch_database(server_url: str) -> str:
    """A uniquely named empty database on the server of `server_url`; returns its URL."""
    name = f"ttdn_test_{uuid.uuid4().hex[:10]}"
    connection = await asyncpg.connect(asyncpg_dsn(server_url))
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    return with_database(server_url, name)


async def drop_scratch_database(server_url: str, scratch_url: str) -> None:
    """Remove the run's database (connections must be closed)."""
    name = urlsplit(scratch_url).path.lstrip("/")
    connection = await asyncpg.connect(asyncpg_dsn(server_url))
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await connection.close()


async def truncate_all() -> None:
    """Empty every table but the migration record, so each test starts clean and fast."""
    client = connections.get("default")
    rows = await client.execute_query_dict(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
    )
    tables = [r["tablename"] for r in rows if r["tablename"] not in KEEP_TABLES]
    if tables:
        names = ", ".join(f'"{t}"' for t in tables)
        await client.execute_script(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
