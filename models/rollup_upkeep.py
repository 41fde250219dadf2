"""Rebuilding the monthly rollup from the reports, and checking it against them.

`main.py db rollups rebuild` and `… check` call these; the benchmark builds its generated
data's rollup through `rebuild` too.
"""

from __future__ import annotations

from dataclasses import dataclass

from tortoise import connections
from tortoise.transactions import in_transaction

from models.rollups import GRAINS, KEY, VALUES, Key

_COLUMNS = ", ".join((*KEY, *VALUES))


def raw_sql(months: int) -> str:
    """The rollup rows of one grain computed from the reports (the same text on both
    databases: integer division, COALESCE for types without a figure)."""
    first = f"(period_month / 100) * 100 + ((period_month % 100 - 1) / {months}) * {months} + 1"
    rest = "status, unit_id, activity_type, country"
    sums = ", ".join(f"COALESCE(SUM({name}), 0) AS {name}" for name in VALUES[1:])
    return (
        f"SELECT {months} AS months, {first} AS first_month, {rest},"
        f" COUNT(*) AS activities, {sums} FROM report GROUP BY {first}, {rest}"
    )


@dataclass(frozen=True, slots=True)
class Difference:
    """One rollup key whose stored amounts differ from the reports' (None: no row/report)."""

    key: Key
    stored: tuple[int, ...] | None
    actual: tuple[int, ...] | None


async def rebuild() -> int:
    """Replace the rollup by one computed from every report; returns its row count.

    On PostgreSQL the table is locked first (EXCLUSIVE: readers go on, writers wait), so a
    report filed meanwhile is either in the new rollup or applies its delta after it.
    """
    async with in_transaction() as connection:
        if connection.capabilities.dialect == "postgres":
            await connection.execute_script("LOCK TABLE monthly_rollup IN EXCLUSIVE MODE")
        await connection.execute_query("DELETE FROM monthly_rollup")
        for months in GRAINS:
            # In key order, so a block's rows share pages (a period reads few of them).
            sql = f"INSERT INTO monthly_rollup ({_COLUMNS}) {raw_sql(months)} ORDER BY 1, 2, 3, 4"
            await connection.execute_query(sql)
        rows = await connection.execute_query_dict("SELECT COUNT(*) AS n FROM monthly_rollup")
    if connection.capabilities.dialect == "postgres":  # fresh statistics for the planner
        await connections.get("default").execute_script("VACUUM ANALYZE monthly_rollup")
    return int(rows[0]["n"])


def _by_key(rows: list[dict]) -> dict[Key, tuple[int, ...]]:
    """Rows as key → amounts, leaving out all-zero ones (a kept empty row means nothing)."""
    found = {}
    for row in rows:
        amounts = tuple(int(row[name]) for name in VALUES)
        if any(amounts):
            key = tuple(str(row[k]) if isinstance(row[k], str) else int(row[k]) for k in KEY)
            found[key] = amounts
    return found  # type: ignore[return-value]


async def differences() -> list[Difference]:
    """Every key where the rollup and the reports disagree, in key order."""
    connection = connections.get("default")
    actual: dict[Key, tuple[int, ...]] = {}
    for months in GRAINS:
        actual |= _by_key(await connection.execute_query_dict(raw_sql(months)))
    stored = _by_key(await connection.execute_query_dict(f"SELECT {_COLUMNS} FROM monthly_rollup"))
    keys = sorted(set(actual) | set(stored))
    return [
        Difference(k, stored.get(k), actual.get(k)) for k in keys if stored.get(k) != actual.get(k)
    ]
