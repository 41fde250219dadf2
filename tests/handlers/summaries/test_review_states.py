"""Summaries count approved, returned and waiting reports alike and say how many wait or were
returned; an approved-only export says so in its heading and its file name."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

from docx import Document
from openpyxl import load_workbook

from handlers.summaries.exports import PhotoReader, export_file, gather
from handlers.summaries.exports.data import file_name
from handlers.summaries.text import summary_text
from media import LocalPhotoStorage
from models.periods import Period
from models.scope import Scope
from tests.models import summary_data

H1 = Period.half(2026, 1)


async def _gather(top: str, approved_only: bool, **kinds: bool):
    built = await summary_data.build()
    return await gather(
        Scope(built["units"][top]),
        H1,
        H1.same_period_last_year(),
        lang="vi",
        today=date(2026, 11, 23),
        approved_only=approved_only,
        **kinds,
    )


async def test_summary_says_how_many_wait_or_were_returned(database_url: str) -> None:
    data = await _gather("P", False, rows=False, notable=False)
    lines = summary_text("vi", data.comparison).splitlines()
    total = lines.index("Tổng số: 7 hoạt động (cùng kỳ 2, +5)")
    assert lines[total + 1] == "Trong đó: 3 chờ duyệt, 1 bị trả lại"
    assert "Chỉ tính các báo cáo đã duyệt." not in lines
    english = summary_text("en", data.comparison)
    assert "Of these: 3 waiting for review, 1 returned" in english


async def test_no_review_line_when_everything_was_approved(database_url: str) -> None:
    data = await _gather("BTG", False, rows=False, notable=False)  # its one H1 report: approved
    text = summary_text("vi", data.comparison)
    assert "Tổng số: 1 hoạt động" in text and "Trong đó" not in text


async def _listed(data, media_dir: Path) -> set[int]:
    """The report numbers the CSV lists."""
    content, _ = await export_file("csv", data, PhotoReader(LocalPhotoStorage(media_dir)))
    return {int(r["id"]) for r in csv.DictReader(io.StringIO(content.decode("utf-8-sig")))}


async def test_approved_only_export_counts_lists_and_says_so(
    database_url: str, tmp_path: Path
) -> None:
    data = await _gather("P", True, rows=True, notable=True)
    text = summary_text("vi", data.comparison)
    assert "Chỉ tính các báo cáo đã duyệt." in text and "Tổng số: 3 hoạt động" in text
    assert "Trong đó" not in text
    listed = await _listed(data, tmp_path)
    assert len(listed) == 3 and {h.id for h in data.highlights} <= listed
    assert file_name(data, "csv") == "tonghop_P_2026H1_daduyet.csv"
    content, name = await export_file("xlsx", data, PhotoReader(LocalPhotoStorage(tmp_path)))
    assert name == "tonghop_P_2026H1_daduyet.xlsx"
    first = [
        r[0] for r in load_workbook(io.BytesIO(content)).worksheets[0].iter_rows(values_only=True)
    ]
    assert "Chỉ tính các báo cáo đã duyệt." in first[:6]
    everything = await gather(
        data.scope, H1, None, lang="vi", today=date(2026, 11, 23), rows=True, notable=False
    )
    assert len(await _listed(everything, tmp_path)) == 7
    assert file_name(everything, "csv") == "tonghop_P_2026H1.csv"


async def test_approved_only_review_draft_says_so(database_url: str, tmp_path: Path) -> None:
    data = await _gather("P", True, rows=False, notable=True)
    content, _ = await export_file("docx", data, PhotoReader(LocalPhotoStorage(tmp_path)))
    text = "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)
    assert "Chỉ tính các báo cáo đã duyệt." in text
