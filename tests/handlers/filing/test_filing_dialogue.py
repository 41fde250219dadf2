"""A whole report through the engine, as a border guard would file it."""

from __future__ import annotations

from pathlib import Path

from handlers.engine import Engine
from models.demo_data import load_demo
from models.outbox import OutboxMessage
from models.reports import Photo, Report
from tests.handlers.dialogue import Chat, Clock, make_engine
from tests.media.images import encode, jpeg_with_exif, scene


async def registered_chat(database_url: str, media_dir: Path) -> tuple[Chat, Engine, Clock]:
    """The demo province with user u1 as the console user (reporter of the Hữu Nghị post)."""
    await load_demo("console", "u1", "Nguyễn Văn A")
    clock = Clock()
    engine = make_engine(media_dir, clock)
    return Chat(engine), engine, clock


async def test_files_a_complete_border_exchange_report(database_url: str, media_dir: Path) -> None:
    chat, _, _ = await registered_chat(database_url, media_dir)
    assert "Bước 1/" in await chat.say("/baocao")
    assert "type:border_exchange" in chat.payloads()
    assert "Bước 2/" in await chat.press("type:border_exchange")
    await chat.say("Giao lưu hữu nghị với Trạm Hữu Nghị Quan")
    assert "date:0" in chat.payloads()
    await chat.press("date:0")
    await chat.say("Cửa khẩu Hữu Nghị")
    assert "loc:skip" in chat.payloads() and chat.last[-1].request_location
    assert "phía Việt Nam" in await chat.location(21.9712, 106.7040)
    assert "nước bạn" in await chat.say("25")
    await chat.say("1.200")
    await chat.say("Trạm Kiểm soát Hữu Nghị Quan")
    await chat.press("country:CN")
    await chat.say("Trao đổi tình hình, tuyên truyền pháp luật biên giới.")
    assert "Đã nhận 1/10 ảnh" in await chat.photo(jpeg_with_exif(640, 480))
    assert "Đã nhận 2/10 ảnh" in await chat.photo(encode(scene(320, 240, 7), "PNG"))
    card = await chat.say("xong")
    assert "Kiểm tra báo cáo" in card and "Người tham gia phía nước bạn: 1200" in card
    assert "Trung Quốc" in card and "Ảnh: 2" in card
    reply = await chat.press("review:submit")
    report = await Report.get()
    assert f"#{report.id}" in reply
    assert report.activity_type == "border_exchange"
    assert (report.participants_vn, report.participants_foreign) == (25, 1200)
    assert report.country == "CN" and report.counterpart == "Trạm Kiểm soát Hữu Nghị Quan"
    assert report.start_date.isoformat() == "2026-11-20"
    assert (report.period_month, report.period_quarter, report.period_half) == (
        202611,
        20264,
        20262,
    )
    assert report.location_source == "shared" and abs(report.latitude - 21.9712) < 1e-9
    assert await Photo.filter(report=report).count() == 2
    for photo in await Photo.filter(report=report):
        assert (media_dir / photo.storage_key).is_file()


async def test_an_album_is_acknowledged_once_after_quiet(
    database_url: str, media_dir: Path
) -> None:
    from datetime import timedelta

    from handlers.types import Attachment, Kind

    chat, engine, clock = await registered_chat(database_url, media_dir)
    await chat.say("/baocao")
    for answer in ("type:exhibition",):
        await chat.press(answer)
    for answer in ("Triển lãm Hoàng Sa", "hôm qua", "Nhà văn hoá"):
        await chat.say(answer)
    await chat.press("loc:skip")
    await chat.say("3000")
    await chat.press("desc:skip")
    outcomes = []
    for seed in range(3):
        data = encode(scene(200, 150, seed), "JPEG")

        async def fetch(data: bytes = data) -> bytes:
            return data

        msg = chat.incoming(Kind.PHOTO, attachment=Attachment(fetch=fetch, media_group_id="g1"))
        outcomes.append(await engine.handle(msg))
        clock.now += timedelta(seconds=1)
    assert all(o.replies == [] and o.album == "g1" for o in outcomes)
    # One outbox row for the album, due a quiet time after its last item (each item moved it).
    [row] = await OutboxMessage.all()
    last_item = clock.now - timedelta(seconds=1)
    assert (row.cause_key, row.channel, row.external_id) == ("album:console:g1", "console", "u1")
    assert row.due_at == last_item + timedelta(seconds=engine.config.album_quiet_seconds)
    draft_key = row.render["draft"]
    assert row.render == {"kind": "album_ack", "user": "u1", "draft": draft_key}
    first = await engine.finish_album("console", "u1", draft_key)
    assert [r.text for r in first.replies] == ["Đã nhận 3/10 ảnh ✓"]
    assert "Kiểm tra báo cáo" in await chat.say("1")  # the ack's Xong is choice 1
    # Delivered late, after the reporter moved on: nothing to say any more.
    assert (await engine.finish_album("console", "u1", draft_key)).replies == []
