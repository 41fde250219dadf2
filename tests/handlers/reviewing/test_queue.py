"""/xem lists: waiting for review by default, newest first, 10 a page; state, period and unit
filters typed like summaries; only the reader's subtree. /cuatoi pages the author's own."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from models import access, directory, filing
from models.reports import Report, ReportStatus
from models.schemas import Draft
from tests.handlers.reviewing.helpers import team


async def _reports(author_id: str, code: str, days: list[date], **columns: object) -> list[int]:
    """Reports filed straight into the tables (the listing only reads them)."""
    person = await access.person_for("console", author_id)
    unit = await directory.get_unit_by_code(code)
    assert person and unit
    numbers = []
    for day in days:
        draft = Draft(
            unit_id=unit.id, activity_type="other", title=f"Việc {day:%d/%m}", start_date=day
        )
        values = filing.report_values(draft, person, "console")
        numbers.append((await Report.create(**values, **columns)).id)
    return numbers


async def test_pages_newest_first_with_previous_and_next(
    database_url: str, media_dir: Path
) -> None:
    chats = await team(media_dir)
    numbers = await _reports("author", "LS-DBP-HN", [date(2026, 11, d) for d in range(1, 13)])
    rev = chats["rev"]
    text = await rev.say("/xem")
    assert "Báo cáo chờ duyệt: 12 báo cáo (trang 1/2)" in text
    payloads = rev.payloads()
    assert payloads[:10] == [f"rv:open:{n}" for n in reversed(numbers[2:])]
    assert payloads[10:] == ["rv:pg:s:-:-:10"]
    text = await rev.press("rv:pg:s:-:-:10")
    assert "(trang 2/2)" in text
    assert rev.payloads() == [f"rv:open:{numbers[1]}", f"rv:open:{numbers[0]}", "rv:pg:s:-:-:0"]
    assert "2" in await rev.say("1") and f"BÁO CÁO #{numbers[1]}" in rev.text(rev.last)  # typed


async def test_filters_by_state_period_and_unit(database_url: str, media_dir: Path) -> None:
    chats = await team(media_dir)
    waiting = await _reports("author", "LS-DBP-HN", [date(2026, 10, 5), date(2026, 11, 3)])
    returned = await _reports(
        "author", "LS-DBP-HN", [date(2026, 11, 9)], status=ReportStatus.RETURNED
    )
    rev = chats["rev"]
    text = await rev.say("xem trả lại tháng 11")
    assert "Báo cáo trả lại — tháng 11/2026: 1 báo cáo" in text
    assert rev.payloads() == [f"rv:open:{returned[0]}"]
    text = await rev.say("xem chờ duyệt quý 4 đồn Hữu Nghị")
    assert "chờ duyệt — quý 4 năm 2026 — Đồn Biên phòng Cửa khẩu Quốc tế Hữu Nghị" in text
    assert sorted(rev.payloads()) == sorted(f"rv:open:{n}" for n in waiting)
    assert "Không có báo cáo nào (đã duyệt)" in await rev.say("xem đã duyệt")
    assert "mọi trạng thái: 3 báo cáo" in await rev.say("xem tất cả")
    assert "không thuộc phạm vi" in await rev.say("xem xã Đồng Đăng")
    assert "Không có báo cáo nào" in await chats["outsider"].say("/xem")  # another subtree
    forged = f"rv:pg:s:-:{(await directory.get_unit_by_code('LS-DBP-HN')).id}:0"  # type: ignore[union-attr]
    assert "chưa có quyền" in await chats["outsider"].press(forged)
    assert "chưa có quyền" in await chats["author"].say("/xem")  # a reporter: /cuatoi instead


async def test_mine_pages_and_opens(database_url: str, media_dir: Path) -> None:
    chats = await team(media_dir)
    numbers = await _reports("author", "LS-DBP-HN", [date(2026, 11, d) for d in range(1, 12)])
    author = chats["author"]
    text = await author.say("/cuatoi")
    assert (
        "(trang 1/2)" in text and f"#{numbers[-1]} · " in text and f"#{numbers[0]} · " not in text
    )
    assert f"withdraw:{numbers[-1]}" in author.payloads() and "mine:pg:10" in author.payloads()
    text = await author.press("mine:pg:10")
    assert f"#{numbers[0]} · " in text and "(trang 2/2)" in text
    assert f"BÁO CÁO #{numbers[0]}" in await author.press(f"rv:open:{numbers[0]}")
    n = numbers[0]
    assert author.payloads() == [f"rv:edit:{n}", f"withdraw:{n}", f"rv:hist:{n}"]
    other = chats["rev"]
    assert "Đồng chí chưa gửi báo cáo nào" in await other.press("mine:pg:0")  # only one's own
