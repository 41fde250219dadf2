"""Streaming exports: every report in keyset pages (no cap), every column a reviewer needs,
a spreadsheet that prints, a progress line in chat, and files too big for the messenger."""

from __future__ import annotations

import csv
import dataclasses
import io
from datetime import date
from pathlib import Path

from openpyxl import load_workbook

from handlers.summaries.exports import PhotoReader, export_file, gather
from handlers.summaries.exports.xlsx_cells import sheet_name
from handlers.types import Channel, Incoming, Kind
from media import LocalPhotoStorage
from models import access
from models.people import Role
from models.periods import Period
from models.reports import Photo, Report
from models.scope import Scope
from tests.handlers.dialogue import Clock, make_engine
from tests.models import summary_data

H1 = Period.half(2026, 1)


async def _data(media_dir: Path, page_size: int = 1000):
    """The shared data set with photos: spec-0 and spec-3 hold the very same file, spec-3's
    also looked near-identical to spec-0's when it arrived; spec-1 has a location."""
    built = await summary_data.build()
    reports = {r.submit_key: r for r in await Report.all()}
    same = "a" * 64
    for key, sha, near in (("spec-0", same, None), ("spec-3", same, "spec-0")):
        await Photo.create(
            draft_key=key,
            report=reports[key],
            sha256=sha,
            storage_key=f"originals/aa/{sha}.jpg",
            mime="image/jpeg",
            size_bytes=1,
            reused_from_report_id=reports[near].id if near else None,
        )
    await Report.filter(id=reports["spec-1"].id).update(latitude=21.97, longitude=106.71)
    data = await gather(
        Scope(built["units"]["P"]), H1, None, lang="vi", today=date(2026, 11, 23), notable=False
    )
    assert data.rows is not None
    data.rows = dataclasses.replace(data.rows, page_size=page_size)
    return data, PhotoReader(LocalPhotoStorage(media_dir)), reports


def _csv(content: bytes) -> dict[int, dict[str, str]]:
    return {int(r["id"]): r for r in csv.DictReader(io.StringIO(content.decode("utf-8-sig")))}


async def test_csv_lists_every_report_across_pages(database_url: str, media_dir: Path) -> None:
    data, photos, _ = await _data(media_dir, page_size=2)  # 7 reports: four pages
    pages: list[int] = []
    content, _ = await export_file("csv", data, photos, pages.append)
    rows = _csv(content)
    assert len(rows) == 7 and list(rows) == sorted(rows)  # once each, by number
    assert pages == [2, 4, 6, 7]


async def test_csv_says_everything(database_url: str, media_dir: Path) -> None:
    data, photos, reports = await _data(media_dir)
    rows = _csv((await export_file("csv", data, photos))[0])
    exchange = rows[reports["spec-0"].id]
    assert exchange["author"] == "Người báo cáo" and exchange["status"] == "approved"
    assert exchange["participants_vn"] == "25" and exchange["copies"] == ""  # not its figure
    assert exchange["photo_count"] == "1" and exchange["photo_keys"].startswith("originals/aa/")
    assert exchange["reused_in"] == str(reports["spec-3"].id)
    assert exchange["near_duplicate_of"] == ""
    other = rows[reports["spec-3"].id]
    assert other["reused_in"] == other["near_duplicate_of"] == str(reports["spec-0"].id)
    located = rows[reports["spec-1"].id]
    assert (located["latitude"], located["longitude"]) == ("21.97", "106.71")
    assert located["map_link"].startswith(
        "https://www.openstreetmap.org/?mlat=21.970000&mlon=106.710000"
    )
    assert exchange["map_link"] == "" and exchange["submitted_at"]
    others = [v for r in rows.values() for k, v in r.items() if k != "map_link"]
    assert not any("://" in v for v in others), "no photo URL in a forwarded file"


async def test_spreadsheet_prints_and_lists(database_url: str, media_dir: Path) -> None:
    data, photos, reports = await _data(media_dir, page_size=3)
    book = load_workbook(io.BytesIO((await export_file("xlsx", data, photos))[0]))
    listing = book.worksheets[1:]
    assert sum(ws.max_row - 1 for ws in listing) == 7
    for sheet in book.worksheets:
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
    for sheet in listing:
        assert sheet.freeze_panes == "A2" and sheet.print_title_rows == "$1:$1"
        assert len(sheet.title) <= 31
    exchange = book["Giao lưu hữu nghị biên giới"]
    header = [c.value for c in exchange[1]]
    row = next(r for r in exchange.iter_rows(min_row=2, values_only=True) if r[0] == 1)
    values = dict(zip(header, row, strict=True))
    assert values["Người báo cáo"] == "Người báo cáo" and values["Trạng thái"] == "đã duyệt"
    assert (
        values["Số ảnh"] == 1 and values["Cùng tệp ảnh với báo cáo"] == f"#{reports['spec-3'].id}"
    )
    assert "Số bản" not in header  # only the type's own figures


def test_sheet_names_are_cut_between_words_and_unique() -> None:
    taken: set[str] = set()
    long = "Tuyên truyền pháp luật, biên giới, biển đảo"
    assert sheet_name(long, taken) == "Tuyên truyền pháp luật"  # up to a comma
    assert (
        sheet_name("Đấu tranh phản bác thông tin xấu độc", taken) == "Đấu tranh phản bác thông tin…"
    )
    assert (
        sheet_name("Đấu tranh phản bác thông tin xấu xa", taken) == "Đấu tranh phản bác thông… (2)"
    )
    assert all(len(name) <= 31 for name in taken)


async def _committee_engine(media_dir: Path, **config: object):
    built = await summary_data.build()
    member = await access.register_identity("telegram", "77", "Chị Lan", "vi")
    await access.grant(member, built["units"]["P"], Role.COMMITTEE)
    return make_engine(media_dir, Clock(), **config), built["units"]["P"]


def _press(payload: str, key: str) -> Incoming:
    return Incoming(Channel.TELEGRAM, "77", "77", key, Kind.BUTTON, payload=payload)


async def test_chat_shows_progress_while_the_file_is_built(
    database_url: str, media_dir: Path
) -> None:
    engine, province = await _committee_engine(media_dir, export_progress_seconds=0)
    shown: list[tuple[str, str]] = []

    async def progress(key: str, line: str = "") -> None:
        shown.append((key, line))

    outcome = await engine.handle(_press(f"sumx:csv:{province.id}:2026H1:2025H1", "x1"), progress)
    (reply,) = outcome.replies
    assert reply.file_name == "tonghop_P_2026H1.csv" and len(_csv(reply.document)) == 7
    assert ("sum_file_progress", "Đang tạo tệp… 7/7 báo cáo") in shown


async def test_a_file_too_big_for_telegram_gives_the_command(
    database_url: str, media_dir: Path
) -> None:
    engine, province = await _committee_engine(media_dir, telegram_max_upload_bytes=1000)
    outcome = await engine.handle(_press(f"sumx:xlsx:{province.id}:2026H1:2025H1", "x2"))
    (reply,) = outcome.replies
    assert reply.document is None
    assert "python main.py export --unit P --period 2026H1 --format xlsx" in reply.text
    assert "quá giới hạn 0,0 MB" in reply.text  # the configured limit, said
