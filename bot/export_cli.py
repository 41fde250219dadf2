"""`main.py export`: the summary files for staff at a desk, the same bytes the chat sends."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import datetime
from pathlib import Path

from bot.settings import Settings
from handlers.summaries.exports import FORMATS, PhotoReader, gather, render_export
from media import LocalPhotoStorage
from models import directory
from models.db import close_database, open_database
from models.periods import Period
from models.scope import Scope


def add_export_parser(commands: argparse._SubParsersAction) -> None:
    """export --unit CODE --period 2026H1 --format xlsx|docx|csv [--out FILE] [--approved-only]."""
    export = commands.add_parser("export", help="summary spreadsheet, review draft or CSV")
    export.add_argument("--unit", required=True, help="unit code (its whole subtree counts)")
    export.add_argument(
        "--period",
        required=True,
        help="2026H1, 2026Q3, 2026-10, 2026 or 2026-07-01..2026-08-15",
    )
    export.add_argument("--format", required=True, choices=FORMATS)
    export.add_argument("--compare", help="period to compare with (default: a year earlier)")
    export.add_argument("--out", type=Path, help="file to write (default: a name in .)")
    export.add_argument("--lang", choices=("vi", "en"), help="default: DEFAULT_LANGUAGE")
    export.add_argument(
        "--approved-only",
        action="store_true",
        help="count and list approved reports only (default: every report not withdrawn)",
    )


async def run_export(settings: Settings, args: argparse.Namespace) -> int:
    """Write one export file and print where it went."""
    try:
        period = Period.from_code(args.period)
        against = Period.from_code(args.compare) if args.compare else None
    except ValueError as problem:
        print(f"--period/--compare: {problem}", file=sys.stderr)
        return 2
    await open_database(settings.database_url)
    try:
        unit = await directory.get_unit_by_code(args.unit)
        if unit is None:
            print(f"unknown unit {args.unit}", file=sys.stderr)
            return 1
        today = datetime.now(settings.tz).date()
        data = await gather(
            Scope(unit),
            period,
            against or period.same_period_last_year(),
            lang=args.lang or settings.default_language,
            today=today,
            rows=args.format != "docx",
            notable=args.format == "docx",
            max_distance_km=settings.max_distance_from_unit_km,
            approved_only=args.approved_only,
        )
    finally:
        await close_database()
    photos = PhotoReader(LocalPhotoStorage(settings.media_dir))
    content, name = await asyncio.to_thread(render_export, args.format, data, photos)
    target = args.out or Path(name)
    await asyncio.to_thread(target.write_bytes, content)
    print(f"{target} ({len(content)} bytes)")
    return 0
