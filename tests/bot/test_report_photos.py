"""A report's photos leave each channel its own way: one Telegram album (sendMediaGroup) ahead
of the text and its buttons, expiring links on Zalo (or where to see them), files on the console."""

from __future__ import annotations

import io
from pathlib import Path

from bot.channels.console import ConsoleChannel
from bot.channels.zalo_render import Links, render
from handlers.types import Button, Reply
from models import access, directory
from models.people import Role
from tests.bot.telegram_harness import Reporter, inline_payloads, polling_bot, telegram_settings
from tests.fakes.telegram_server import FakeTelegramServer
from tests.handlers.reviewing.helpers import file_report, team

REVIEWER = 501


async def test_opening_a_report_sends_one_album(database_url: str, media_dir: Path) -> None:
    chats = await team(media_dir)
    report = await file_report(chats["author"], photos=3)
    person = await access.register_identity("telegram", str(REVIEWER), "Thiếu tá Minh", "vi")
    unit = await directory.get_unit_by_code("LS-BDBP")
    assert unit is not None
    await access.grant(person, unit, Role.REVIEWER)
    async with FakeTelegramServer(token="123456:TEST-TOKEN") as server:
        settings = telegram_settings(database_url, media_dir, server)
        async with polling_bot(settings):
            reviewer = Reporter(server, REVIEWER)
            shown = await reviewer.say(f"/xem {report.id}", expect=f"BÁO CÁO #{report.id}")
        sent = server.sent_to(REVIEWER)
    methods = [m.method for m in sent]
    assert methods == ["sendMediaGroup"] * 3 + ["sendMessage"], methods
    assert all(next(iter(m.files.values()))[:2] == b"\xff\xd8" for m in sent[:3])
    assert len({next(iter(m.files.values())) for m in sent[:3]}) == 3  # three distinct photos
    assert inline_payloads(shown)[0] == f"rv:ok:{report.id}:1"  # buttons ride on the text


def test_zalo_shows_links_or_says_where_to_see_the_photos() -> None:
    reply = Reply(
        text="BÁO CÁO #7", buttons=((Button("Duyệt", "rv:ok:7:1"),),), photos=(b"a", b"b")
    )
    urls = ("https://bot.example/links/t1/image.jpg", "https://bot.example/links/t2/image.jpg")
    (call,) = render(reply, "vi", Links(hours=24, photo_urls=urls))
    assert "Ảnh (2, liên kết hết hạn sau 24 giờ):" in call.text
    assert f"1. {urls[0]}\n2. {urls[1]}" in call.text and "1. Duyệt" in call.text
    (call,) = render(reply, "vi", Links())
    assert "(2 ảnh chỉ xem được trên Telegram hoặc trang web.)" in call.text
    assert "https://" not in call.text


def test_console_saves_the_photos_and_prints_where(tmp_path: Path) -> None:
    console = ConsoleChannel(None, io.StringIO(), io.StringIO(), files_dir=tmp_path)  # type: ignore[arg-type]
    reply = Reply(text="BÁO CÁO #7", photos=(b"\xff\xd8one", b"\xff\xd8two"))
    folder = console.save_file(reply)
    assert folder is not None and sorted(p.name for p in folder.iterdir()) == ["1.jpg", "2.jpg"]
    assert (folder / "2.jpg").read_bytes() == b"\xff\xd8two"
    assert f"2 ảnh đã lưu trong {folder}" in console.render(reply, folder)
