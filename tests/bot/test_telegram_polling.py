"""The Telegram channel in polling mode: a real PTB Application against the fake Bot API."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from models.conversation import ProcessedUpdate
from models.people import Identity
from models.reports import Photo, Report
from tests.bot.telegram_harness import (
    TOKEN,
    Reporter,
    demo_units,
    failing_once,
    inline_payloads,
    invite_code,
    jpeg,
    polling_bot,
    raw_inline_payloads,
    telegram_settings,
)
from tests.fakes.telegram_server import FakeTelegramServer

USER = 501
DEFAULT_SCOPE = '{"type": "default"}'


@pytest.fixture
async def server() -> AsyncIterator[FakeTelegramServer]:
    async with FakeTelegramServer(token=TOKEN) as fake:
        yield fake


def largest_file_id(update: dict) -> str:
    sizes = update["message"]["photo"]
    return max(sizes, key=lambda s: s["width"] * s["height"])["file_id"]


async def test_reporter_joins_by_deep_link_and_files_a_report_with_album_and_location(
    database_url: str, media_dir: Path, server: FakeTelegramServer
) -> None:
    await demo_units()
    code = await invite_code()
    settings = telegram_settings(database_url, media_dir, server)
    guard = Reporter(server, USER)
    async with polling_bot(settings):
        await guard.say(f"/start {code}", "đã được đăng ký")
        types = await guard.say("/baocao", "Bước 1/")
        assert "type:exhibition" in inline_payloads(types)
        await guard.press("type:exhibition", "Bước 2/")
        pressed = await server.wait_for_call("editMessageReplyMarkup")
        assert pressed["message_id"] == types.message_id and "reply_markup" not in pressed
        await server.wait_for_call("answerCallbackQuery")
        await guard.say("Triển lãm ảnh Hoàng Sa, Trường Sa", "Bước 3/")
        await guard.press("date:0", "Bước 4/")
        ask_location = await guard.say("Nhà văn hoá cửa khẩu", "Bước 5/")
        keyboard = ask_location.reply_markup or {}
        share = keyboard["keyboard"][0][0]
        assert share == {"text": "📍 Gửi vị trí", "request_location": True}
        assert [row[0]["text"] for row in keyboard["keyboard"][1:]][-1] == "Bỏ qua"
        assert keyboard["one_time_keyboard"] is True and keyboard["resize_keyboard"] is True
        figure = await guard.share_location(21.9712, 106.7040, "Bước 6/")
        assert figure.reply_markup == {"remove_keyboard": True}
        await guard.say("3000", "Bước 7/")
        await guard.say("Giới thiệu tư liệu về chủ quyền biển đảo.", "Bước 8/")
        album = await guard.send_album([jpeg(1), jpeg(2), jpeg(3)], "Đã nhận 3/10 ảnh")
        card = await guard.say("xong", "Kiểm tra báo cáo")
        submit = [p for p in raw_inline_payloads(card) if p.startswith("review:submit#")]
        assert len(submit) == 1, "Gửi carries the tag of the draft it files"
        done = await guard.press("review:submit", "Đã gửi báo cáo số #")

    report = await Report.get()
    identity = await Identity.get(channel="telegram", external_id=str(USER))
    assert report.author_id == identity.person_id  # type: ignore[attr-defined]
    assert f"#{report.id}" in (done.text or "")
    assert (report.activity_type, report.location_source) == ("exhibition", "shared")
    assert await Report.all().count() == 1
    assert await Photo.filter(report=report).count() == 3
    acks = [m.text for m in server.sent_to(USER) if m.text and "Đã nhận" in m.text]
    assert acks == ["Đã nhận 3/10 ảnh ✓"]
    fetched = [p["file_id"] for name, p in server.calls if name == "getFile"]
    assert sorted(fetched) == sorted(largest_file_id(u) for u in album)
    assert len(server.downloads) == 3
    actions = [p["action"] for name, p in server.calls if name == "sendChatAction"]
    assert actions == ["upload_photo"] * 3


async def test_command_menu_is_registered_in_vietnamese_and_english(
    database_url: str, media_dir: Path, server: FakeTelegramServer
) -> None:
    async with polling_bot(telegram_settings(database_url, media_dir, server)):
        pass
    default = server.commands[(DEFAULT_SCOPE, "")]
    names = [c["command"] for c in default]
    assert names == ["baocao", "cuatoi", "tonghop", "xem", "huy", "moi", "lienket", "trogiup"]
    assert default[0]["description"] == "Gửi báo cáo hoạt động mới"
    english = [c["command"] for c in server.commands[(DEFAULT_SCOPE, "en")]]
    assert english[0] == "report"


async def test_stickers_and_voice_get_a_polite_answer_and_strangers_a_hint(
    database_url: str, media_dir: Path, server: FakeTelegramServer
) -> None:
    await demo_units()
    code = await invite_code()
    guard = Reporter(server, USER)
    async with polling_bot(telegram_settings(database_url, media_dir, server)):
        await guard.say(f"/start {code}", "đã được đăng ký")
        server.push_sticker(USER)
        await guard.expect("Bot chưa đọc được loại tin này")
        server.push_voice(USER)
        await guard.expect("Bot chưa đọc được loại tin này")
        await Reporter(server, 999).say("xin chào", "chưa được đăng ký")
        await guard.say("/baocao@fake_test_bot", "Bước 1/")


async def test_when_the_engine_fails_the_user_is_asked_to_send_again(
    database_url: str, media_dir: Path, server: FakeTelegramServer
) -> None:
    settings = telegram_settings(database_url, media_dir, server)
    stranger = Reporter(server, 998)
    async with polling_bot(settings, failing_once(settings)):
        await stranger.say("xin chào", "Hãy gửi lại tin đó")
        await stranger.say("xin chào", "chưa được đăng ký")
    assert await ProcessedUpdate.all().count() == 1  # the failed update left nothing behind
