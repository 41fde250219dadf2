"""One person reporting from Telegram and from Zalo sees one history."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import build_engine
from handlers.types import Channel
from models.people import Identity
from models.reports import Report
from tests.bot.telegram_harness import demo_units, invite_code
from tests.bot.zalo_harness import ZaloUser, answer_steps, polling_zalo, submit, zalo_settings
from tests.fakes.zalo_server import FakeZaloServer
from tests.handlers.dialogue import Chat

CODE = re.compile(r"/lienket ([A-Z0-9]{8})")


@pytest.fixture
async def server() -> AsyncIterator[FakeZaloServer]:
    async with FakeZaloServer() as fake:
        yield fake


async def file_on_telegram(chat: Chat, title: str) -> None:
    """A short 'other activity' report through the engine, as the Telegram adapter would."""
    assert "Bước 1/" in await chat.say("/baocao")
    await chat.press("type:other")
    await chat.say(title)
    await chat.press("date:0")
    await chat.say("Đồn Biên phòng")
    await chat.press("loc:skip")
    await chat.say("Phối hợp tuần tra với lực lượng nước bạn.")
    assert "Kiểm tra báo cáo" in await chat.say("xong")
    assert "Đã gửi báo cáo số #" in await chat.press("review:submit")


async def test_reports_from_telegram_and_zalo_are_one_history(
    database_url: str, media_dir: Path, server: FakeZaloServer
) -> None:
    await demo_units()
    settings = zalo_settings(database_url, media_dir, server)
    engine = build_engine(settings)
    telegram = Chat(engine, user_id="4242", channel=Channel.TELEGRAM, name="Vi Văn D")  # type: ignore[arg-type]
    assert "đã được đăng ký" in await telegram.say(f"/start {await invite_code()}")
    await file_on_telegram(telegram, "Tuần tra chung đường biên")

    shown = await telegram.say("/lienket")
    match = CODE.search(shown)
    assert match is not None, shown
    guard = ZaloUser(server, name="Vi Văn D (Zalo)")
    async with polling_zalo(settings, engine):
        await guard.say(f"/lienket {match.group(1)}", "Đã liên kết")
        await answer_steps(
            guard,
            "Hoạt động khác",
            "Họp dân bản Nà Ía",
            "hôm nay",
            "Nhà văn hoá",
            "bo qua",
            "Phổ biến quy chế khu vực biên giới.",
        )
        await submit(guard, "gui")
        on_zalo = await guard.say("/cuatoi", "Báo cáo gần đây của đồng chí")

    on_telegram = await telegram.say("/cuatoi")
    for history in (on_zalo.text or "", on_telegram):
        assert "Tuần tra chung đường biên" in history and "Họp dân bản Nà Ía" in history
    first, second = await Report.all().order_by("id")
    assert first.author_id == second.author_id  # type: ignore[attr-defined]
    assert (first.channel, second.channel) == ("telegram", "zalo")
    identities = await Identity.filter(person_id=first.author_id).values_list("channel", flat=True)  # type: ignore[attr-defined]
    assert sorted(identities) == ["telegram", "zalo"]
