"""The draft review report (báo cáo sơ kết / tổng kết) in the Party's document layout.

Section I is filled from the data; II and III are left for the committee. A4, Times New Roman
14 pt (tables 13 pt), margins per Decree 30/2020/NĐ-CP: top/bottom 2 cm, left 3 cm, right 1.5 cm.
Synchronous (python-docx, photo reads): call through asyncio.to_thread.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable

from handlers.folding import fold
from handlers.summaries.exports.clean import clean_text
from handlers.summaries.exports.data import ExportData, far_first_photo
from handlers.summaries.exports.labels import (
    all_types,
    capitalised,
    country_name,
    day,
    number,
    percent_change,
    period_label,
    previous_by_unit,
    type_figures,
    type_label,
)
from handlers.texts import t
from models.aggregates import Figures
from models.periods import PeriodKind
from models.summary_rows import PhotoRef, ReportRow

FONT = "Times New Roman"
BODY_PT = 14
TABLE_PT = 13
PHOTO_CM = 11
# Party committees named after the unit's kind word: "Tỉnh X" → "TỈNH ỦY X".
_PARTY_BODY = (
    ("tinh", "doc_party_province"),
    ("huyen", "doc_party_district"),
    ("thanh pho", "doc_party_city"),
    ("thi xa", "doc_party_town"),
    ("xa", "doc_party_commune"),
    ("phuong", "doc_party_ward"),
)
ReadPhoto = Callable[[PhotoRef], bytes | None]


def _base_name(name: str) -> tuple[str | None, str]:
    """('doc_party_province', 'Lạng Sơn') for 'Tỉnh Lạng Sơn (dữ liệu mẫu)'."""
    plain = re.sub(r"\s*\(.*?\)\s*", " ", clean_text(name)).strip()
    folded = fold(plain)
    for word, key in _PARTY_BODY:
        if folded.startswith(word + " "):
            return key, plain[len(word) + 1 :].strip()
    return None, plain


def _style(document) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)  # Vietnamese letters fall in several font ranges
    normal.paragraph_format.space_after = Pt(6)


def _para(
    where,
    text: str = "",
    *,
    bold=False,
    italic=False,
    size=None,
    align=None,
    indent=False,
    underline=False,
):
    """A paragraph with one run, in a document or a table cell."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    paragraph = where.add_paragraph()
    run = paragraph.add_run(clean_text(text))  # python-docx refuses what XML 1.0 cannot hold
    run.bold, run.italic, run.underline = bold, italic, underline
    if size:
        run.font.size = Pt(size)
    if align:
        paragraph.alignment = getattr(WD_ALIGN_PARAGRAPH, align)
    if indent:
        paragraph.paragraph_format.first_line_indent = Cm(1)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    return paragraph


def _cell_text(
    cell, text: str, *, bold=False, italic=False, size=TABLE_PT, align=None, underline=False
) -> None:
    """Replace a cell's first paragraph text; further lines go in new paragraphs."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    first, *rest = clean_text(text).split("\n")
    paragraph = cell.paragraphs[0]
    for line_no, line in enumerate([first, *rest]):
        if line_no:
            paragraph = cell.add_paragraph()
        run = paragraph.add_run(line)
        run.bold, run.italic, run.underline = bold, italic, underline
        run.font.size = Pt(size)
        paragraph.paragraph_format.space_after = Pt(0)
        if align:
            paragraph.alignment = getattr(WD_ALIGN_PARAGRAPH, align)


def _widths(table, centimetres: tuple[float, ...]) -> None:
    from docx.shared import Cm

    table.autofit = False
    for column, width in zip(table.columns, centimetres, strict=True):
        column.width = Cm(width)  # the grid, which LibreOffice reads
    for row in table.rows:
        for cell, width in zip(row.cells, centimetres, strict=True):
            cell.width = Cm(width)  # Word reads cell widths, not column widths


def _heading_block(document, data: ExportData) -> None:
    """Issuing body top-left, the Party's name and place/date top-right."""
    lang = data.lang
    key, base = _base_name(data.scope.unit.name)
    superior = t(lang, key, name=base.upper()) if key else base.upper()
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    _cell_text(left, superior, size=BODY_PT, align="CENTER")
    _para(left, t(lang, "doc_issuer"), bold=True, align="CENTER")
    _para(left, "*", align="CENTER")
    _para(left, t(lang, "doc_number"), align="CENTER")
    _cell_text(right, t(lang, "doc_party"), bold=True, underline=True, size=15, align="CENTER")
    place_date = t(
        lang,
        "doc_place_date",
        place=base,
        day=f"{data.generated.day:02d}",
        month=f"{data.generated.month:02d}",
        year=data.generated.year,
    )
    _para(right, place_date, italic=True, align="CENTER")
    _widths(table, (7.5, 9.0))


