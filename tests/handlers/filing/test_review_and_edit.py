"""The summary card: Sửa changes one field and comes back; duplicates are flagged; withdrawal."""

from __future__ import annotations

from pathlib import Path

import pytest

from models import access, directory
from models.demo_data import load_demo
from models.people import Role
from models.reports import AuditEvent, Report, ReportStatus
from tests.handlers.dialogue import Chat, Clock, make_engine
from tests.media.images import encode, scene


@pytest.fixture
async def chat(database_url: str, media_dir: Path) -> Chat:
    await load_demo("console", "u1", "Nguyễn Văn A")
    return Chat(make_engine(media_dir, Clock()))


async def file_law_outreach_to_card(chat: Chat) -> str:
    """A law-outreach draft (figures, counterpart-less, languages) up to the card."""
    await chat.say("/baocao")
    await chat.press("type:law_outreach")
    await chat.say("Tuyên truyền Luật Biên phòng")
    await chat.say("19/11/2026")
    await chat.say("Nhà văn hoá thôn Pò Mã")
    await chat.say("21.95, 106.71")
    await chat.say("3")
    await chat.say("150")
    await chat.press("lang:vi")
    await chat.press("lang:hmong")
    await chat.press("lang:done")
    await chat.say("Phát tờ rơi song ngữ")
    await chat.photo(encode(scene(160, 120, 9), "JPEG"))
    return await chat.say("xong")


EDITS = [
    (
        "edit:title",
        ("say", "Tuyên truyền Luật Biên phòng Việt Nam"),
        "Tên: Tuyên truyền Luật Biên phòng Việt Nam",
    ),
    ("edit:date", ("say", "18/11 - 19/11/2026"), "Ngày: 18/11/2026 – 19/11/2026"),
    ("edit:place", ("say", "Trường tiểu học Đồng Đăng"), "Địa điểm: Trường tiểu học Đồng Đăng"),
    ("edit:location", ("press", "loc:skip"), "Vị trí: không có"),
    ("edit:figure:audience", ("say", "175"), "Người nghe, người dự: 175"),
    ("edit:figure:sessions", ("say", "4"), "Số buổi: 4"),
    ("edit:languages", ("press", "lang:hmong"), None),
    ("edit:description", ("press", "desc:skip"), "Mô tả: không có"),
    ("edit:type", ("press", "type:law_outreach"), "Loại: Tuyên truyền pháp luật"),
]


@pytest.mark.parametrize(("field", "answer", "expected"), EDITS)
async def test_edit_one_field_and_return_to_card(
    chat: Chat, field: str, answer: tuple[str, str], expected: str | None
) -> None:
    await file_law_outreach_to_card(chat)
    await chat.press("review:edit")
    assert field in chat.payloads()
    await chat.press(field)
    how, value = answer
    reply = await (chat.press(value) if how == "press" else chat.say(value))
    if field == "edit:languages":  # toggling Mông off, then Xong
        reply = await chat.press("lang:done")
        assert "Ngôn ngữ: Tiếng Việt\n" in reply
    else:
        assert expected in reply
    assert "Kiểm tra báo cáo" in reply and "review:submit" in chat.payloads()


async def test_changing_the_type_asks_only_the_new_figures(chat: Chat) -> None:
    await file_law_outreach_to_card(chat)
    await chat.press("review:edit")
    await chat.press("edit:type")
    assert "Số lớp" in await chat.press("type:training")
    assert "Số học viên" in await chat.say("4")
    card = await chat.say("850")
    assert "Số lớp: 4" in card and "Số học viên: 850" in card and "Số buổi" not in card
    await chat.press("review:submit")
    report = await Report.get()
    assert (report.classes, report.trainees, report.sessions, report.audience) == (
        4,
        850,
        None,
        None,
    )
    assert report.languages == ""


async def test_edit_photos_can_clear_and_resend(chat: Chat) -> None:
    await file_law_outreach_to_card(chat)
    await chat.press("review:edit")
    await chat.press("edit:photos")
    assert "photos:clear" in chat.payloads()
    assert "Đã xoá hết ảnh" in await chat.press("photos:clear")
    assert "Ảnh: 0" in await chat.press("photos:done")


async def test_submitted_report_has_every_field(chat: Chat) -> None:
    await file_law_outreach_to_card(chat)
    assert "Bước" not in await chat.press("review:submit")
    report = await Report.get()
    assert report.title == "Tuyên truyền Luật Biên phòng"
    assert report.languages == "vi,hmong" and report.description == "Phát tờ rơi song ngữ"
    assert (report.sessions, report.audience, report.location_source) == (3, 150, "typed")
    assert report.channel == "console" and report.status is ReportStatus.SUBMITTED


