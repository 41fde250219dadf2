"""The draft review report (báo cáo sơ kết / tổng kết) in the Party's document layout.

Section I is filled from the data; II and III are left for the committee. A4, Times New Roman
14 pt (tables 13 pt), margins per Hướng dẫn 36-HD/VPTW (as Decree 30/2020/NĐ-CP): top/bottom
2 cm, left 3 cm, right 1.5 cm; page numbers centred in the footer.
Synchronous (python-docx, photo reads): call through asyncio.to_thread.
"""

from __future__ import annotations

import io
import struct

from handlers.summaries.exports.chart import render_chart
from handlers.summaries.exports.chart_data import chart_data
from handlers.summaries.exports.data import ExportData
from handlers.summaries.exports.docx_parts import (
    BODY_PT,
    TABLE_PT,
    cell_text,
    grid_rows,
    keep_together,
    no_wrap,
    page_numbers,
    para,
    style,
    widths,
)
from handlers.summaries.exports.labels import (
    all_types,
    capitalised,
    country_name,
    first_level,
    number,
    percent_change,
    period_label,
    tree_key,
    type_figures,
    type_label,
    unit_line_name,
)
from handlers.summaries.exports.review_heading import heading_block, title
from handlers.summaries.exports.review_highlights import ReadPhoto, highlight
from handlers.texts import t

CHART_CM = (16.0, 18.0)  # the text width; short enough to share a page with text
STT_CM = 1.4  # "STT" in 13 pt bold with LibreOffice's cell padding: one line


def _heading(document, text: str, *, indent: bool = True) -> None:
    """A bold heading that never ends a page without what it heads."""
    from docx.shared import Pt

    paragraph = para(document, text, bold=True, indent=indent)
    paragraph.paragraph_format.space_before = Pt(6)  # clear of a table above
    paragraph.paragraph_format.keep_with_next = True


def _table(document, header: list[str], rows: list[list[str]], columns: tuple[float, ...]):
    """A grid table; the STT column never wraps, numbers are centred."""
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell_text(cell, text, bold=True, align="CENTER")
    for values in rows:
        cells = table.add_row().cells
        for n, (cell, text) in enumerate(zip(cells, values, strict=True)):
            cell_text(cell, text, align=None if n in (1, len(values) - 1) else "CENTER")
    widths(table, (STT_CM, *columns))
    for row in table.rows:
        no_wrap(row.cells[0])
    grid_rows(table)
    return table


def _general(document, data: ExportData) -> None:
    lang, current, previous = data.lang, data.comparison.current, data.comparison.previous
    _heading(document, t(lang, "doc_general"))
    before = previous.total.activities if previous else None
    comparison = ""
    if before is not None:
        shift = percent_change(current.total.activities, before)
        comparison = t(lang, "doc_vs_before", before=number(before), change=shift or "—")
    reporting = len({line.unit.id for line in current.by_unit})
    text = t(
        lang,
        "doc_general_text",
        period=period_label(lang, data.period),
        activities=number(current.total.activities),
        comparison=comparison,
        vn=number(current.total.get("participants_vn")),
        foreign=number(current.total.get("participants_foreign")),
        reporting=number(reporting),
    )
    para(document, text, indent=True)
    rows = []
    for n, code in enumerate(all_types(current, previous), start=1):
        figures = current.type_figures(code)
        earlier = number(previous.type_figures(code).activities) if previous else ""
        detail = type_figures(lang, code, figures)
        rows.append(
            [number(n), type_label(lang, code), number(figures.activities), earlier, detail]
        )
    total_before = number(before) if before is not None else ""
    rows.append(["", t(lang, "xls_total"), number(current.total.activities), total_before, ""])
    header = [t(lang, f"doc_col_{c}") for c in ("no", "type", "activities", "previous", "figures")]
    _table(document, header, rows, (5.0, 2.2, 2.0, 5.9))


