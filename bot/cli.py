"""Staff sub-commands and the default 'run the bot' action."""

from __future__ import annotations

import argparse
import asyncio
import re
import signal
import sys
from datetime import UTC, datetime
from pathlib import Path

from bot.app import build_engine
from bot.channels.console import CONSOLE_USER, ConsoleChannel
from bot.channels.telegram import build_telegram_app
from bot.channels.telegram_webhook import SECRET_PATTERN, add_telegram_webhook
from bot.settings import Settings
from bot.web import build_web_app, parse_listen, serving
from handlers.texts import t
from models import access, demo_data, directory
from models.backup import BackupUnsupported, backup_sqlite
from models.db import close_database, database_ok, open_database, upgrade_schema
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
    return parser


async def run_bot(settings: Settings) -> int:
    """Telegram when its token is set; the console when no messenger token is set."""
    if settings.zalo_bot_token is not None:
        # Refuse rather than silently ignore a configured channel.
        print(
            "ZALO_BOT_TOKEN is set, but the Zalo channel is not in this build yet (issue #6).",
            file=sys.stderr,
        )
        return 2
    if settings.telegram_bot_token is not None:
        return await run_telegram(settings)
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
        console = ConsoleChannel(build_engine(settings), sys.stdin, sys.stdout, lang)
        await console.run()
    finally:
        await close_database()
    return 0


async def run_telegram(settings: Settings) -> int:
    """Poll, or serve the webhook when TELEGRAM_WEBHOOK_URL is set, until SIGINT/SIGTERM."""
    problem = telegram_webhook_problem(settings)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    # Tortoise keeps its context in a ContextVar: open it here, before PTB starts its tasks.
    await open_database(settings.database_url)
    stop = stop_on_signals()
    try:
        engine = build_engine(settings)
        channel = build_telegram_app(settings, engine)
        if settings.telegram_webhook_url and settings.telegram_webhook_secret:
            web_app = build_web_app(database_ok, engine.metrics)
            secret = settings.telegram_webhook_secret.get_secret_value()
            add_telegram_webhook(web_app, channel, secret)
            host, port = parse_listen(settings.webhook_listen)
            async with channel.webhook(), serving(web_app, host, port):
                await stop.wait()
        else:
            async with channel.polling():
                await stop.wait()
    finally:
        await close_database()
    return 0


def telegram_webhook_problem(settings: Settings) -> str | None:
    """Why webhook mode cannot start safely, if it cannot: it needs a well-formed secret."""
    if not settings.telegram_webhook_url:
        return None
    secret = settings.telegram_webhook_secret
    if secret is None or not re.fullmatch(SECRET_PATTERN, secret.get_secret_value()):
        return (
            "TELEGRAM_WEBHOOK_URL is set: TELEGRAM_WEBHOOK_SECRET must be set too "
            "(1-256 characters A-Z a-z 0-9 _ -), or anyone could post fake updates."
        )
    try:
        parse_listen(settings.webhook_listen)
    except ValueError as bad:
        return str(bad)
    return None


def stop_on_signals() -> asyncio.Event:
    """An event set by SIGINT or SIGTERM (Ctrl+C, `docker stop`, systemd)."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    return stop


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


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, build settings once, run the chosen action."""
    args = build_parser().parse_args(argv)
    settings = Settings()
    if args.command in ("units", "places") and args.action == "import":
        return asyncio.run(import_file(settings, args.command, args.file))
    if args.command == "invite":
        return asyncio.run(create_invite(settings, args.unit, args.role))
    if args.command == "db" and args.action == "backup":
        return asyncio.run(backup_database(settings, args.file))
    if args.command == "db" and args.action == "upgrade":
        asyncio.run(upgrade_schema(settings.database_url))
        print("database is up to date")
        return 0
    if args.command is None:
        return asyncio.run(run_bot(settings))
    build_parser().print_help()
    return 2