def _title(document, data: ExportData) -> None:
    lang, period = data.lang, data.period
    label = period_label(lang, period)
    if period.kind is PeriodKind.HALF and period.number == 1:
        subject = t(lang, "doc_subject_review", period=label)
    elif period.kind is PeriodKind.YEAR:
        subject = t(lang, "doc_subject_year", period=label)
    else:
        subject = t(lang, "doc_subject_other", period=label)
    _para(document, t(lang, "doc_title"), bold=True, size=16, align="CENTER")
    _para(document, subject, bold=True, align="CENTER")
    _para(document, "-----", align="CENTER")
    intro = t(
        lang,
        "doc_intro",
        start=day(period.start),
        end=day(period.end),
        period=label,
        unit=data.scope.unit.name,
    )
    _para(document, intro, indent=True)
    if data.comparison.current.approved_only:
        _para(document, t(lang, "sum_approved_only"), indent=True)


def _table(document, header: list[str], rows: list[list[str]], widths: tuple[float, ...]):
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        _cell_text(cell, text, bold=True, align="CENTER")
    for values in rows:
        cells = table.add_row().cells
        for n, (cell, text) in enumerate(zip(cells, values, strict=True)):
            _cell_text(cell, text, align=None if n in (1, len(values) - 1) else "CENTER")
    _widths(table, widths)
    return table


def _general(document, data: ExportData) -> None:
    lang, current, previous = data.lang, data.comparison.current, data.comparison.previous
    _para(document, t(lang, "doc_general"), bold=True, indent=True)
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
        reporting=reporting,
    )
    _para(document, text, indent=True)
    rows = []
    for n, code in enumerate(all_types(current, previous), start=1):
        figures = current.type_figures(code)
        earlier = str(previous.type_figures(code).activities) if previous else ""
        detail = type_figures(lang, code, figures)
        rows.append([str(n), type_label(lang, code), number(figures.activities), earlier, detail])
    rows.append(
        [
            "",
            t(lang, "xls_total"),
            number(current.total.activities),
            number(before) if before is not None else "",
            "",
        ]
    )
    header = [t(lang, f"doc_col_{c}") for c in ("no", "type", "activities", "previous", "figures")]
    _table(document, header, rows, (1.2, 5.0, 2.2, 2.0, 6.1))


def _by_unit(document, data: ExportData) -> None:
    lang, current, previous = data.lang, data.comparison.current, data.comparison.previous
    _para(document, t(lang, "doc_by_unit"), bold=True, indent=True)
    earlier = previous_by_unit(previous)
    rows = []
    for n, line in enumerate(current.by_unit, start=1):
        name = t(lang, "sum_own_reports", unit=line.unit.name) if line.own else line.unit.name
        people = f"{number(line.figures.get('participants_vn'))} / " + number(
            line.figures.get("participants_foreign")
        )
        before = number(earlier.get(line.unit.id, 0)) if previous else ""
        rows.append([str(n), name, number(line.figures.activities), before, people])
    header = [t(lang, f"doc_col_{c}") for c in ("no", "unit", "activities", "previous", "people")]
    _table(document, header, rows, (1.2, 6.6, 2.2, 2.0, 4.5))
    if current.silent_units:
        names = ", ".join(u.name for u in current.silent_units)
        _para(document, t(lang, "doc_silent", units=names), indent=True, italic=True)
    if current.countries:
        _para(document, t(lang, "doc_countries"), bold=True, indent=True)
        for c in current.countries:
            text = t(
                lang,
                "doc_country_line",
                country=country_name(lang, c.country),
                activities=number(c.activities),
                foreign=number(c.participants_foreign),
            )
            _para(document, text, indent=True)


