"""Monthly rollups: reports counted per month, unit, type, country and review state.

Each report also counts in the aligned quarter, half and year that hold its month (the same
rows with `months` 3, 6 or 12 and the block's first month): at 1,000,000 reports one month
is ~5,000 rows, so a half-year read month by month would sum 30,000 rows; as one block it
sums 5,000 (bench/README.md). Every write that changes a report applies its contribution in
the same transaction, as −old +new deltas through one atomic upsert (`INSERT … ON CONFLICT …
DO UPDATE SET n = n + excluded.n`, the same text on SQLite ≥ 3.24 and PostgreSQL), so
concurrent writers never lose an increment. Rows that fall to zero are kept: deleting them
would race with a concurrent increment of the same key, and readers skip them
(`activities > 0`); a rebuild drops them. Withdrawn reports are rolled up too (readers filter
by state), so the rollup holds every report.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from tortoise import connections, fields
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.models import Model

from models.activity_types import FIGURE_FIELDS

KEY = ("months", "first_month", "status", "unit_id", "activity_type", "country")
GRAINS = (1, 3, 6, 12)
"""Block lengths in months: a month, and the aligned quarter, half and year holding it."""
VALUES = ("activities", *FIGURE_FIELDS)
REPORT_COLUMNS = ("period_month", "status", "unit_id", "activity_type", "country", *FIGURE_FIELDS)
"""The report columns its contribution depends on."""
_CHUNK = 40  # rows per upsert: 19 parameters each, far below SQLite's and asyncpg's limits


class MonthlyRollup(Model):
    """Reports counted per block of months, unit, type, country and review state."""

    # A block is `months` (1, 3, 6 or 12) months from `first_month` (YYYYMM).

    id = fields.BigIntField(primary_key=True)
    months = fields.SmallIntField()
    first_month = fields.IntField()
    unit_id = fields.IntField()
    activity_type = fields.CharField(max_length=32)
    country = fields.CharField(max_length=2)
    status = fields.CharField(max_length=16)
    activities = fields.IntField(default=0)
    participants_vn = fields.BigIntField(default=0)
    participants_foreign = fields.BigIntField(default=0)
    sessions = fields.BigIntField(default=0)
    audience = fields.BigIntField(default=0)
    copies = fields.BigIntField(default=0)
    items = fields.BigIntField(default=0)
    delegation_size = fields.BigIntField(default=0)
    classes = fields.BigIntField(default=0)
    trainees = fields.BigIntField(default=0)
    visitors = fields.BigIntField(default=0)
    posts_handled = fields.BigIntField(default=0)
    cases = fields.BigIntField(default=0)

    class Meta:
        table = "monthly_rollup"
        # Block first, state next: a period is a few block keys, its states an IN list.
        unique_together = (KEY,)


Key = tuple[int, int, str, int, str, str]


def placeholders(connection: BaseDBAsyncClient, count: int, start: int = 1) -> list[str]:
    """Parameter marks of the connection's dialect: `?` on SQLite, `$n` on PostgreSQL."""
    if connection.capabilities.dialect == "postgres":
        return [f"${n}" for n in range(start, start + count)]
    return ["?"] * count


_COLUMNS = ", ".join((*KEY, *VALUES))
_ADD = ", ".join(f"{c} = monthly_rollup.{c} + excluded.{c}" for c in VALUES)
_CONFLICT = ", ".join(KEY)


def upsert_sql(connection: BaseDBAsyncClient, rows: int) -> str:
    """One INSERT of `rows` rows adding onto existing keys, in the connection's dialect."""
    width = len(KEY) + len(VALUES)
    marks = placeholders(connection, rows * width)
    tuples = ", ".join(
        "(" + ", ".join(marks[i * width : (i + 1) * width]) + ")" for i in range(rows)
    )
    return (
        f"INSERT INTO monthly_rollup ({_COLUMNS}) VALUES {tuples}"
        f" ON CONFLICT ({_CONFLICT}) DO UPDATE SET {_ADD}"
    )


def first_month(period_month: int, months: int) -> int:
    """The first month (YYYYMM) of the aligned block of `months` holding `period_month`."""
    year, month = divmod(period_month, 100)
    return year * 100 + (month - 1) // months * months + 1


def keys_of(report: Any) -> list[Key]:
    """Where a report (a model or a dict of its columns) counts: one key per grain."""
    get = report.get if isinstance(report, Mapping) else lambda name: getattr(report, name)
    status = str(getattr(get("status"), "value", get("status")))
    month = int(get("period_month"))
    rest = (status, int(get("unit_id")), str(get("activity_type")), str(get("country") or ""))
    return [(g, first_month(month, g), *rest) for g in GRAINS]


def amounts_of(report: Any) -> list[int]:
    """The count (1) and every figure (0 for none) one report adds."""
    get = report.get if isinstance(report, Mapping) else lambda name: getattr(report, name)
    return [1, *(int(get(name) or 0) for name in FIGURE_FIELDS)]


class Deltas:
    """Changes to rollup rows collected for one write, merged by key."""

    def __init__(self) -> None:
        self.rows: dict[Key, list[int]] = {}

    def add(self, key: Key, amounts: Iterable[int], sign: int = 1) -> None:
        """Add (sign 1) or take away (sign −1) amounts at a key."""
        row = self.rows.setdefault(key, [0] * len(VALUES))
        for i, value in enumerate(amounts):
            row[i] += sign * value

    def report(self, report: Any, sign: int = 1) -> None:
        """Add or take away one report's contribution (at each grain)."""
        amounts = amounts_of(report)
        for key in keys_of(report):
            self.add(key, amounts, sign)

    async def apply(self) -> None:
        """Upsert the non-zero deltas in key order (one lock order for every writer, so two
        writers touching the same keys cannot deadlock on PostgreSQL)."""
        changed = sorted((k, v) for k, v in self.rows.items() if any(v))
        connection = connections.get("default")
        for i in range(0, len(changed), _CHUNK):
            chunk = changed[i : i + _CHUNK]
            params = [value for key, amounts in chunk for value in (*key, *amounts)]
            await connection.execute_query(upsert_sql(connection, len(chunk)), params)
        self.rows.clear()


async def report_added(report: Any) -> None:
    """A new report counts (filing)."""
    deltas = Deltas()
    deltas.report(report)
    await deltas.apply()


async def report_changed(old: Any, new: Any) -> None:
    """A report moved: take its old contribution away, add the new one."""
    deltas = Deltas()
    deltas.report(old, -1)
    deltas.report(new)
    await deltas.apply()
