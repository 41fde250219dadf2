"""/sua N: the author corrects a returned or waiting report through the same card and Sửa;
Gửi updates the same number (revision checked), Huỷ leaves the report as it was."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from models import access, review, review_queries
from models.conversation import ConversationState
from models.demo_data import load_demo
from models.outbox import OutboxMessage
from models.people import Person, Role
from models.reports import AuditEvent, Photo, Report, ReportStatus
from models.units import Unit
from tests.handlers.dialogue import Chat, Clock, make_engine
from tests.handlers.filing.test_review_and_edit import file_law_outreach_to_card
from tests.handlers.reviewing.helpers import file_report, team
from tests.media.images import encode, scene

REASON = "Thiếu số người nghe của buổi chiều"


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def chat(database_url: str, media_dir: Path, clock: Clock) -> Chat:
    await load_demo("console", "u1", "Nguyễn Văn A")
    return Chat(make_engine(media_dir, clock))


@pytest.fixture
async def reviewer(chat: Chat) -> Person:
    """A reviewer of the whole demo province (not the author)."""
    person = await access.register_identity("console", "r1", "Trần Văn Duyệt", "vi")
    province = await province_unit()
    await access.grant(person, province, Role.REVIEWER)
    return person


async def province_unit() -> Unit:
    """The demo tree's root."""
    unit = await Unit.filter(parent_id=None).first()
    assert unit is not None
    return unit


async def filed(chat: Chat) -> Report:
    """A law-outreach report with two photos, filed through the dialogue."""
    await file_law_outreach_to_card(chat)  # one photo, then the card
    await chat.press("review:edit")
    await chat.press("edit:photos")
    await chat.photo(encode(scene(160, 120, 10), "JPEG"))
    await chat.say("xong")
    assert "Đã gửi báo cáo số" in await chat.press("review:submit")
    report = await Report.get()
    assert await Photo.filter(report_id=report.id).count() == 2
    return report


async def state(chat: Chat) -> ConversationState:
    return await ConversationState.get(channel="console", external_id=chat.user_id)


async def report_photo_ids(report: Report) -> list[int]:
    return list(await Photo.filter(report_id=report.id).order_by("id").values_list("id", flat=True))


async def test_a_returned_report_is_corrected_and_back_in_the_queue(
    chat: Chat, reviewer: Person, clock: Clock
) -> None:
    report = await filed(chat)
    before_photos = await report_photo_ids(report)
    await review.return_report(report.id, report.revision, reviewer, REASON, clock())

    card = await chat.say(f"/sua {report.id}")
    assert f"Sửa báo cáo #{report.id}" in card and f"Lý do trả lại: {REASON}" in card
    assert "Tên: Tuyên truyền Luật Biên phòng" in card and "Người nghe, người dự: 150" in card
    assert "Ngôn ngữ: Tiếng Việt, Tiếng Mông" in card and "Ảnh: 2" in card
    assert "Vị trí: 21.95000, 106.71000" in card and "có thể trùng" not in card
    assert chat.payloads() == ["review:submit", "review:edit", "review:cancel"]

    await chat.press("review:edit")
    await chat.press("edit:title")
    await chat.say("Tuyên truyền Luật Biên phòng Việt Nam")
    await chat.press("review:edit")
    await chat.press("edit:figure:audience")
    assert "Người nghe, người dự: 175" in await chat.say("175")
    await chat.press("review:edit")
    await chat.press("edit:photos")
    assert "Bản nháp còn 1 ảnh" in await chat.say("xoá 1")
    await chat.photo(encode(scene(160, 120, 11), "JPEG"))
    assert "Ảnh: 2" in await chat.say("xong")
    assert await report_photo_ids(report) == before_photos, "untouched until Gửi"

    assert await chat.press("review:submit") == (
        f"Đã cập nhật báo cáo #{report.id}; báo cáo chờ duyệt lại."
    )
    after = await Report.get(id=report.id)
    assert await Report.all().count() == 1
    assert after.status is ReportStatus.SUBMITTED and after.revision == report.revision + 2
    assert after.title == "Tuyên truyền Luật Biên phòng Việt Nam" and after.audience == 175
    assert after.sessions == report.sessions and after.return_reason == ""
    event = await AuditEvent.filter(report_id=report.id, action="correct").get()
    assert set(event.detail["changes"]) == {"title", "audience"}
    assert event.detail["changes"]["audience"] == [150, 175]
    photos = await report_photo_ids(report)
    assert len(photos) == 2 and photos[0] == before_photos[1], "the kept photo keeps its row"
    assert before_photos[0] not in photos
    assert not await Photo.filter(report_id__isnull=True).exists(), "no draft rows left over"
    province = await province_unit()
    queue = await review_queries.reports_page(review_queries.Filter(roots=(province,)), 0)
    assert [r.id for r in queue.reports] == [report.id], "back in the reviewers' queue"
    assert (await state(chat)).step == "idle"
    again = await chat.press("review:submit")
    assert f"Báo cáo #{report.id} đã được gửi rồi." in again