def _highlight(document, data: ExportData, row: ReportRow, read_photo: ReadPhoto) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.image.exceptions import UnrecognizedImageError
    from docx.shared import Cm

    lang = data.lang
    when = (
        day(row.start_date)
        if row.end_date == row.start_date
        else (f"{day(row.start_date)} – {day(row.end_date)}")
    )
    place = f", {row.place_name}" if row.place_name else ""
    heading = t(
        lang,
        "doc_highlight_line",
        title=row.title,
        unit=row.unit_name,
        date=when,
        place=place,
        type=type_label(lang, row.activity_type),
    )
    paragraph = _para(document, "", indent=True)
    paragraph.add_run("- ")
    paragraph.add_run(clean_text(heading)).bold = True
    detail = type_figures(lang, row.activity_type, _row_figures(row))
    text = " ".join(part for part in (row.description.strip(), detail) if part)
    if text:
        paragraph.add_run(" " + clean_text(text))
    picture = read_photo(row.photo) if row.photo else None
    if picture:
        try:
            document.add_picture(io.BytesIO(picture), width=Cm(PHOTO_CM))
        except (UnrecognizedImageError, ValueError, OSError):
            return  # an unreadable picture leaves a gap, it never fails the export
        document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _para(document, _caption(data, row), italic=True, size=TABLE_PT, align="CENTER")


def _caption(data: ExportData, row: ReportRow) -> str:
    """'Ảnh: <title>', saying so when the camera put the picture far from the activity."""
    far = far_first_photo(data, row)
    if far is None:
        return t(data.lang, "doc_photo_caption", title=row.title)
    key = "doc_photo_caption_far_unit" if far.from_unit else "doc_photo_caption_far_report"
    return t(data.lang, key, title=row.title, km=number(round(far.farthest_km)))


def _row_figures(row: ReportRow) -> Figures:
    figures = Figures(1)
    figures.sums.update({k: v or 0 for k, v in row.figures.items()})
    return figures


def _closing(document, lang: str) -> None:
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    _cell_text(left, t(lang, "doc_recipients"), bold=True, italic=True, size=12)
    for line in t(lang, "doc_recipient_lines").split("\n"):
        _para(left, line, size=11)
    _cell_text(right, t(lang, "doc_signature_for"), bold=True, align="CENTER", size=BODY_PT)
    _para(right, t(lang, "doc_signature_title"), bold=True, align="CENTER")
    for _ in range(3):
        _para(right, "")
    _para(right, t(lang, "doc_signature_hint"), italic=True, align="CENTER")
    _widths(table, (8.0, 8.5))


def render_docx(data: ExportData, read_photo: ReadPhoto) -> bytes:
    """The draft as .docx bytes; `read_photo` gives a highlight's picture (or None)."""
    from docx import Document

    lang = data.lang
    document = Document()
    _style(document)
    _para(document, t(lang, "doc_draft"), bold=True, size=12, align="RIGHT")
    _heading_block(document, data)
    _title(document, data)
    _para(document, capitalised(t(lang, "doc_section_results")), bold=True)
    _general(document, data)
    _by_unit(document, data)
    _para(document, t(lang, "doc_highlights"), bold=True, indent=True)
    if not data.highlights:
        _para(document, t(lang, "doc_no_highlights"), italic=True, indent=True)
    for row in data.highlights:
        _highlight(document, data, row, read_photo)
    for key in ("doc_section_limits", "doc_section_tasks"):
        _para(document, t(lang, key), bold=True)
        _para(document, t(lang, "doc_fill_in"), italic=True, indent=True)
        _para(document, "." * 120)
    _closing(document, lang)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
