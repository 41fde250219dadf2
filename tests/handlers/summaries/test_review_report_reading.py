"""The Word draft as a committee member prints it, re-opened with python-docx: page numbers,
the closing block kept on one page, the chart in section I, units in tree order, thousands
separators in every column, '±0 %' only for an equal count, sentences in highlights."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from handlers.summaries.exports import PhotoReader, gather, render_export
from handlers.summaries.exports.labels import percent_change
from media import LocalPhotoStorage
from models.periods import Period
from models.reports import Report
from models.scope import Scope
from tests.models import summary_data

H1 = Period.half(2026, 1)
BARE_THOUSANDS = re.compile(r"\d{4,}")  # four digits in a row: a number without its separator


async def _document(media_dir: Path, adjust=None) -> Document:
    built = await summary_data.build()
    await Report.filter(submit_key="spec-0").update(description="Hai bên trao đổi tình hình")
    await Report.filter(submit_key="spec-3").update(description="Biểu diễn văn nghệ chung!")
    data = await gather(
        Scope(built["units"]["P"]),
        H1,
        H1.same_period_last_year(),
        lang="vi",
        today=date(2026, 11, 23),
        rows=False,
    )
    if adjust:
        adjust(data.comparison)
    content, _ = render_export("docx", data, PhotoReader(LocalPhotoStorage(media_dir)))
    return Document(io.BytesIO(content))


def _big(comparison) -> None:
    """Counts in the thousands, in memory: what a province's year looks like."""
    current, previous = comparison.current, comparison.previous
    current.by_type["border_exchange"].activities = 1893
    current.total.activities = 1898
    current.total.sums["participants_vn"] = 12_345
    (guards,) = [line for line in current.by_unit if line.unit.code == "BDBP"]
    guards.figures.activities = 2500
    previous.by_type["border_exchange"].activities = 1200
    previous.total.activities = 1897


def _paragraph_texts(document) -> str:
    return "\n".join(p.text for p in document.paragraphs)


async def test_page_numbers_are_a_page_field_in_the_footer(
    database_url: str, media_dir: Path
) -> None:
    document = await _document(media_dir)
    footer = document.sections[0].footer
    assert not footer.is_linked_to_previous
    xml = footer._element.xml
    assert 'w:fldCharType="begin"' in xml and 'w:fldCharType="end"' in xml
    instructions = [e.text for e in footer._element.iter(qn("w:instrText"))]
    assert [i.strip() for i in instructions] == ["PAGE"]
    assert footer.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER


async def test_recipients_and_signature_stay_on_one_page(
    database_url: str, media_dir: Path
) -> None:
    document = await _document(media_dir)
    closing = document.tables[-1]
    assert len(closing.rows) == 1
    assert closing.rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None
    for cell in closing.rows[0].cells:
        assert all(p.paragraph_format.keep_with_next for p in cell.paragraphs)
    before = closing._tbl.getprevious()  # the paragraph the block follows
    assert before.tag == qn("w:p")
    assert Paragraph(before, document).paragraph_format.keep_with_next
    left, right = closing.rows[0].cells
    title = left.paragraphs[0].runs[0]
    assert title.text == "Nơi nhận:" and title.underline and not title.bold and not title.italic
    assert title.font.size.pt == 14
    recipients = left.paragraphs[1:]
    assert all(p.text.startswith("- ") for p in recipients)
    assert all(p.text.endswith(",") for p in recipients[:-1])
    assert recipients[-1].text.startswith("- Lưu ") and recipients[-1].text.endswith(".")
    assert all(run.font.size.pt == 12 for p in recipients for run in p.runs)
    lines = [p.text for p in right.paragraphs if p.text]
    assert lines[:2] == ["T/M BAN CHỈ ĐẠO", "TRƯỞNG BAN"]
    assert all(run.bold for p in right.paragraphs[:2] for run in p.runs)


def _body_order(document) -> list[str]:
    """'p:<text>' / 'picture' / 'table' for each block of the body, in order."""
    blocks = []
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:tbl"):
            blocks.append("table")
        elif element.tag == qn("w:p"):
            pictures = element.findall(".//" + qn("w:drawing"))
            blocks.append("picture" if pictures else "p:" + Paragraph(element, document).text)
    return blocks


