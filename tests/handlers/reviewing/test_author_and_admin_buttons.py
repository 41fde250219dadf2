"""On an opened report: the author gets Sửa / Rút while it is not approved, an administrator
gets Mở lại on an approved one; nobody else gets either."""

from __future__ import annotations

from pathlib import Path

from models.reports import Report, ReportStatus
from tests.handlers.reviewing.helpers import file_report, team


async def test_the_author_corrects_or_withdraws_from_the_opened_report(
    database_url: str, media_dir: Path
) -> None:
    chats = await team(media_dir)
    report = await file_report(chats["author"])
    author = chats["author"]
    await author.say(f"/xem {report.id}")
    assert author.payloads() == [
        f"rv:edit:{report.id}",
        f"withdraw:{report.id}",
        f"rv:hist:{report.id}",
    ]
    card = await author.press(f"rv:edit:{report.id}")
    assert f"Sửa báo cáo #{report.id} — kiểm tra trước khi gửi lại" in card
    assert "review:submit" in author.payloads(), "the correction's own card"
    await author.say("/huy")
    await chats["rev"].say(f"/xem {report.id}")
    assert f"rv:edit:{report.id}" not in chats["rev"].payloads(), "only the author edits"
    assert "Lý do rút" in await author.press(f"withdraw:{report.id}")
    await author.say("Trùng với báo cáo khác")
    await report.refresh_from_db()
    assert report.status is ReportStatus.WITHDRAWN


async def test_an_admin_reopens_an_approved_report(database_url: str, media_dir: Path) -> None:
    chats = await team(media_dir)
    report = await file_report(chats["author"])
    await chats["rev"].say(f"/xem {report.id}")
    await chats["rev"].press(f"rv:ok:{report.id}:1")
    await chats["rev"].say(f"/xem {report.id}")
    assert f"rv:reopen:{report.id}:2" not in chats["rev"].payloads(), "reviewers do not reopen"
    await chats["author"].say(f"/xem {report.id}")
    assert f"rv:edit:{report.id}" not in chats["author"].payloads(), "approved: no more edits"
    admin = chats["u1"]
    await admin.say(f"/xem {report.id}")
    assert f"rv:reopen:{report.id}:2" in admin.payloads()
    assert f"Đã mở lại báo cáo #{report.id}" in await admin.press(f"rv:reopen:{report.id}:2")
    await report.refresh_from_db()
    assert (report.status, report.revision) == (ReportStatus.SUBMITTED, 3)
    assert "đã" in await admin.press(f"rv:reopen:{report.id}:2"), "a second press is refused"
    assert (await Report.get(id=report.id)).revision == 3


async def test_a_forged_reopen_answers_like_a_missing_report(
    database_url: str, media_dir: Path
) -> None:
    chats = await team(media_dir)
    report = await file_report(chats["author"])
    await chats["rev"].say(f"/xem {report.id}")
    await chats["rev"].press(f"rv:ok:{report.id}:1")
    outsider = await chats["outsider"].press(f"rv:reopen:{report.id}:2")
    missing = await chats["outsider"].press("rv:reopen:99999:2")
    assert outsider.replace(str(report.id), "N") == missing.replace("99999", "N")
    await report.refresh_from_db()
    assert report.status is ReportStatus.APPROVED
