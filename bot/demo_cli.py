"""Demo reports: loaded on the console's first start only, removed by `main.py demo clear`."""

from __future__ import annotations

import argparse
import asyncio
from datetime import datetime

from bot.app import photo_intake
from bot.settings import Settings
from handlers.filing.photo_intake import PhotoIntake, StoredPhoto
from handlers.texts import t
from media.demo_image import demo_photo
from models import access, demo_reports
from models.db import close_database, open_database
from models.demo_reports import MakePhoto


def add_demo_parser(commands: argparse._SubParsersAction) -> None:
    """demo clear."""
    demo = commands.add_parser("demo", help="the console's demo reports").add_subparsers(
        dest="action"
    )
    demo.add_parser("clear", help="remove the demo reports (submit key demo-…) and their photos")


def demo_photo_maker(intake: PhotoIntake) -> MakePhoto:
    """Draw a stand-in photo and run it through the real pipeline (both off the event loop)."""

    async def make(seed: int, caption: str) -> StoredPhoto:
        data = await asyncio.to_thread(demo_photo, seed, caption)
        return await intake.store(data)

    return make


async def load_console_reports(settings: Settings, channel: str, user: str, lang: str) -> None:
    """A year of demo reports by the console user, after the demo units were loaded."""
    author = await access.person_for(channel, user)
    assert author is not None, "the demo units come with the console user"
    intake = photo_intake(settings)
    prefix = t(lang, "demo_title_prefix")
    try:
        today = datetime.now(settings.tz).date()
        loaded = await demo_reports.load_demo_reports(
            author, today, prefix, demo_photo_maker(intake)
        )
    finally:
        intake.close()
    print(
        t(
            lang,
            "console_demo_reports_loaded",
            reports=loaded.reports,
            photos=loaded.photos,
            prefix=prefix.strip(),
        )
    )


async def clear_demo(settings: Settings) -> int:
    """`demo clear`: delete the demo reports and their photo rows, say how many."""
    await open_database(settings.database_url)
    try:
        removed = await demo_reports.clear_demo_reports()
    finally:
        await close_database()
    print(
        f"demo reports removed: {removed.reports} reports, {removed.photos} photos "
        "(their files stay in MEDIA_DIR)"
    )
    return 0
