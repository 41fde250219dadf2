"""Stored text no export writer accepts as such (controls, NUL, noncharacters, '$' maths,
'=' formulas), put straight into the database: every export still renders, cleaned."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from handlers.summaries.exports import PhotoReader, export_file, gather
from handlers.summaries.exports.chart import render_chart
from handlers.summaries.exports.chart_data import chart_data
from handlers.summaries.exports.clean import clean_text
from media import LocalPhotoStorage
from models.periods import Period
from models.reports import Report
from models.scope import Scope
from models.units import Unit
from tests.models import summary_data

H1 = Period.half(2026, 1)
# C0 and C1 controls, DEL, noncharacters; PostgreSQL refuses NUL in text, SQLite keeps it.
DIRT = "\x01\x08\x0b\x0c\x0e\x1b\x1f\x7f\x80\x85\x9f\ufffe\uffff"


def dirty(word: str, database_url: str) -> str:
    """`word` with every bad character between its first letter and the rest."""
    nul = "\x00" if database_url.startswith("sqlite") else ""
    return f"{word[0]}{nul}{DIRT}\r{word[1:]}"


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("a\x00b\x01c\x1fd\x7fe\x80f\x9fg", "abcdefg"),
        ("dòng 1\ndòng 2\tcột", "dòng 1\ndòng 2\tcột"),
        ("lone \ud800 surrogate \udfff", "lone  surrogate "),
        ("\ufffe\uffffĐồn", "Đồn"),
        ("Tiếng Việt, 中文, ລາວ, emoji 🇻🇳", "Tiếng Việt, 中文, ລາວ, emoji 🇻🇳"),
    ],
)
def test_clean_text_keeps_text_drops_controls(stored: str, shown: str) -> None:
    assert clean_text(stored) == shown


async def _dirty_data(database_url: str, media_dir: Path, *, rows: bool, notable: bool):
    """The summary data set with controls in every kind of stored text."""
    built = await summary_data.build()
    units = built["units"]
    for code in ("P", "HN", "D1", "D2"):  # scope, reporting unit, and silent units
        await Unit.filter(id=units[code].id).update(name=dirty(units[code].name, database_url))
    await Report.filter(unit_id=units["HN"].id).update(
        title=dirty("Giao lưu", database_url),
        description=dirty("Trao đổi", database_url),
        place_name=dirty("Cửa khẩu", database_url),
        counterpart=dirty("Trạm Hữu Nghị Quan", database_url),
        languages=dirty("vi,zh", database_url),
    )
    await Report.filter(unit_id=units["BTG"].id, activity_type="foreign_delegation_in").update(
        country="\x01L", title='=HYPERLINK("http://example.invalid","x")'
    )
    await Report.filter(unit_id=units["D1"].id).update(activity_type="x\x02y")  # unknown type
    scope = Scope(await Unit.get(id=units["P"].id))
    return await gather(
        scope,
        H1,
        H1.same_period_last_year(),
        lang="vi",
        today=date(2026, 11, 23),
        rows=rows,
        notable=notable,
    )


def _no_controls(text: str) -> None:
    assert not any(clean_text(ch) == "" for ch in text.replace("\n", "").replace("\t", ""))


async def test_spreadsheet_with_controls_in_stored_text(database_url: str, media_dir: Path) -> None:
    data = await _dirty_data(database_url, media_dir, rows=True, notable=False)
    content, _ = await export_file("xlsx", data, PhotoReader(LocalPhotoStorage(media_dir)))
    book = load_workbook(io.BytesIO(content))
    cells = [
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    ]
    text = "\n".join(cells)
    _no_controls(text)
    assert "Tỉnh Thử Nghiệm" in text and "Đồn Biên phòng Cửa khẩu Quốc tế Hữu Nghị" in text
    assert "Giao lưu" in cells and "Trạm Hữu Nghị Quan" in cells
    assert "xy" in [sheet.title for sheet in book.worksheets]
    formula = next(
        c
        for s in book.worksheets
        for r in s.iter_rows()
        for c in r
        if c.value and str(c.value).startswith("=HYPERLINK")
    )
    assert formula.data_type == "s", "a typed title is text, never a formula"


async def test_csv_with_controls_in_stored_text(database_url: str, media_dir: Path) -> None:
    data = await _dirty_data(database_url, media_dir, rows=True, notable=False)
    content, _ = await export_file("csv", data, PhotoReader(LocalPhotoStorage(media_dir)))
    text = content.decode("utf-8-sig")
    _no_controls(text.replace("\r", ""))
    rows = list(csv.DictReader(io.StringIO(text)))
    exchange = next(r for r in rows if r["unit_code"] == "HN")
    assert exchange["title"] == "Giao lưu" and exchange["languages"] == "vi,zh"
    assert exchange["unit_name"] == "Đồn Biên phòng Cửa khẩu Quốc tế Hữu Nghị"


async def test_review_report_with_controls_in_stored_text(
    database_url: str, media_dir: Path
) -> None:
    data = await _dirty_data(database_url, media_dir, rows=False, notable=True)
    content, _ = await export_file("docx", data, PhotoReader(LocalPhotoStorage(media_dir)))
    document = Document(io.BytesIO(content))
    text = "\n".join(p.text for p in document.paragraphs)
    tables = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    _no_controls(text + tables)
    assert "Giao lưu" in text and "Trao đổi" in text
    assert "TỈNH ỦY THỬ NGHIỆM" in tables


async def test_chart_with_controls_and_dollars_in_unit_names(
    database_url: str, media_dir: Path
) -> None:
    data = await _dirty_data(database_url, media_dir, rows=False, notable=False)
    hn = await Unit.get(code="HN")
    await Unit.filter(id=hn.id).update(name="Đồn $^$ \x01 $\\frac{$")
    scope = Scope(await Unit.get(code="BDBP"))  # its child units are the chart's bars
    data = await gather(
        scope, H1, None, lang="vi", today=date(2026, 11, 23), rows=False, notable=False
    )
    content = render_chart(chart_data("vi", data.comparison))
    assert content[:8] == b"\x89PNG\r\n\x1a\n"
