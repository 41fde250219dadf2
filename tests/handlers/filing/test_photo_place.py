"""A photo's GPS far from the report's point (or the unit's) is pointed out, and a swapped
latitude/longitude is offered back the right way round."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest

from handlers.parsing import CoordinatesOutOfRange, parse_coordinates
from handlers.types import Kind
from models.demo_data import load_demo
from models.reports import Report
from tests.handlers.dialogue import Chat, Clock, make_engine
from tests.handlers.filing.test_photo_dialogue import HUU_NGHI, sample, to_photos
from tests.media.images import jpeg_with_exif

HA_NOI = (21.0285, 105.8542)  # about 140 km from the Hữu Nghị post
SAI_GON = (10.7769, 106.7009)  # about 1.240 km from Hữu Nghị
NEAR_HUU_NGHI = (21.98, 106.71)
REPORT_DAY = datetime(2026, 11, 20, 9)
FAR_FROM_REPORT = re.compile(r"cách vị trí báo cáo (\d{1,3}(?:\.\d{3})*) km")


def offered(chat: Chat) -> list[str]:
    """The last buttons' payloads without the draft tag the engine may add ("#abcd1234")."""
    return [p.rpartition("#")[0] or p for p in chat.payloads()]


@pytest.fixture
async def chat(database_url: str, media_dir: Path) -> Chat:
    await load_demo("console", "u1", "Nguyễn Văn A")
    return Chat(make_engine(media_dir, Clock(), max_photos_per_report=4))


def km_in(text: str, pattern: re.Pattern[str] = FAR_FROM_REPORT) -> int:
    """The distance a reply names, as a number ('8.925' → 8925)."""
    found = pattern.search(text)
    assert found, text
    return int(found.group(1).replace(".", ""))


async def test_photo_from_italy_is_pointed_out_once_and_marked_on_the_card(chat: Chat) -> None:
    await to_photos(chat, skip_location=False)
    reply = await chat.photo(sample("gps_DSCN0010.jpg"), kind=Kind.DOCUMENT)
    assert "Đã nhận 1/4 ảnh" in reply
    assert 8_500 < km_in(reply) < 9_500, "Italy is about 8.900 km from Lạng Sơn"
    assert "đồng chí" in reply
    second = await chat.photo(sample("gps_DSCN0021.jpg"), kind=Kind.DOCUMENT)
    assert "cách vị trí báo cáo" not in second, "pointed out once per draft"
    await chat.photo(jpeg_with_exif(320, 240, gps=NEAR_HUU_NGHI, taken_at=REPORT_DAY))
    card = await chat.say("xong")
    line = next(x for x in card.splitlines() if x.startswith("Ảnh:"))
    assert line.startswith("Ảnh: 3 (⚠ 2 ảnh chụp cách vị trí báo cáo "), line
    assert 8_500 < km_in(line) < 9_500


async def test_near_photo_gets_no_note(chat: Chat) -> None:
    await to_photos(chat, skip_location=False)
    reply = await chat.photo(jpeg_with_exif(320, 240, gps=NEAR_HUU_NGHI, taken_at=REPORT_DAY))
    assert "cách" not in reply
    card = await chat.say("xong")
    assert "Ảnh: 1\n" in card or card.endswith("Ảnh: 1")


async def test_without_a_location_the_units_point_is_the_reference(chat: Chat) -> None:
    await to_photos(chat)  # location skipped
    reply = await chat.photo(jpeg_with_exif(320, 240, gps=HA_NOI, taken_at=REPORT_DAY))
    far_from_unit = re.compile(r"cách trụ sở đơn vị (\d{1,3}(?:\.\d{3})*) km")
    assert 120 < km_in(reply, far_from_unit) < 160
    await chat.say("xong")  # offers the photo's point: keep the location skipped
    card = await chat.press("photoloc:no")
    line = next(x for x in card.splitlines() if x.startswith("Ảnh:"))
    assert "1 ảnh chụp cách trụ sở đơn vị" in line, line


async def test_the_mark_follows_a_location_changed_after_the_photos(chat: Chat) -> None:
    await to_photos(chat, skip_location=False)
    assert "cách" not in await chat.photo(jpeg_with_exif(320, 240, gps=HUU_NGHI))
    card = await chat.say("xong")
    assert "Ảnh: 1" in card and "cách vị trí" not in card
    await chat.press("review:edit")
    await chat.press("edit:location")
    assert "cách trụ sở đơn vị" in await chat.location(*SAI_GON)
    card = await chat.press("loc:ok")
    line = next(x for x in card.splitlines() if x.startswith("Ảnh:"))
    assert 1_150 < km_in(line) < 1_350, "measured from the new location, not a stored flag"
    await chat.press("review:edit")
    await chat.press("edit:location")
    card = await chat.location(*NEAR_HUU_NGHI)
    assert "Ảnh: 1" in card and "cách vị trí" not in card


async def to_location(chat: Chat) -> None:
    """An exhibition draft up to the location question."""
    await chat.say("/baocao")
    await chat.press("type:exhibition")
    for answer in ("Triển lãm", "20/11/2026", "Nhà văn hoá"):
        await chat.say(answer)


async def test_swapped_latitude_and_longitude_are_offered_back(chat: Chat) -> None:
    await to_location(chat)
    reply = await chat.say("106.7155, 21.9705")
    assert "Có phải đồng chí gõ ngược vĩ độ và kinh độ?" in reply
    assert "21.97050, 106.71550" in reply
    assert {"loc:swap", "loc:retry"} <= set(offered(chat))
    assert "Số lượt khách tham quan?" in await chat.press("loc:swap")
    await chat.say("300")
    await chat.press("desc:skip")
    card = await chat.say("xong")
    assert "Vị trí: 21.97050, 106.71550" in card
    await chat.press("review:submit")
    report = await Report.get()
    assert (report.latitude, report.longitude) == pytest.approx((21.9705, 106.7155))


async def test_swapped_point_far_from_the_unit_still_gets_that_question(chat: Chat) -> None:
    await to_location(chat)
    assert "gõ ngược" in await chat.say("106.7009, 10.7769")
    assert "cách trụ sở đơn vị" in await chat.press("loc:swap")
    assert "Số lượt khách tham quan?" in await chat.press("loc:ok")


async def test_swapped_point_can_be_entered_again(chat: Chat) -> None:
    await to_location(chat)
    await chat.say("106.7, 21.9")
    assert "Vị trí hoạt động" in await chat.press("loc:retry")
    assert "gõ ngược" in await chat.say("106.7, 21.9")
    assert "Số lượt khách tham quan?" in await chat.say("21.95, 106.71"), "or type a new point"


async def test_out_of_range_point_that_is_not_swapped_is_still_refused(chat: Chat) -> None:
    await to_location(chat)
    reply = await chat.say("95, 200")
    assert "Toạ độ ngoài phạm vi" in reply and "gõ ngược" not in reply
    assert "loc:swap" not in offered(chat)


def test_parsing_keeps_the_out_of_range_numbers() -> None:
    """The location step needs them to see whether the swapped point makes sense."""
    with pytest.raises(CoordinatesOutOfRange) as caught:
        parse_coordinates("106.7, 21.9")
    assert caught.value.key == "err_coordinates_range"
    assert (caught.value.latitude, caught.value.longitude) == (106.7, 21.9)
