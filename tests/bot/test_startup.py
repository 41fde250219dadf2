"""Every start, console or messengers, first removes photo temp files a crash left behind."""

from __future__ import annotations

import os
import time
from pathlib import Path

from bot.cli import run_bot
from bot.settings import Settings
from tests.bot.test_console import run_console
from tests.fakes.zalo_server import FakeZaloServer

HOUR = 3600


def leftovers(media: Path) -> tuple[Path, Path]:
    """A temp file of a crashed write (two hours old) and one being written (a minute old)."""
    folder = media / "originals" / "ab"
    folder.mkdir(parents=True)
    stale, fresh = folder / ".tmp-crashed.part", folder / ".tmp-writing.part"
    now = time.time()
    for path, age in ((stale, 2 * HOUR), (fresh, 60)):
        path.write_bytes(b"half a photo")
        os.utime(path, (now - age, now - age))
    return stale, fresh


async def test_the_console_start_removes_stale_temp_files(tmp_path: Path) -> None:
    stale, fresh = leftovers(tmp_path / "m")
    _, err, code = await run_console(tmp_path, [])
    assert code == 0, err
    assert not stale.exists() and fresh.exists()


async def test_a_messenger_start_removes_stale_temp_files(tmp_path: Path) -> None:
    stale, fresh = leftovers(tmp_path / "media")
    async with FakeZaloServer() as server:
        settings = Settings(
            zalo_bot_token="999:wrong-token",  # stops right after the start-up work
            zalo_api_url=server.api_url,
            telegram_bot_token=None,
            database_url=f"sqlite://{tmp_path}/bot.sqlite3",
            media_dir=tmp_path / "media",
        )
        assert await run_bot(settings) == 1
    assert not stale.exists() and fresh.exists()
