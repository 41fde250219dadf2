"""`main.py export`: the summary files for staff at a desk, the same bytes the chat sends."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import datetime
from pathlib import Path

from bot.settings import Settings
from handlers.summaries.exports import FORMATS, ExportData, PhotoReader, gather, write_export
from handlers.summaries.exports.data import file_name
from handlers.summaries.exports.listing import Ticker, rows_from_loop
from media import LocalPhotoStorage
from models import directory
from models.db import close_database, open_database
from models.periods import Period
from models.scope import Scope

PROGRESS_SECONDS = 3.0


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
            tz=settings.tz,
        )
        photos = PhotoReader(LocalPhotoStorage(settings.media_dir))
        # The rows stream from the database while the file is written: it stays open.
        target = args.out or Path(file_name(data, args.format))
        loop = asyncio.get_running_loop()
        await asyncio.to_thread(_write, args.format, data, photos, target, loop)
    finally:
        await close_database()
    print(f"{target} ({target.stat().st_size} bytes)")
    return 0


def _write(
    kind: str, data: ExportData, photos: PhotoReader, target: Path, loop: asyncio.AbstractEventLoop
) -> None:
    """In a worker thread: the file written straight to disk, a count on stderr meanwhile."""
    total = data.rows.expected if data.rows else 0

    def counted(done: int) -> None:
        print(f"{done}/{max(total, done)}", file=sys.stderr, flush=True)

    rows = rows_from_loop(data.rows, loop, Ticker(counted, PROGRESS_SECONDS))
    partial = target.with_name(target.name + ".part")  # a failed export leaves no half file
    try:
        with partial.open("wb") as out:
            write_export(kind, data, photos, out, rows)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