async def test_duplicate_is_flagged_on_the_card(chat: Chat) -> None:
    await file_law_outreach_to_card(chat)
    await chat.press("review:submit")
    first = await Report.get()
    card = await file_law_outreach_to_card(chat)
    assert f"có thể trùng báo cáo #{first.id}" in card


@pytest.mark.parametrize(
    ("point", "warning"),
    [
        ("43.47, 11.88", "nằm ngoài lãnh thổ Việt Nam"),
        ("21.03, 105.85", "cách trụ sở đơn vị 138 km"),  # Hà Nội: √(104.6² + 89.6²) km
    ],
)
async def test_doubtful_points_are_confirmed(chat: Chat, point: str, warning: str) -> None:
    await chat.say("/baocao")
    await chat.press("type:other")
    for answer in ("Họp", "hôm nay", "Hà Nội"):
        await chat.say(answer)
    assert warning in await chat.say(point)
    assert "Không đọc được toạ độ" in await chat.say("ở đâu đó")
    assert warning in await chat.say(point)
    assert "Mô tả hoạt động" in await chat.press("loc:ok")


async def test_known_place_and_retry(chat: Chat) -> None:
    await chat.say("/baocao")
    await chat.press("type:other")
    for answer in ("Họp", "hôm nay", "Cửa khẩu"):
        await chat.say(answer)
    assert "Cửa khẩu Quốc tế Hữu Nghị" in chat.last[-1].choices()[0].label
    await chat.say("1")
    await chat.say("Nội dung")
    assert "Vị trí: Cửa khẩu Quốc tế Hữu Nghị (21.97120, 106.70400)" in await chat.say("xong")


async def test_person_reporting_for_two_units_is_asked_which(chat: Chat) -> None:
    person = await access.person_for("console", "u1")
    commune = await directory.get_unit_by_code("LS-XA-DD")
    assert person and commune
    await access.grant(person, commune, Role.REPORTER)
    reply = await chat.say("/baocao")
    assert "đơn vị nào" in reply and f"unit:{commune.id}" in chat.payloads()
    assert "Bước 2/" in await chat.press(f"unit:{commune.id}")


async def test_mine_lists_and_withdraws_with_reason(chat: Chat, media_dir: Path) -> None:
    assert "chưa gửi báo cáo nào" in await chat.say("/cuatoi")
    await file_law_outreach_to_card(chat)
    await chat.press("review:submit")
    report = await Report.get()
    listing = await chat.say("/cuatoi")
    assert f"#{report.id} · 19/11/2026 · Tuyên truyền pháp luật" in listing
    assert "Lý do rút" in await chat.press(f"withdraw:{report.id}")
    assert "Quá dài" in await chat.say("x" * 501)
    assert f"Đã rút báo cáo #{report.id}" in await chat.say("Nhập trùng")
    await report.refresh_from_db()
    assert report.status is ReportStatus.WITHDRAWN and report.withdrawn_reason == "Nhập trùng"
    assert await AuditEvent.filter(report=report, action="withdraw").exists()
    assert "đã rút" in await chat.say("/cuatoi")
    other = Chat(chat.engine, user_id="intruder")
    await access.grant(
        await access.register_identity("console", "intruder", "X", "vi"),
        await directory.get_unit_by_code("LS-XA-DD"),
        Role.REPORTER,
    )
    await other.press(f"withdraw:{report.id}")
    assert "Không rút được" in await other.say("thử")


async def test_edit_counterpart_and_country(chat: Chat) -> None:
    await chat.say("/baocao")
    await chat.press("type:foreign_delegation_in")
    for answer in ("Đón đoàn Quảng Tây", "hôm qua", "Trụ sở Đồn"):
        await chat.say(answer)
    await chat.press("loc:skip")
    for answer in ("12", "Đoàn Sở Ngoại vụ Quảng Tây", "Lào", "Làm việc về quản lý biên giới"):
        await chat.say(answer)
    await chat.press("photos:done")
    await chat.press("review:edit")
    await chat.press("edit:counterpart")
    assert "Đối tác: Đoàn Cục Quản lý biên giới" in await chat.say("Đoàn Cục Quản lý biên giới")
    await chat.press("review:edit")
    await chat.press("edit:country")
    assert "Gõ tên nước" in await chat.press("country:other")
    assert "Không nhận ra tên nước" in await chat.say("Atlantis")
    card = await chat.say("Trung Quốc")
    assert "Nước: Trung Quốc" in card
    await chat.press("review:submit")
    report = await Report.get()
    assert (report.country, report.delegation_size) == ("CN", 12)
    assert report.counterpart == "Đoàn Cục Quản lý biên giới"
