"""The spreadsheet's listing: one sheet per activity type, every report a row, as rows come.

The sheets are opened up front for the types the figures counted (in the catalogue's
order) and written side by side while the rows stream in id order; a type that only shows
up in the rows (filed after the figures were read) gets its sheet at the end.
"""

from __future__ import annotations

from collections.abc import Iterable

from handlers.summaries.exports.data import ExportData
from handlers.summaries.exports.labels import country_name, figure_label, type_label
from handlers.summaries.exports.listing import (
    far_mark,
    local_time,
    map_link,
    numbers,
    type_figures,
)
from handlers.summaries.exports.xlsx_cells import cells, header_style, print_setup, sheet_name
from handlers.texts import specific, t
from models.activity_types import ACTIVITY_TYPES
from models.summary_rows import ReportRow

_FIXED = ("number", "unit", "author", "submitted", "status", "type", "title", "start", "end")
_PLACE = ("place", "latitude", "longitude", "map")
_AFTER = ("description", "photo_count", "photo_keys", "reused", "near_duplicate", "photo_far")
_WIDTHS = {"title": 40, "unit": 28, "author": 22, "place": 24, "map": 24, "description": 60}
_WIDTHS |= {"counterpart": 24, "photo_keys": 40, "submitted": 17, "type": 24}


class ReportSheets:
    """The open listing sheets of one workbook, by activity type."""

    def __init__(self, book, data: ExportData, taken: set[str]) -> None:
        self.book, self.data, self.taken = book, data, taken
        self.sheets: dict[str, object] = {}

    def sheet(self, code: str):
        """The type's sheet, opened with its header on first use."""
        if code not in self.sheets:
            sheet = self.book.create_sheet(sheet_name(type_label(self.data.lang, code), self.taken))
            self._start(sheet, code)
            self.sheets[code] = sheet
        return self.sheets[code]

    def _start(self, sheet, code: str) -> None:
        """Widths, printing and the frozen, repeated header: before any row (write-only)."""
        from openpyxl.utils import get_column_letter

        names = _columns(code)
        for i, name in enumerate(names, start=1):
            sheet.column_dimensions[get_column_letter(i)].width = _WIDTHS.get(name, 12)
        sheet.freeze_panes = "A2"
        print_setup(sheet, "1:1")
        lang = self.data.lang
        labels = [
            figure_label(lang, name[4:])
            if name.startswith("fig:")
            else t(lang, specific("xls_col_counterpart", code))
            if name == "counterpart"
            else t(lang, f"xls_col_{name}")
            for name in names
        ]
        sheet.append(cells(sheet, labels, header_style()))

    def add(self, row: ReportRow) -> None:
        """One report as a row of its type's sheet."""
        sheet = self.sheet(row.activity_type)
        written = cells(sheet, _values(self.data, row))
        for cell in written[7:9]:
            cell.number_format = "DD/MM/YYYY"
        written[3].number_format = "DD/MM/YYYY HH:MM"
        sheet.append(written)


def _columns(code: str) -> list[str]:
    figures = [f"fig:{name}" for name in type_figures(code)]
    return [*_FIXED, *_PLACE, "counterpart", "country", "languages", *figures, *_AFTER]


def _values(data: ExportData, row: ReportRow) -> list:
    lang = data.lang
    lat, lon = row.point if row.point else (None, None)
    return [
        row.id,
        row.unit_name,
        row.author,
        local_time(row.submitted_at, data.tz),
        t(lang, f"status_{row.status}") if row.status else "",
        type_label(lang, row.activity_type),
        row.title,
        row.start_date,
        row.end_date,
        row.place_name,
        lat,
        lon,
        map_link(row),
        row.counterpart,
        country_name(lang, row.country) if row.country else "",
        row.languages,
        *(row.figures.get(name) for name in type_figures(row.activity_type)),
        row.description,
        len(row.photo_keys),
        "\n".join(row.photo_keys),
        numbers(row.reused_in),
        numbers(row.near_duplicate_of),
        far_mark(data, row),
    ]


def write_report_sheets(book, data: ExportData, rows: Iterable[ReportRow], taken: set[str]):
    """A sheet per type the figures counted, then every row into its type's sheet."""
    sheets = ReportSheets(book, data, taken)
    counted = data.comparison.current
    for code in ACTIVITY_TYPES:
        if data.rows is not None and counted.type_figures(code).activities:
            sheets.sheet(code)
    for row in rows:
        sheets.add(row)
    return sheets
