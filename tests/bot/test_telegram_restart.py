"""Kill-and-restart: the conversation lives in the database, not in the Application."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from models.reports import Photo, Report
from tests.bot.telegram_harness import (
    TOKEN,
    Reporter,
    demo_units,
    invite_code,
    jpeg,
    polling_bot,
    telegram_settings,
)
from tests.fakes.telegram_server import FakeTelegramServer

USER = 610


@pytest.fixture
async def server() -> AsyncIterator[FakeTelegramServer]:
    async with FakeTelegramServer(token=TOKEN) as fake:
        yield fake


async def test_a_new_application_on_the_same_database_continues_the_draft(
    database_url: str, media_dir: Path, server: FakeTelegramServer
) -> None:
    await demo_units()
    code = await invite_code()
    settings = telegram_settings(database_url, media_dir, server)
    guard = Reporter(server, USER)
    async with polling_bot(settings):
        await guard.say(f"/start {code}", "đã được đăng ký")
        await guard.say("/baocao", "Bước 1/")
        await guard.press("type:exhibition", "Bước 2/")
        title = server.push_text(USER, "Triển lãm tư liệu biên giới")
        await guard.expect("Bước 3/")

    # As after a crash before the offset was confirmed, the handled title comes again; and
    # while no bot runs the user answers. Telegram keeps both until someone polls.
    server.redeliver(title)
    server.push_callback(USER, "date:1")
    async with polling_bot(settings):
        await guard.expect("Bước 4/")
        await guard.say("Chợ cửa khẩu", "Bước 5/")
        await guard.say("Bỏ qua", "Bước 6/")  # a label of the location reply keyboard
        await guard.say("120", "Bước 7/")
        await guard.say("Không có gì thêm", "Bước 8/")
        server.push_document(USER, jpeg(7, 800, 600), "IMG_0007.JPG", "image/jpeg")
        await guard.expect("Đã nhận 1/10 ảnh")
        await guard.say("xong", "Kiểm tra báo cáo")
        await guard.press("review:submit", "Đã gửi báo cáo số #")

    asked_date = [m for m in server.sent_to(USER) if "Bước 3/" in (m.text or "")]
    assert len(asked_date) == 1  # the redelivered title was skipped
    report = await Report.get()
    assert (report.title, report.location_source) == ("Triển lãm tư liệu biên giới", "skipped")
    assert await Photo.filter(report=report).count() == 1
    assert await Report.all().count() == 1
