"""`main.py updates failed`: the updates that kept failing, for operators (no message content)."""

from __future__ import annotations

import argparse

from bot.settings import Settings
from models import state
from models.conversation import FailedUpdate
from models.db import close_database, open_database


def add_updates_parser(commands: argparse._SubParsersAction) -> None:
    """updates failed [--limit N]."""
    updates = commands.add_parser("updates", help="messenger updates").add_subparsers(dest="action")
    failed = updates.add_parser("failed", help="updates whose handling failed, newest first")
    failed.add_argument("--limit", type=int, default=100)


def failure_line(row: FailedUpdate) -> str:
    """One failure: where, which update, what kind of error, how often, and its fate."""
    fate = "given up" if row.given_up else "will be retried"
    return (
        f"{row.last_failed_at:%Y-%m-%d %H:%M:%S}Z  {row.channel:<8} {row.update_key:<24} "
        f"{row.error_class:<24} {row.attempts}x  {fate} (first {row.first_failed_at:%H:%M:%S}Z)"
    )


async def list_failed_updates(settings: Settings, limit: int) -> int:
    """Print the failures; exit 0 either way (an empty list is good news)."""
    await open_database(settings.database_url)
    try:
        rows = await state.failed_updates(limit)
    finally:
        await close_database()
    if not rows:
        print("no failed updates")
        return 0
    print(f"{len(rows)} failed update(s), newest first (times in UTC):")
    for row in rows:
        print(failure_line(row))
    return 0