async def test_the_chart_is_in_section_one(database_url: str, media_dir: Path) -> None:
    document = await _document(media_dir)
    blocks = _body_order(document)
    start = blocks.index("p:I. KẾT QUẢ ĐẠT ĐƯỢC")
    end = blocks.index("p:II. HẠN CHẾ, NGUYÊN NHÂN")
    first_picture = blocks.index("picture")
    assert start < first_picture < end
    caption = blocks[first_picture + 1]
    assert caption.startswith("p:Biểu đồ: số hoạt động theo loại và theo đơn vị")
    chart = document.inline_shapes[0]
    assert 10 < chart.width.cm <= 16.01 and chart.height.cm <= 18.01  # fits the text area
    blip = chart._inline.graphic.graphicData.pic.blipFill.blip
    assert document.part.related_parts[blip.embed].content_type == "image/png"


async def test_units_in_tree_order_with_year_earlier_only_units(
    database_url: str, media_dir: Path
) -> None:
    document = await _document(media_dir)
    rows = [[c.text for c in row.cells] for row in document.tables[2].rows[1:]]
    assert [r[1] for r in rows] == [
        "Huyện Cao Lộc",
        "Huyện Văn Lãng",  # nothing this half, an exhibition a year earlier
        "Bộ Chỉ huy Bộ đội Biên phòng tỉnh",
        "Ban Tuyên giáo Tỉnh ủy",  # id 10: path text order would list it first
    ]
    assert [r[0] for r in rows] == ["1", "2", "3", "4"]
    assert [r[2:4] for r in rows] == [["3", "0"], ["0", "1"], ["3", "1"], ["1", "0"]]


async def test_every_column_has_the_thousands_separator(database_url: str, media_dir: Path) -> None:
    document = await _document(media_dir, _big)
    for table in document.tables[1:3]:
        for row in table.rows:
            for cell in row.cells:
                assert not BARE_THOUSANDS.search(cell.text), cell.text
    types = {row.cells[1].text: row.cells for row in document.tables[1].rows}
    assert types["Giao lưu hữu nghị biên giới"][2].text == "1.893"
    assert types["Giao lưu hữu nghị biên giới"][3].text == "1.200"
    assert types["Tổng cộng"][2].text == "1.898" and types["Tổng cộng"][3].text == "1.897"
    assert "Số bản: 1.500" in types["Tin, bài, ấn phẩm, phim"][4].text
    units = {row.cells[1].text: row.cells for row in document.tables[2].rows}
    assert units["Bộ Chỉ huy Bộ đội Biên phòng tỉnh"][2].text == "2.500"
    text = _paragraph_texts(document)
    assert "1.898 hoạt động" in text and "12.345 lượt người" in text
    assert "(cùng kỳ năm trước: 1.897, +0,1\u00a0%)" in text  # one more is not ±0 %
    assert not BARE_THOUSANDS.search(text.replace("2026", "").replace("2025", ""))


async def test_plus_minus_zero_only_for_an_equal_count(database_url: str, media_dir: Path) -> None:
    def equal(comparison) -> None:
        comparison.previous.total.activities = comparison.current.total.activities

    text = _paragraph_texts(await _document(media_dir, equal))
    assert "(cùng kỳ năm trước: 7, ±0\u00a0%)" in text
    assert percent_change(5, 5) == "±0\u00a0%"
    assert percent_change(1001, 1000) == "+0,1\u00a0%"
    assert percent_change(999, 1000) == "−0,1\u00a0%"
    assert percent_change(100_001, 100_000) == "+0,001\u00a0%"
    assert percent_change(10_000_001, 10_000_000) == "+<0,001\u00a0%"
    assert percent_change(7, 5) == "+40\u00a0%" and percent_change(3, 4) == "−25\u00a0%"
    assert percent_change(3, 0) == ""


async def test_stt_never_wraps(database_url: str, media_dir: Path) -> None:
    document = await _document(media_dir)
    for table in document.tables[1:3]:
        header = table.rows[0]
        assert header.cells[0].text == "STT"
        assert header._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on each page
        for row in table.rows:
            cell = row.cells[0]
            assert cell._tc.tcPr.find(qn("w:noWrap")) is not None
            assert cell.width.cm >= 1.4  # "STT" in 13 pt bold plus LibreOffice's padding
            assert row._tr.trPr.find(qn("w:cantSplit")) is not None


async def test_a_full_stop_between_description_and_figures(
    database_url: str, media_dir: Path
) -> None:
    text = _paragraph_texts(await _document(media_dir))
    assert "Hai bên trao đổi tình hình. Người tham gia phía VN: 25; " in text
    assert "Người tham gia phía nước bạn: 30." in text
    assert "Biểu diễn văn nghệ chung! Người tham gia phía VN: 100" in text  # no '!.'
    assert "chung!." not in text
