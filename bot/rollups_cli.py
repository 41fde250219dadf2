"""`main.py db rollups rebuild|check`: recompute the monthly rollup, or compare it with reports."""

from __future__ import annotations

import argparse

from bot.settings import Settings
from models import rollup_upkeep
from models.db import close_database, open_database
from models.rollups import KEY, VALUES

SHOWN = 50  # differences printed in full; the count says how many there were


def add_rollups_parser(db: argparse._SubParsersAction) -> None:
    """db rollups rebuild | check."""
    rollups = db.add_parser("rollups", help="the summaries' monthly rollup")
    actions = rollups.add_subparsers(dest="rollups_action", required=True)
    actions.add_parser("rebuild", help="recompute the rollup from every report")
    actions.add_parser("check", help="compare the rollup with the reports (1: they differ)")


def difference_line(difference: rollup_upkeep.Difference) -> str:
    """One key: its columns, then each amount that differs as stored → actual."""
    key = " ".join(f"{name}={value}" for name, value in zip(KEY, difference.key, strict=True))
    stored = difference.stored or (0,) * len(VALUES)
    actual = difference.actual or (0,) * len(VALUES)
    changes = [
        f"{name} {was} → {now}"
        for name, was, now in zip(VALUES, stored, actual, strict=True)
        if was != now
    ]
    return f"  {key}: {', '.join(changes)} (rollup → reports)"


async def run_rollups(settings: Settings, action: str) -> int:
    """Rebuild (exit 0) or check (exit 0 when equal, 1 with the differences printed)."""
    await open_database(settings.database_url)
    try:
        if action == "rebuild":
            rows = await rollup_upkeep.rebuild()
            print(f"rollup rebuilt: {rows} rows")
            return 0
        differences = await rollup_upkeep.differences()
    finally:
        await close_database()
    if not differences:
        print("rollup matches the reports")
        return 0
    print(f"{len(differences)} rollup row(s) differ from the reports:")
    for difference in differences[:SHOWN]:
        print(difference_line(difference))
    if len(differences) > SHOWN:
        print(f"  … and {len(differences) - SHOWN} more; `main.py db rollups rebuild` fixes them")
    else:
        print("`main.py db rollups rebuild` fixes them")
    return 1
