"""Charts and files are rendered after the update's transaction: a slow file holds no database
lock, and a failed rendering is told to the user instead of being lost."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest

from handlers.config import HandlerConfig
from handlers.engine import Engine
from handlers.filing.photo_intake import PhotoIntake
from handlers.summaries import dialogue as summaries
from handlers.summaries import file_reply
from handlers.texts import t
from handlers.types import Reply
from media import PhotoLimits
from models import access
from models.conversation import ProcessedUpdate
from models.people import Role
from tests.handlers.dialogue import Chat, Clock
from tests.models import summary_data


async def committee_and_reporter(media_dir: Path) -> tuple[Chat, Chat, int]:
    """A provincial committee member and a reporter of one post, on one engine."""
    built = await summary_data.build()
    units = built["units"]
    config = HandlerConfig(clock=Clock(), media_dir=str(media_dir))
    engine = Engine(config, PhotoIntake.local(str(media_dir), PhotoLimits()))
    member = await access.register_identity("console", "lan", "Chị Lan", "vi")
    await access.grant(member, units["P"], Role.COMMITTEE)
    reporter = await access.register_identity("console", "minh", "Anh Minh", "vi")
    await access.grant(reporter, units["HN"], Role.REPORTER)
    return Chat(engine, user_id="lan"), Chat(engine, user_id="minh"), units["P"].id


async def test_a_slow_file_does_not_hold_up_other_users(
    database_url: str, media_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    member, reporter, province = await committee_and_reporter(media_dir)
    started, release = threading.Event(), threading.Event()
    real_render = file_reply.render_in_thread

    def slow_render(*args: object) -> tuple[bytes, str]:
        started.set()
        assert release.wait(10), "never released"
        return real_render(*args)

    monkeypatch.setattr(file_reply, "render_in_thread", slow_render)
    export = asyncio.create_task(member.press(f"sumx:xlsx:{province}:2026H1:2025H1"))
    while not started.is_set():  # the member's update reached the rendering
        assert not export.done(), export.result()
        await asyncio.sleep(0.01)
    try:
        # While the spreadsheet is being built, another user's update goes through at once:
        # the member's transaction has committed (on SQLite it would hold the only connection).
        answer = await asyncio.wait_for(reporter.say("/baocao"), 5)
    finally:
        release.set()
    assert "Bước 1/" in answer
    await export
    (reply,) = member.last
    assert reply.file_name == "tonghop_P_2026H1.xlsx" and reply.document[:2] == b"PK"
    assert reply.render is None


async def test_a_failed_chart_is_told_and_the_update_is_not_retried(
    database_url: str, media_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    member, _, _ = await committee_and_reporter(media_dir)

    def broken_chart(*args: object) -> bytes:
        raise MemoryError("no memory left for the chart")

    monkeypatch.setattr(summaries, "render_chart", broken_chart)
    text = await member.say("tổng hợp 6 tháng đầu năm 2026 toàn tỉnh", key="sum-1")
    assert t("vi", "sum_render_failed") in text
    assert "Tổng số: 7 hoạt động" in text  # the figures themselves still came
    assert all(isinstance(r, Reply) and r.render is None for r in member.last)
    assert await ProcessedUpdate.filter(update_key="sum-1").exists()
    assert await member.say("tổng hợp 6 tháng đầu năm 2026 toàn tỉnh", key="sum-1") == ""