def _by_unit(document, data: ExportData) -> None:
    """First-level units of either period, in tree order, then who filed nothing."""
    lang, current, previous = data.lang, data.comparison.current, data.comparison.previous
    _heading(document, t(lang, "doc_by_unit"))
    rows = []
    for n, (line, before) in enumerate(first_level(current, previous), start=1):
        people = f"{number(line.figures.get('participants_vn'))} / " + number(
            line.figures.get("participants_foreign")
        )
        earlier = number(before) if previous else ""
        name = unit_line_name(lang, line)
        rows.append([number(n), name, number(line.figures.activities), earlier, people])
    header = [t(lang, f"doc_col_{c}") for c in ("no", "unit", "activities", "previous", "people")]
    _table(document, header, rows, (6.4, 2.2, 2.0, 4.5))
    if current.silent_units:
        names = ", ".join(u.name for u in sorted(current.silent_units, key=tree_key))
        para(document, t(lang, "doc_silent", units=names), indent=True, italic=True)


def _chart(document, data: ExportData) -> None:
    """The chat's chart, fitted to the text width and most of a page, with its caption."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    picture = render_chart(chart_data(data.lang, data.comparison))
    pixels_wide, pixels_high = struct.unpack(">II", picture[16:24])  # the PNG header
    width, height = CHART_CM
    scale = min(width / pixels_wide, height / pixels_high)
    document.add_picture(io.BytesIO(picture), width=Cm(pixels_wide * scale))
    document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.paragraphs[-1].paragraph_format.keep_with_next = True  # never apart from its caption
    caption = t(data.lang, "doc_chart_caption", period=period_label(data.lang, data.period))
    para(document, caption, italic=True, size=TABLE_PT, align="CENTER")


def _countries(document, data: ExportData) -> None:
    lang, current = data.lang, data.comparison.current
    if not current.countries:
        return
    _heading(document, t(lang, "doc_countries"))
    for c in current.countries:
        text = t(
            lang,
            "doc_country_line",
            country=country_name(lang, c.country),
            activities=number(c.activities),
            foreign=number(c.participants_foreign),
        )
        para(document, text, indent=True)


def _closing(document, lang: str) -> None:
    """'Nơi nhận' bottom-left and the signature bottom-right, on one page (Hướng dẫn
    36-HD/VPTW: 'Nơi nhận:' 14 pt upright underlined, one recipient a line in 12 pt starting
    with '- ', the last one '- Lưu …'; 'T/M BAN CHỈ ĐẠO' and the title bold capitals)."""
    from docx.shared import Pt

    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    cell_text(left, t(lang, "doc_recipients"), underline=True, size=BODY_PT)
    for line in t(lang, "doc_recipient_lines").split("\n"):
        para(left, line, size=12).paragraph_format.space_after = Pt(0)
    cell_text(right, t(lang, "doc_signature_for"), bold=True, align="CENTER", size=BODY_PT)
    para(right, t(lang, "doc_signature_title"), bold=True, align="CENTER")
    for _ in range(3):
        para(right, "")
    para(right, t(lang, "doc_signature_hint"), italic=True, align="CENTER")
    widths(table, (8.0, 8.5))
    keep_together(table)


def render_docx(data: ExportData, read_photo: ReadPhoto) -> bytes:
    """The draft as .docx bytes; `read_photo` gives a highlight's picture (or None)."""
    from docx import Document

    lang = data.lang
    document = Document()
    style(document)
    page_numbers(document)
    para(document, t(lang, "doc_draft"), bold=True, size=12, align="RIGHT")
    heading_block(document, data)
    title(document, data)
    _heading(document, capitalised(t(lang, "doc_section_results")), indent=False)
    _general(document, data)
    _by_unit(document, data)
    _chart(document, data)
    _countries(document, data)
    _heading(document, t(lang, "doc_highlights"))
    if not data.highlights:
        para(document, t(lang, "doc_no_highlights"), italic=True, indent=True)
    for row in data.highlights:
        highlight(document, data, row, read_photo)
    for key in ("doc_section_limits", "doc_section_tasks"):
        _heading(document, t(lang, key), indent=False)
        para(document, t(lang, "doc_fill_in"), italic=True, indent=True)
        last = para(document, "." * 120)
    last.paragraph_format.keep_with_next = True  # the signature never starts a page alone
    _closing(document, lang)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
