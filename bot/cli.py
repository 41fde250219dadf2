"""Staff sub-commands and the default 'run the bot' action."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import UTC, datetime
from pathlib import Path

from bot.app import build_engine, remove_crash_leftovers
from bot.channels.console import CONSOLE_USER, ConsoleChannel
from bot.demo_cli import add_demo_parser, clear_demo, load_console_reports
from bot.export_cli import add_export_parser, run_export
from bot.messengers import run_messengers
from bot.rollups_cli import add_rollups_parser, run_rollups
from bot.settings import Settings
from bot.updates_cli import add_updates_parser, list_failed_updates
from handlers.texts import t
from models import access, demo_data, directory
from models.backup import BackupUnsupported, backup_sqlite
from models.db import close_database, open_database, upgrade_schema
from models.directory import ImportProblem
from models.people import Role


def build_parser() -> argparse.ArgumentParser:
    """`main.py` with no arguments runs the bot; the rest are staff tools."""
    parser = argparse.ArgumentParser(prog="main.py", description="TTĐN field reports bot")
    commands = parser.add_subparsers(dest="command")
    units = commands.add_parser("units", help="unit tree").add_subparsers(dest="action")
    units.add_parser("import", help="import code,name,kind,parent_code,lat,lon").add_argument(
        "file", type=Path
    )
    places = commands.add_parser("places", help="known places").add_subparsers(dest="action")
    places.add_parser("import", help="import unit_code,name,lat,lon").add_argument(
        "file", type=Path
    )
    invite = commands.add_parser("invite", help="create a one-time invite code")
    invite.add_argument("--unit", required=True, help="unit code")
    invite.add_argument("--role", required=True, choices=[r.value for r in Role])
    db = commands.add_parser("db", help="database").add_subparsers(dest="action")
    db.add_parser("upgrade", help="apply pending migrations")
    db.add_parser("backup", help="online copy of the SQLite database").add_argument(
        "file", type=Path
    )
    add_rollups_parser(db)
    add_export_parser(commands)
    add_demo_parser(commands)
    add_updates_parser(commands)
    return parser


async def run_bot(settings: Settings) -> int:
    """Every messenger whose token is set (Telegram and/or Zalo); else the console."""
    await asyncio.to_thread(remove_crash_leftovers, settings)
    if settings.has_messenger_token:
        return await run_messengers(settings)
    await open_database(settings.database_url)
    try:
        lang = settings.default_language
        if await directory.count_units() == 0:
            demo = await demo_data.load_demo("console", CONSOLE_USER, "Cán bộ thử nghiệm")
            print(
                t(
                    lang,
                    "console_demo_loaded",
                    units=demo.units,
                    places=demo.places,
                    province=demo.province,
                    post=demo.post,
                )
            )
            await load_console_reports(settings, "console", CONSOLE_USER, lang)
        files = Path(settings.media_dir).parent / "console_files"
        console = ConsoleChannel(
            build_engine(settings),
            sys.stdin,
            sys.stdout,
            lang,
            files,
            outbox_poll_seconds=settings.outbox_poll_seconds,
        )
        await console.run()
    finally:
        await close_database()
    return 0


async def run_telegram(settings: Settings) -> int:
    """Telegram alone: poll, or serve the webhook when TELEGRAM_WEBHOOK_URL is set."""
    return await run_messengers(settings.model_copy(update={"zalo_bot_token": None}))


async def import_file(settings: Settings, kind: str, path: Path) -> int:
    """`units import` / `places import`."""
    await open_database(settings.database_url)
    try:
        text = await asyncio.to_thread(path.read_text, encoding="utf-8")
        importer = directory.import_units if kind == "units" else directory.import_places
        result = await importer(text)
    except (OSError, ImportProblem) as problem:
        print(f"{path}: {problem}", file=sys.stderr)
        return 1
    finally:
        await close_database()
    print(f"{kind}: {result.created} created, {result.updated} updated")
    return 0


async def create_invite(settings: Settings, unit_code: str, role: str) -> int:
    """`invite --unit CODE --role ROLE`: prints the code."""
    await open_database(settings.database_url)
    try:
        unit = await directory.get_unit_by_code(unit_code)
        if unit is None:
            print(f"unknown unit {unit_code}", file=sys.stderr)
            return 1
        invite = await access.create_invite(
            unit, Role(role), None, datetime.now(UTC), settings.invite_valid_days
        )
    finally:
        await close_database()
    print(invite.code)
    return 0


async def backup_database(settings: Settings, target: Path) -> int:
    """`db backup FILE`: SQLite online backup; PostgreSQL is backed up with pg_dump."""
    try:
        pages = await backup_sqlite(settings.database_url, target)
    except BackupUnsupported:
        print(
            "DATABASE_URL is not a SQLite file: use pg_dump for PostgreSQL (see README).",
            file=sys.stderr,
        )
        return 2
    except FileNotFoundError as missing:
        print(f"no database at {missing}", file=sys.stderr)
        return 1
    print(f"backup written to {target} ({pages} pages)")
    return 0


def upgrade_report(applied: list[str]) -> str:
    """What `db upgrade` did: the migrations it applied, or that there were none."""
    if not applied:
        return "database is up to date"
    noun = "migration" if len(applied) == 1 else "migrations"
    return "\n".join([f"applied {len(applied)} {noun}:", *(f"  {name}" for name in applied)])


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, build settings once, run the chosen action."""
    args = build_parser().parse_args(argv)
    settings = Settings()
    if args.command in ("units", "places") and args.action == "import":
        return asyncio.run(import_file(settings, args.command, args.file))
    if args.command == "export":
        return asyncio.run(run_export(settings, args))
    if args.command == "demo" and args.action == "clear":
        return asyncio.run(clear_demo(settings))
    if args.command == "updates" and args.action == "failed":
        return asyncio.run(list_failed_updates(settings, args.limit))
    if args.command == "invite":
        return asyncio.run(create_invite(settings, args.unit, args.role))
    if args.command == "db" and args.action == "rollups":
        return asyncio.run(run_rollups(settings, args.rollups_action))
    if args.command == "db" and args.action == "backup":
        return asyncio.run(backup_database(settings, args.file))
    if args.command == "db" and args.action == "upgrade":
        applied = asyncio.run(upgrade_schema(settings.database_url))
        print(upgrade_report(applied))
        return 0
    if args.command is None:
        return asyncio.run(run_bot(settings))
    build_parser().print_help()
    return 2
