"""A highlighted activity in the draft review report: what was done, its figures, its photo."""

from __future__ import annotations

import io
from collections.abc import Callable

from handlers.summaries.exports.clean import clean_text
from handlers.summaries.exports.data import ExportData, far_first_photo
from handlers.summaries.exports.docx_parts import TABLE_PT, para
from handlers.summaries.exports.labels import day, number, type_figures, type_label
from handlers.texts import t
from models.aggregates import Figures
from models.summary_rows import PhotoRef, ReportRow

PHOTO_CM = 11
ReadPhoto = Callable[[PhotoRef], bytes | None]


def highlight(document, data: ExportData, row: ReportRow, read_photo: ReadPhoto) -> None:
    """One activity: its heading in bold, then description and figures as sentences, then
    its photo with a caption (an unreadable photo leaves a gap)."""
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
    paragraph = para(document, "", indent=True)
    paragraph.add_run("- ")
    paragraph.add_run(clean_text(heading)).bold = True
    detail = type_figures(lang, row.activity_type, _row_figures(row))
    text = " ".join(_sentence(part) for part in (row.description, detail) if part.strip())
    if text:
        paragraph.add_run(" " + clean_text(text))
    picture = read_photo(row.photo) if row.photo else None
    if picture:
        try:
            document.add_picture(io.BytesIO(picture), width=Cm(PHOTO_CM))
        except (UnrecognizedImageError, ValueError, OSError):
            return  # an unreadable picture leaves a gap, it never fails the export
        document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        document.paragraphs[-1].paragraph_format.keep_with_next = True  # with its caption
        para(document, _caption(data, row), italic=True, size=TABLE_PT, align="CENTER")


def _caption(data: ExportData, row: ReportRow) -> str:
    """'Ảnh: <title>', saying so when the camera put the picture far from the activity."""
    far = far_first_photo(data, row)
    if far is None:
        return t(data.lang, "doc_photo_caption", title=row.title)
    key = "doc_photo_caption_far_unit" if far.from_unit else "doc_photo_caption_far_report"
    return t(data.lang, key, title=row.title, km=number(round(far.farthest_km)))


def _sentence(text: str) -> str:
    """The text ending in a full stop (unless it ends in its own punctuation), so a
    description never runs into the figures that follow it."""
    text = text.strip()
    return text if text.endswith((".", "!", "?", "…")) else text.rstrip(",;:") + "."


def _row_figures(row: ReportRow) -> Figures:
    figures = Figures(1)
    figures.sums.update({k: v or 0 for k, v in row.figures.items()})
    return figures
