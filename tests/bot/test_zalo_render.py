"""Replies on a messenger without buttons, and generated files at expiring links."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from bot.channels.zalo_render import MAX_TEXT, Links, render
from bot.links import LinkStore, add_link_routes, safe_file_name
from bot.web import build_web_app, serving
from handlers.texts import t
from handlers.types import Button, Reply
from models.db import database_ok
from tests.bot.zalo_harness import ZaloUser, free_port, sending_zalo, zalo_settings
from tests.fakes.zalo_server import FakeZaloServer
from tests.media.images import encode, scene

PNG = encode(scene(320, 200, 9), "PNG")


class Clock:
    """Seconds since the epoch, moved by hand."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
async def server() -> AsyncIterator[FakeZaloServer]:
    async with FakeZaloServer() as fake:
        yield fake


def test_choices_are_numbered_under_the_text() -> None:
    days = (
        (Button("Hôm nay", "date:0"), Button("Hôm qua", "date:1")),
        (Button("Hôm kia", "date:2"),),
    )
    [call] = render(Reply(text="Ngày nào?", buttons=days), "vi")
    assert call.method == "sendMessage" and call.photo_url is None
    assert call.text.splitlines() == [
        "Ngày nào?",
        "1. Hôm nay",
        "2. Hôm qua",
        "3. Hôm kia",
        t("vi", "zalo_choice_hint"),
    ]
    [english] = render(Reply(text="Which day?", buttons=days), "en")
    assert english.text.endswith(t("en", "zalo_choice_hint"))


def test_a_location_request_explains_how_to_type_it() -> None:
    skip = ((Button("Bỏ qua", "loc:skip"),),)
    [call] = render(Reply(text="Vị trí?", buttons=skip, request_location=True), "vi")
    lines = call.text.splitlines()
    assert lines[:3] == ["Vị trí?", t("vi", "zalo_location_hint"), "1. Bỏ qua"]


def test_long_texts_are_split_at_line_breaks_under_2000() -> None:
    lines = [f"#{n} · 20/11/2026 · Giao lưu hữu nghị · đang chờ duyệt" for n in range(120)]
    calls = render(Reply(text="\n".join(lines), buttons=((Button("Rút #1", "withdraw:1"),),)), "vi")
    assert len(calls) > 1 and all(len(c.text) <= MAX_TEXT for c in calls)
    assert all(c.text.splitlines()[0].startswith("#") for c in calls)  # cut at line starts
    assert "\n".join(c.text for c in calls).splitlines()[: len(lines)] == lines
    assert calls[-1].text.endswith(t("vi", "zalo_choice_hint"))  # choices after the last line


def test_photos_and_files_without_a_public_url_say_so() -> None:
    [photo] = render(Reply(text="Biểu đồ tổng hợp", photo=PNG), "vi")
    [document] = render(Reply(text="Bảng tổng hợp", document=b"xlsx", file_name="a.xlsx"), "vi")
    assert photo.method == "sendMessage" and t("vi", "zalo_photo_unavailable") in photo.text
    assert document.text == "Bảng tổng hợp\n" + t("vi", "zalo_file_unavailable")
    linked = render(Reply(text="x" * 2500, photo=PNG), "vi", Links(photo_url="https://p/x.png"))
    assert [(c.method, c.photo_url, len(c.text)) for c in linked] == [
        ("sendPhoto", "https://p/x.png", 0),  # a caption over the limit goes as text
        ("sendMessage", None, 2000),
        ("sendMessage", None, 500),
    ]


def test_file_names_are_made_safe_for_links() -> None:
    assert safe_file_name("Tổng hợp quý 3 – Đồng Đăng.xlsx") == "Tong-hop-quy-3-Dong-Dang.xlsx"
    assert safe_file_name("../../etc/passwd") == "etc-passwd"
    assert safe_file_name("???") == "file" and safe_file_name(None) == "file"


async def test_a_chart_goes_out_by_link_and_files_expire(
    database_url: str, media_dir: Path, server: FakeZaloServer
) -> None:
    port = free_port()
    root = f"http://127.0.0.1:{port}"
    settings = zalo_settings(database_url, media_dir, server, public_base_url=root)
    clock = Clock()
    links = LinkStore(media_dir, root, 3600, clock)
    web_app = build_web_app(database_ok)
    add_link_routes(web_app, links)
    guard = ZaloUser(server)
    async with (
        sending_zalo(settings, links) as channel,
        serving(web_app, "127.0.0.1", port),
        aiohttp.ClientSession() as session,
    ):
        chart = Reply(text="Biểu đồ tổng hợp", photo=PNG)
        sheet = Reply(
            text="Bảng tổng hợp quý 3.", document=b"PK\x03\x04xlsx", file_name="Tổng hợp.xlsx"
        )
        assert await channel.send_replies(guard.id, [chart, sheet]) == 0
        sent_chart = await guard.expect("Biểu đồ tổng hợp")
        assert sent_chart.method == "sendPhoto" and sent_chart.photo_bytes == PNG
        assert sent_chart.photo_url and sent_chart.photo_url.startswith(f"{root}/links/")
        sent_sheet = await guard.expect("Tải tệp: ")
        url = (sent_sheet.text or "").split("Tải tệp: ")[1].split(" ")[0]
        assert url.endswith("/Tong-hop.xlsx") and "(hết hạn sau 1 giờ)" in (sent_sheet.text or "")
        async with session.get(url) as fresh:
            assert fresh.status == 200 and await fresh.read() == b"PK\x03\x04xlsx"
            assert fresh.headers["Content-Disposition"].startswith("attachment")
        async with session.get(url.replace("/links/", "/links/0")) as unknown:
            assert unknown.status == 404
        async with session.get(f"{root}/links/..%2F..%2Fetc/passwd") as hostile:
            assert hostile.status == 404
        clock.now += 3601
        async with session.get(url) as expired:
            assert expired.status == 410
        async with session.get(sent_chart.photo_url) as expired_chart:
            assert expired_chart.status == 410
    assert not any((media_dir / "links").iterdir())  # expired files are gone from disk


async def test_a_picture_zalo_cannot_fetch_still_gets_its_text_out(
    tmp_path: Path, server: FakeZaloServer
) -> None:
    settings = zalo_settings("sqlite://:memory:", tmp_path, server)
    unreachable = LinkStore(tmp_path, f"http://127.0.0.1:{free_port()}", 3600)
    guard = ZaloUser(server)
    async with sending_zalo(settings, unreachable) as channel:
        failed = await channel.send_replies(guard.id, [Reply(text="Biểu đồ", photo=PNG)])
    assert failed == 1 and server.photo_fetch_errors
    [fallback] = server.sent_to(guard.id)
    assert fallback.text == "Biểu đồ\n" + t("vi", "zalo_photo_failed")
