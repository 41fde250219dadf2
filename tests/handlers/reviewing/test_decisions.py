"""Opening a report, Duyệt / Trả lại with a reason, the author's notice in the outbox, and
every way a decision is refused (scope, committee, forged or outdated buttons, a late second)."""

from __future__ import annotations

from pathlib import Path

from models.outbox import OutboxMessage
from models.reports import AuditEvent, Report, ReportStatus
from tests.handlers.reviewing.helpers import file_report, team


async def test_reviewer_opens_and_approves(database_url: str, media_dir: Path) -> None:
    chats = await team(media_dir)
    report = await file_report(chats["author"])
    text = await chats["rev"].say(f"/xem {report.id}")
    assert f"BÁO CÁO #{report.id} · chờ duyệt" in text
    assert "Người gửi: Trung uý Hà" in text and "Đơn vị: Đồn Biên phòng Cửa khẩu" in text
    osm = "https://www.openstreetmap.org/?mlat=21.97000&mlon=106.71000#map=16/21.97000/106.71000"
    assert osm in text
    assert "Đối tác: Trạm kiểm soát Hữu Nghị Quan" in text and "Ảnh: 1" in text
    (reply,) = chats["rev"].last
    assert len(reply.photos) == 1 and reply.photos[0][:2] == b"\xff\xd8"  # the display JPEG
    ok = f"rv:ok:{report.id}:{report.revision}"
    ret, hist = f"rv:ret:{report.id}:{report.revision}", f"rv:hist:{report.id}"
    assert chats["rev"].payloads() == [ok, ret, hist]
    assert f"Đã duyệt báo cáo #{report.id}" in await chats["rev"].press(ok)
    await report.refresh_from_db()
    assert report.status is ReportStatus.APPROVED and report.revision == 2
    notice = await OutboxMessage.get(cause_key=f"approved:{report.id}:r1")
    assert notice.external_id == "author" and notice.channel == "console"
    assert "đã được Thiếu tá Minh duyệt" in notice.text
    button = {"label": f"Xem báo cáo #{report.id}", "command": f"/xem {report.id}"}
    assert notice.buttons == [[button]]
    text = await chats["rev2"].press(ok)  # the same, old button pressed by another reviewer
    assert f"Báo cáo #{report.id} đã được Thiếu tá Minh duyệt lúc 10:00 20/11/2026" in text
    assert "· đã duyệt (Thiếu tá Minh, 10:00 20/11/2026)" in text
    assert await OutboxMessage.all().count() == 1


async def test_return_asks_a_reason_and_notifies(database_url: str, media_dir: Path) -> None:
    chats = await team(media_dir)
    report = await file_report(chats["author"])
    rev = chats["rev"]
    await rev.say(f"xem {report.id}")
    assert "Lý do trả lại" in await rev.press(f"rv:ret:{report.id}:1")
    text = await rev.say("x" * 5000)
    assert "Quá dài: tối đa 500 ký tự (đồng chí gửi 5000)" in text and "Lý do trả lại" in text
    assert "Chưa có nội dung" in await rev.say("   ")
    assert f"Đã trả lại báo cáo #{report.id}" in await rev.say("Thiếu ảnh biên bản giao lưu")
    await report.refresh_from_db()
    assert report.status is ReportStatus.RETURNED
    assert report.return_reason == "Thiếu ảnh biên bản giao lưu"
    notice = await OutboxMessage.get(cause_key=f"returned:{report.id}:r1")
    assert "Lý do: Thiếu ảnh biên bản giao lưu" in notice.text and "Thiếu tá Minh" in notice.text
    button = {"label": f"Sửa báo cáo #{report.id}", "command": f"/sua {report.id}"}
    assert notice.buttons == [[button]]
    text = await rev.say(f"/lichsu {report.id}")
    assert f"Lịch sử báo cáo #{report.id}" in text
    assert "Trung uý Hà · gửi báo cáo" in text and "Thiếu tá Minh · trả lại" in text
    assert "Lý do: Thiếu ảnh biên bản giao lưu" in text
    author_view = await chats["author"].say(f"/xem {report.id}")
    assert "trả lại (Thiếu tá Minh, 10:00 20/11/2026) — lý do: Thiếu ảnh" in author_view
    own = [f"rv:edit:{report.id}", f"withdraw:{report.id}", f"rv:hist:{report.id}"]
    assert chats["author"].payloads() == own  # correct or withdraw; no deciding one's own


