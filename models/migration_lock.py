"""One migrating process at a time, across workers (and hosts, on PostgreSQL).

Workers migrate at start-up; two starting together on a fresh database both tried to create
the same tables and one crashed ("already exists"). The lock makes the second wait, then find
nothing left to apply.
"""

from __future__ import annotations

import asyncio
import fcntl
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

POSTGRES_SCHEMES = ("postgres", "postgresql", "asyncpg")
ADVISORY_LOCK_KEY = 0x7474646E_6D696772  # "ttdnmigr": any fixed key, the same in every worker


def asyncpg_dsn(url: str) -> str:
    """tortoise writes postgres://; asyncpg wants postgresql:// and no tortoise options."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(scheme="postgresql", query=""))


def sqlite_file(database_url: str) -> Path | None:
    """The SQLite file of a sqlite:// URL (None for :memory: and other databases)."""
    prefix = "sqlite://"
    if not database_url.startswith(prefix):
        return None
    location = database_url[len(prefix) :].split("?", 1)[0]
    return Path(location) if location and location != ":memory:" else None


@asynccontextmanager
async def migration_lock(database_url: str) -> AsyncIterator[None]:
    """Hold the database's migration lock for the block: a PostgreSQL advisory lock on a
    connection of its own, or an exclusive flock on `<file>.lock` next to a SQLite file."""
    if urlsplit(database_url).scheme in POSTGRES_SCHEMES:
        import asyncpg  # the postgres extra; only needed for a postgres:// URL

        connection = await asyncpg.connect(asyncpg_dsn(database_url))
        try:
            await connection.execute("SELECT pg_advisory_lock($1)", ADVISORY_LOCK_KEY)
            yield  # closing the connection releases the lock, also when migrating failed
        finally:
            await connection.close()
        return
    database = sqlite_file(database_url)
    if database is None:
        yield
        return
    with open(f"{database}.lock", "a") as lock_file:  # noqa: ASYNC230 -- creating an empty file
        await asyncio.to_thread(fcntl.flock, lock_file.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock_file.fileno(), fcntl.LOCK_UN)
