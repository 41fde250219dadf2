"""Demo reports end to end: the console's first start loads them, `main.py demo clear` removes
them, a messenger start never loads them."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from bot.cli import run_bot
from bot.settings import Settings
from tests.bot.test_console import ROOT, run_console
from tests.fakes.zalo_server import FakeZaloServer


def counts(database: Path) -> tuple[int, int, int]:
    """Demo reports, all reports, photo rows."""
    with sqlite3.connect(database) as db:
        demo = db.execute("select count(*) from report where submit_key like 'demo-%'")
        total = db.execute("select count(*) from report").fetchone()[0]
        photos = db.execute("select count(*) from photo").fetchone()[0]
        return demo.fetchone()[0], total, photos


async def test_first_console_start_loads_demo_reports_and_demo_clear_removes_them(
    tmp_path: Path,
) -> None:
    out, err, code = await run_console(tmp_path, ["/cuatoi"])
    assert code == 0, err
    demo, total, photos = counts(tmp_path / "bot.sqlite3")
    assert 200 <= demo == total <= 400 and 20 <= photos <= 60
    assert f"Kèm {demo} báo cáo mẫu ({photos} ảnh)" in out and "[Demo]" in out
    assert "python main.py demo clear" in out
    assert list((tmp_path / "m" / "derived").glob("*/*_320.jpg")), "thumbnails were made"
    again, _, _ = await run_console(tmp_path, ["/cuatoi"])
    assert "báo cáo mẫu" not in again and counts(tmp_path / "bot.sqlite3")[0] == demo
    env = {k: v for k, v in os.environ.items() if not k.endswith("_BOT_TOKEN")}
    env |= {"DATABASE_URL": f"sqlite://{tmp_path}/bot.sqlite3", "MEDIA_DIR": str(tmp_path / "m")}
    cleared = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, str(ROOT / "main.py"), "demo", "clear"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert cleared.returncode == 0, cleared.stderr
    assert f"demo reports removed: {demo} reports, {photos} photos" in cleared.stdout
    assert counts(tmp_path / "bot.sqlite3") == (0, 0, 0)


async def test_a_messenger_start_loads_no_demo_reports(tmp_path: Path) -> None:
    async with FakeZaloServer() as server:
        settings = Settings(
            zalo_bot_token="999:wrong-token",  # getMe fails after the database was opened
            zalo_api_url=server.api_url,
            telegram_bot_token=None,
            database_url=f"sqlite://{tmp_path}/bot.sqlite3",
            media_dir=tmp_path / "media",
        )
        assert await run_bot(settings) == 1
    with sqlite3.connect(tmp_path / "bot.sqlite3") as db:
        assert db.execute("select count(*) from unit").fetchone() == (0,)
    assert counts(tmp_path / "bot.sqlite3") == (0, 0, 0)
