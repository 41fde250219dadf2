"""One photo of the draft can be removed at the photo step, by button or by typing 'xoá 2'."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from models.demo_data import load_demo
from models.reports import Photo, Report
from tests.handlers.dialogue import Chat, Clock, make_engine
from tests.handlers.filing.test_photo_dialogue import photo_count, to_photos
from tests.media.images import encode, jpeg_with_exif, scene

TELEGRAM_CALLBACK_MAX = 64


def offered(chat: Chat) -> list[str]:
    """The last buttons' payloads without the draft tag the engine may add ("#abcd1234")."""
    return [p.rpartition("#")[0] or p for p in chat.payloads()]


@pytest.fixture
async def chat(database_url: str, media_dir: Path) -> Chat:
    await load_demo("console", "u1", "Nguyễn Văn A")
    return Chat(make_engine(media_dir, Clock(), max_photos_per_report=4))


async def three_photos(chat: Chat) -> None:
    """Three different photos in the draft, the first with a camera time."""
    await to_photos(chat)
    await chat.photo(jpeg_with_exif(320, 240, taken_at=datetime(2026, 11, 20, 9, 15)))
    await chat.photo(encode(scene(320, 240, 2), "JPEG"))
    assert "Đã nhận 3/4 ảnh" in await chat.photo(encode(scene(320, 240, 3), "JPEG"))


async def test_the_list_names_each_photo_and_removes_the_one_pressed(chat: Chat) -> None:
    await three_photos(chat)
    assert "photos:pick" in offered(chat), "offered as soon as a photo is in"
    listing = await chat.press("photos:pick")
    assert "Ảnh 1: chụp 09:15 20/11/2026" in listing and "KB" in listing
    assert "Ảnh 3:" in listing
    buttons = [b for r in chat.last for b in r.choices()]
    labels = [b.label for b in buttons]
    assert labels[:3] == ["Xoá ảnh 1", "Xoá ảnh 2", "Xoá ảnh 3"]
    assert all(len(b.payload.encode()) < TELEGRAM_CALLBACK_MAX for b in buttons)
    second = (await Photo.filter().order_by("id").values_list("id", flat=True))[1]
    reply = await chat.press(buttons[1].payload)
    assert "Đã xoá ảnh 2. Bản nháp còn 2 ảnh." in reply
    assert await photo_count(chat) == 2 and not await Photo.filter(id=second).exists()
    assert "photos:done" in offered(chat)
    assert "Đã nhận 3/4 ảnh" in await chat.photo(encode(scene(320, 240, 4), "JPEG"))


async def test_typed_xoa_2_removes_the_second_photo(chat: Chat, media_dir: Path) -> None:
    await three_photos(chat)
    ids = await Photo.filter().order_by("id").values_list("id", flat=True)
    second = await Photo.get(id=ids[1])
    assert "Đã xoá ảnh 2. Bản nháp còn 2 ảnh." in await chat.say("xoa 2")
    assert list(await Photo.filter().order_by("id").values_list("id", flat=True)) == [
        ids[0],
        ids[2],
    ]
    assert (media_dir / second.storage_key).is_file(), "the stored file stays"
    assert "Không có ảnh số 5" in await chat.say("Xoá ảnh 5")
    assert await photo_count(chat) == 2
    card = await chat.say("xong")
    assert "Ảnh: 2" in card
    await chat.press("review:submit")
    assert await Photo.filter(report=await Report.get()).count() == 2


async def test_a_stale_or_foreign_photo_button_removes_nothing(chat: Chat) -> None:
    await three_photos(chat)
    await chat.press("photos:pick")
    payload = chat.payloads()[0]
    await chat.press(payload)
    assert "Không có ảnh" in await chat.press(payload), "already removed"
    other = Chat(chat.engine, user_id="u2")
    await load_demo("console", "u2", "Trần Văn B")
    await to_photos(other)
    assert "Không có ảnh" in await other.press(f"photos:del:{(await Photo.first()).id}")
    assert await photo_count(chat) == 2


async def test_removing_when_editing_the_photos_from_the_card(chat: Chat) -> None:
    await three_photos(chat)
    await chat.say("xong")
    await chat.press("review:edit")
    await chat.press("edit:photos")
    assert {"photos:pick", "photos:clear"} <= set(offered(chat))
    await chat.press("photos:pick")
    await chat.press(offered(chat)[0])
    assert "Ảnh: 2" in await chat.press("photos:done")


async def test_typed_numbers_answer_the_choices(chat: Chat) -> None:
    """The console and Zalo show buttons as numbered choices: typing the number presses."""
    await three_photos(chat)
    assert offered(chat) == ["photos:done", "photos:pick"]
    assert "Ảnh 3:" in await chat.say("2"), "2 is «Xoá ảnh…»"
    assert "Đã xoá ảnh 3. Bản nháp còn 2 ảnh." in await chat.say("3")


async def test_nothing_to_remove_without_photos(chat: Chat) -> None:
    await to_photos(chat)
    assert "photos:pick" not in offered(chat)
    assert "chưa có ảnh nào" in await chat.press("photos:pick")
