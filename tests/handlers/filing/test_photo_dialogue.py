"""Photos in the conversation: refusals keep the draft, EXIF helps, reuse is flagged."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest
from PIL import Image

from handlers.types import Kind
from models.conversation import ConversationState
from models.demo_data import load_demo
from models.reports import Photo, Report
from tests.handlers.dialogue import Chat, Clock, make_engine
from tests.media.images import encode, jpeg_with_exif, png_bytes, png_header_only, scene, webp_bytes

SAMPLES = Path(
    os.environ.get("SAMPLES_DIR") or Path(__file__).resolve().parents[4] / "shared/samples/photos"
)
HUU_NGHI = (21.9712, 106.7040)


def sample(name: str) -> bytes:
    path = SAMPLES / name
    assert path.is_file(), f"sample photo missing: {path} (set SAMPLES_DIR)"
    return path.read_bytes()


@pytest.fixture
async def chat(database_url: str, media_dir: Path) -> Chat:
    await load_demo("console", "u1", "Nguyễn Văn A")
    return Chat(make_engine(media_dir, Clock(), max_photos_per_report=4))


async def to_photos(chat: Chat, title: str = "Triển lãm", skip_location: bool = True) -> None:
    """An exhibition (no photo required) dated 20/11/2026, up to the photo step."""
    await chat.say("/baocao")
    await chat.press("type:exhibition")
    for answer in (title, "20/11/2026", "Nhà văn hoá"):
        await chat.say(answer)
    if skip_location:
        await chat.press("loc:skip")
    else:
        await chat.location(*HUU_NGHI)
    await chat.say("300")
    await chat.press("desc:skip")


async def photo_count(chat: Chat) -> int:
    row = await ConversationState.get(external_id=chat.user_id)
    return await Photo.filter(draft_key=row.data["draft"]["key"]).count()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "Tệp ảnh rỗng"),
        (b"hello, I am text named photo.jpg", "không phải ảnh"),
        (jpeg_with_exif(800, 600)[:3000], "Ảnh bị hỏng"),
        (png_header_only(100_000, 100_000), "độ phân giải quá lớn"),
        (os.urandom(64) + b"\0" * (20 * 1024 * 1024), "Ảnh quá lớn (tối đa 20 MB)"),
        (encode(Image.new("RGB", (40, 40)), "GIF"), "Định dạng ảnh chưa hỗ trợ"),
    ],
    ids=["empty", "text", "truncated", "pixel-bomb", "oversize", "gif"],
)
async def test_refused_files_are_explained_and_keep_other_photos(
    chat: Chat, data: bytes, expected: str
) -> None:
    await to_photos(chat)
    assert "Đã nhận 1/4 ảnh" in await chat.photo(encode(scene(160, 120, 1), "JPEG"))
    reply = await chat.photo(data, kind=Kind.DOCUMENT)
    assert expected in reply and "photos:done" in chat.payloads()
    assert await photo_count(chat) == 1
    assert "Đã nhận 2/4 ảnh" in await chat.photo(encode(scene(160, 120, 2), "JPEG"))


async def test_processed_photo_is_stored_oriented_with_copies(chat: Chat, media_dir: Path) -> None:
    await to_photos(chat)
    taken = datetime(2026, 11, 20, 9, 15)
    original = jpeg_with_exif(400, 200, orientation=6, gps=HUU_NGHI, taken_at=taken)
    progress: list[str] = []

    async def on_progress(key: str) -> None:
        progress.append(key)

    async def fetch() -> bytes:
        return original

    from handlers.types import Attachment

    msg = chat.incoming(Kind.DOCUMENT, attachment=Attachment(fetch=fetch))
    outcome = await chat.engine.handle(msg, on_progress)
    assert progress == ["photo_processing"]
    assert "Đã nhận 1/4 ảnh" in outcome.replies[0].text
    photo = await Photo.get()
    sha = photo.sha256
    assert photo.storage_key == f"originals/{sha[:2]}/{sha}.jpg"
    assert photo.display_key == f"derived/{sha[:2]}/{sha}_1280.jpg"
    assert photo.thumb_key == f"derived/{sha[:2]}/{sha}_320.jpg"
    assert (media_dir / photo.storage_key).read_bytes() == original, "original kept as received"
    assert (photo.width, photo.height) == (200, 400), "orientation 6 turns it upright"
    with Image.open(media_dir / photo.thumb_key) as thumb:
        assert thumb.size == (160, 320) and not thumb.getexif()
    assert photo.taken_at is not None and photo.taken_at.astimezone(chat.engine.config.tz).hour == 9
    assert (photo.latitude, photo.longitude) == pytest.approx(HUU_NGHI, abs=1e-4)


async def test_png_webp_and_iphone_heic_are_accepted(chat: Chat) -> None:
    await to_photos(chat)
    assert "1/4" in await chat.photo(png_bytes(300, 200))
    assert "2/4" in await chat.photo(webp_bytes(300, 200))
    assert "3/4" in await chat.photo(sample("mobile_iphone_13_pro_max.HEIC"), kind=Kind.DOCUMENT)
    heic = await Photo.filter(mime="image/heic").get()
    assert heic.storage_key.endswith(".heic") and (heic.width, heic.height) == (3024, 4032)
    assert "Đã đủ 4 ảnh" not in await chat.photo(sample("corrupted.jpg"), kind=Kind.DOCUMENT)
    assert "Đã đủ 4 ảnh" in await chat.photo(sample("orientation_portrait_8.jpg"))


async def test_photo_gps_is_offered_when_location_was_skipped(chat: Chat) -> None:
    await to_photos(chat)
    await chat.photo(jpeg_with_exif(320, 240, gps=HUU_NGHI, taken_at=datetime(2026, 11, 20, 8)))
    offer = await chat.say("xong")
    assert "Ảnh có toạ độ 21.97120, 106.70400" in offer
    card = await chat.press("photoloc:yes")
    assert "Vị trí: 21.97120, 106.70400 (theo ảnh)" in card
    await chat.press("review:submit")
    report = await Report.get()
    assert report.location_source == "photo" and report.latitude == pytest.approx(21.9712)


async def test_foreign_photo_gps_gets_the_plausibility_question(chat: Chat) -> None:
    await to_photos(chat)
    reply = await chat.photo(sample("gps_DSCN0010.jpg"), kind=Kind.DOCUMENT)
    assert "ảnh chụp ngày 22/10/2008, khác ngày hoạt động 20/11/2026" in reply
    second = await chat.photo(sample("gps_DSCN0021.jpg"), kind=Kind.DOCUMENT)
    assert "khác ngày hoạt động" not in second, "the date is pointed out once"
    assert "Ảnh có toạ độ 43.46" in await chat.say("xong")
    assert "nằm ngoài lãnh thổ Việt Nam" in await chat.press("photoloc:yes")
    assert "Vị trí hoạt động" in await chat.press("loc:retry")
    assert "loc:skip" in chat.payloads()
    card = await chat.press("loc:skip")
    assert "Kiểm tra báo cáo" in card and "Vị trí: không có" in card, "offered only once"


async def test_no_offer_when_location_was_given(chat: Chat) -> None:
    await to_photos(chat, skip_location=False)
    await chat.photo(jpeg_with_exif(320, 240, gps=(21.5, 106.5)))
    assert "Kiểm tra báo cáo" in await chat.say("xong")


async def test_near_copy_of_another_reports_photo_is_flagged(chat: Chat) -> None:
    picture = scene(1200, 900, 42)
    await to_photos(chat, "Triển lãm lần 1")
    await chat.photo(encode(picture, "JPEG", quality=90))
    await chat.say("xong")
    await chat.press("review:submit")
    first = await Report.get()
    await to_photos(chat, "Triển lãm lần 2")
    near_copy = encode(picture.resize((1080, 810)), "JPEG", quality=60)
    reply = await chat.photo(near_copy)
    assert f"giống ảnh trong báo cáo #{first.id}" in reply
    assert "không giống" not in await chat.photo(encode(scene(1200, 900, 7), "JPEG"))
    card = await chat.say("xong")
    assert f"Ảnh: 2 (⚠ 1 ảnh giống ảnh của báo cáo #{first.id})" in card
    await chat.press("review:submit")
    second = await Report.get(title="Triển lãm lần 2")
    marks = (
        await Photo.filter(report=second)
        .order_by("id")
        .values_list("reused_from_report_id", flat=True)
    )
    assert marks == [first.id, None]
