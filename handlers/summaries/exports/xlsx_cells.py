"""Cells of a write-only workbook: cleaned values, the header look, sheet names, printing."""

from __future__ import annotations

import re

from handlers.summaries.exports.clean import clean_text, clean_value

_SHEET_NAME_BAD = re.compile(r"[\\/?*\[\]:]")
SHEET_NAME_MAX = 31  # Excel's limit


def cells(sheet, values: list, style: dict | None = None) -> list:
    """One row's cells, text cleaned and never a formula: a title typed as '=…' stays text."""
    from openpyxl.cell import WriteOnlyCell

    row = []
    for value in values:
        cell = WriteOnlyCell(sheet, clean_value(value))
        if cell.data_type == "f":
            cell.data_type = "s"
        for name, setting in (style or {}).items():
            setattr(cell, name, setting)
        row.append(cell)
    return row


def header_style() -> dict:
    """Bold on light blue, wrapped: the look of every table's first row."""
    from openpyxl.styles import Alignment, Font, PatternFill

    return {
        "font": Font(bold=True),
        "fill": PatternFill("solid", fgColor="DDEBF7"),
        "alignment": Alignment(wrap_text=True, vertical="top"),
    }


def sheet_name(label: str, taken: set[str]) -> str:
    """A unique name within Excel's 31 characters, shortened at a comma or between words
    (with '…'), never inside a word."""
    base = _SHEET_NAME_BAD.sub(" ", clean_text(label)).strip() or "-"
    name, n = _shortened(base, SHEET_NAME_MAX), 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name, n = _shortened(base, SHEET_NAME_MAX - len(suffix)) + suffix, n + 1
    taken.add(name.lower())
    return name


def _shortened(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    head = text[:limit]
    if "," in head:
        return head[: head.rindex(",")].strip()
    words = text[: limit - 1].rsplit(" ", 1)
    kept = words[0] if len(words) > 1 and text[limit - 1] != " " else text[: limit - 1]
    return kept.rstrip(" ,;-–") + "…"


def print_setup(sheet, title_rows: str | None = None) -> None:
    """Landscape A4, fit to one page wide, the header row repeated on every printed page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = "9"  # A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as it takes
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    if title_rows:
        sheet.print_title_rows = title_rows