async def test_someone_elses_number_and_a_missing_one_answer_alike(
    chat: Chat, reviewer: Person
) -> None:
    report = await filed(chat)
    other = Chat(chat.engine, user_id="r1", name="Trần Văn Duyệt")  # may read it, not its author
    theirs = await other.say(f"/sua {report.id}")
    missing = await chat.say(f"/sua {report.id + 100}")
    assert theirs == f"Không tìm thấy báo cáo #{report.id}."
    assert missing == f"Không tìm thấy báo cáo #{report.id + 100}."
    assert (await state(other)).step == "idle" and "draft" not in (await state(other)).data
    assert "Gõ /sua và số báo cáo" in await chat.say("/sua")
    assert "Gõ /sua và số báo cáo" in await chat.say("/sua abc")


@pytest.mark.parametrize("how", ["approve", "withdraw"])
async def test_approved_or_withdrawn_reports_are_refused(
    chat: Chat, reviewer: Person, clock: Clock, how: str
) -> None:
    report = await filed(chat)
    author = await Person.get(id=report.author_id)  # type: ignore[attr-defined]
    if how == "approve":
        await review.approve(report.id, report.revision, reviewer, clock())
        expected = f"Báo cáo #{report.id} đã được duyệt nên không sửa được nữa."
    else:
        await review.withdraw(report.id, None, author, "Gửi nhầm", clock())
        expected = f"Báo cáo #{report.id} đã rút nên không sửa được nữa."
    assert await chat.say(f"/sua {report.id}") == expected
    assert (await state(chat)).step == "idle"
    assert not await Photo.filter(report_id__isnull=True).exists(), "no copies were made"


async def test_a_correction_racing_an_approval_keeps_the_draft(
    chat: Chat, reviewer: Person, clock: Clock
) -> None:
    report = await filed(chat)
    await chat.say(f"/sua {report.id}")  # still waiting: it can be corrected too
    await chat.press("review:edit")
    await chat.press("edit:title")
    await chat.say("Tên mới")
    clock.now += timedelta(minutes=5)  # 10:05 in Vietnam
    await review.approve(report.id, report.revision, reviewer, clock())
    draft = (await state(chat)).data["draft"]

    reply = await chat.press("review:submit")
    assert f"Báo cáo #{report.id} đã được Trần Văn Duyệt duyệt lúc 10:05 20/11/2026" in reply
    assert "Tên: Tên mới" in reply and "review:submit" in chat.payloads()
    now = await state(chat)
    assert now.step == "review" and now.data["draft"] == draft
    after = await Report.get(id=report.id)
    assert after.title == report.title and after.status is ReportStatus.APPROVED
    assert await Photo.filter(report_id=report.id).count() == 2