async def test_returned_report_cannot_be_approved(database_url: str, media_dir: Path) -> None:
    chats = await team(media_dir)
    report = await file_report(chats["author"])
    await chats["rev"].press(f"rv:ret:{report.id}:1")
    await chats["rev"].say("Sai ngày")
    text = await chats["rev2"].press(f"rv:ok:{report.id}:2")  # the current revision, forged
    assert "không quyết định được" in text or "đã được Thiếu tá Minh trả lại" in text
    await report.refresh_from_db()
    assert report.status is ReportStatus.RETURNED


async def test_committee_reads_but_cannot_decide(database_url: str, media_dir: Path) -> None:
    chats = await team(media_dir)
    report = await file_report(chats["author"])
    assert f"BÁO CÁO #{report.id}" in await chats["com"].say(f"/xem {report.id}")
    assert chats["com"].payloads() == [f"rv:hist:{report.id}"]
    for forged in (f"rv:ok:{report.id}:1", f"rv:ret:{report.id}:1"):
        assert await chats["com"].press(forged) == f"Không tìm thấy báo cáo #{report.id}."
    await report.refresh_from_db()
    assert report.status is ReportStatus.SUBMITTED and not await OutboxMessage.exists()


async def test_out_of_scope_answers_like_missing(database_url: str, media_dir: Path) -> None:
    chats = await team(media_dir)
    report = await file_report(chats["author"])
    outsider = chats["outsider"]
    missing = report.id + 999
    assert await outsider.say(f"/xem {missing}") == f"Không tìm thấy báo cáo #{missing}."
    for attempt in (f"/xem {report.id}", f"/lichsu {report.id}"):
        assert await outsider.say(attempt) == f"Không tìm thấy báo cáo #{report.id}."
    for forged in (f"rv:ok:{report.id}:1", f"rv:ret:{report.id}:1", f"rv:open:{report.id}"):
        assert await outsider.press(forged) == f"Không tìm thấy báo cáo #{report.id}."
    assert await outsider.press("rv:ok:999:1") == "Không tìm thấy báo cáo #999."
    assert await outsider.press("rv:ok:abc") == "Không tìm thấy báo cáo #abc."
    await report.refresh_from_db()
    assert report.status is ReportStatus.SUBMITTED
    assert not await AuditEvent.filter(action__in=["approve", "return"]).exists()


async def test_outdated_revision_changes_nothing(database_url: str, media_dir: Path) -> None:
    chats = await team(media_dir)
    report = await file_report(chats["author"])
    text = await chats["rev"].press(f"rv:ok:{report.id}:7")
    assert "Nút này đã cũ" in text and f"BÁO CÁO #{report.id} · chờ duyệt" in text
    assert "Nút này đã cũ" in await chats["rev"].press(f"rv:ret:{report.id}:7")
    await report.refresh_from_db()
    assert report.status is ReportStatus.SUBMITTED and report.revision == 1


async def test_two_reviewers_at_once_one_wins(database_url: str, media_dir: Path) -> None:
    chats = await team(media_dir)
    report = await file_report(chats["author"])
    await chats["rev"].press(f"rv:ret:{report.id}:1")  # asks the reason…
    await chats["rev2"].press(f"rv:ok:{report.id}:1")  # …while the other approves
    text = await chats["rev"].say("Sai số liệu")
    assert f"Báo cáo #{report.id} đã được Đại uý Tâm duyệt lúc" in text
    await report.refresh_from_db()
    assert report.status is ReportStatus.APPROVED and report.return_reason == ""
    assert await Report.filter(status=ReportStatus.RETURNED).count() == 0
    assert [m.cause_key for m in await OutboxMessage.all()] == [f"approved:{report.id}:r1"]