@pytest.mark.parametrize("how", ["/huy", "review:cancel"])
async def test_cancelling_a_correction_leaves_the_report_as_it_was(
    chat: Chat, reviewer: Person, clock: Clock, how: str
) -> None:
    report = await filed(chat)
    photos = await report_photo_ids(report)
    await review.return_report(report.id, report.revision, reviewer, REASON, clock())
    await chat.say(f"/sua {report.id}")
    await chat.press("review:edit")
    await chat.press("edit:title")
    await chat.say("Tên khác")
    reply = await (chat.say(how) if how.startswith("/") else chat.press(how))
    assert reply == f"Đã huỷ bản sửa; báo cáo #{report.id} giữ nguyên như trước."
    after = await Report.get(id=report.id)
    assert after.title == report.title and after.status is ReportStatus.RETURNED
    assert after.revision == report.revision + 1 and after.return_reason == REASON
    assert await report_photo_ids(report) == photos
    assert not await Photo.filter(report_id__isnull=True).exists()


async def test_commands_keep_a_correction_draft_and_an_open_draft_blocks_sua(
    chat: Chat, reviewer: Person
) -> None:
    report = await filed(chat)
    await chat.say(f"/sua {report.id}")
    kept = (await state(chat)).data["draft"]
    for line in ("/trogiup", "/baocao", f"/sua {report.id}", "/cuatoi", "/tonghop", "/xem"):
        reply = await chat.say(line)
        assert f"Sửa báo cáo #{report.id}" in reply, line
        now = await state(chat)
        assert now.step == "review" and now.data["draft"] == kept, line
    assert "bản nháp chưa gửi" in await chat.say(f"/sua {report.id}")

    await chat.say("/huy")
    await chat.say("/baocao")
    fresh = await state(chat)
    assert "bản nháp chưa gửi" in await chat.say(f"/sua {report.id}")
    assert (await state(chat)).data["draft"] == fresh.data["draft"]


async def test_the_whole_loop_in_chat(database_url: str, media_dir: Path) -> None:
    """Reviewer returns, the author follows the notice's button, corrects, resubmits; the
    reviewer finds it back in the queue and its history shows the diff."""
    chats = await team(media_dir)
    author, rev = chats["author"], chats["rev"]
    report = await file_report(author, title="Giao lưu đầu xuân")
    await rev.say(f"xem {report.id}")
    await rev.press(f"rv:ret:{report.id}:1")
    await rev.say("Số người tham gia phía bạn chưa đúng")
    notice = await OutboxMessage.get(cause_key=f"returned:{report.id}:r1")
    card = await author.say(notice.buttons[0][0]["command"])
    assert f"Sửa báo cáo #{report.id}" in card and "chưa đúng" in card
    await author.press("review:edit")
    await author.press("edit:figure:participants_foreign")
    await author.say("18")
    assert "chờ duyệt lại" in await author.press("review:submit")

    queue = await rev.say("/xem")
    assert f"#{report.id}" in queue and "Giao lưu đầu xuân" in queue
    history = await rev.say(f"/lichsu {report.id}")
    assert "sửa và gửi lại\n  Người tham gia phía nước bạn: 15 → 18" in history


async def test_a_near_copy_of_the_reports_own_photo_is_not_reuse(chat: Chat) -> None:
    """A correction's report is not 'another report': a retaken or resized shot of its own
    photo is not flagged as reused from itself (a real other report still is)."""
    picture = scene(1200, 900, 42)
    await file_law_outreach_to_card(chat)
    await chat.press("review:edit")
    await chat.press("edit:photos")
    await chat.photo(encode(picture, "JPEG", quality=90))
    await chat.say("xong")
    await chat.press("review:submit")
    report = await Report.get()
    await chat.say(f"/sua {report.id}")
    await chat.press("review:edit")
    await chat.press("edit:photos")
    await chat.say("xoá 2")
    near_copy = encode(picture.resize((1080, 810)), "JPEG", quality=60)
    assert "giống ảnh trong báo cáo" not in await chat.photo(near_copy)
    assert "giống ảnh của báo cáo" not in await chat.say("xong")
    await chat.press("review:submit")
    marks = await Photo.filter(report_id=report.id).values_list("reused_from_report_id", flat=True)
    assert list(marks) == [None, None]
