"""The spreadsheet: a summary sheet, then one sheet per activity type listing its reports.

A write-only workbook (openpyxl streams each sheet's rows to a temporary file), so memory
stays flat however many reports are listed. Synchronous: run it in a worker thread. Numbers
are written as numbers so people can re-sum and filter them.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import BinaryIO

from handlers.summaries.exports.data import ExportData
from handlers.summaries.exports.labels import (
    all_types,
    capitalised,
    country_name,
    day,
    figure_label,
    period_label,
    previous_by_unit,
    type_label,
)
from handlers.summaries.exports.report_sheets import write_report_sheets
from handlers.summaries.exports.xlsx_cells import cells, header_style, print_setup, sheet_name
from handlers.texts import t
from models.activity_types import FIGURE_FIELDS
from models.summary_rows import ReportRow


def _append(sheet, values: list, style: dict | None = None) -> None:
    sheet.append(cells(sheet, values, style))


def _summary_sheet(sheet, data: ExportData) -> None:
    from openpyxl.styles import Font

    # A write-only sheet takes its column widths and print setup before its first row.
    sheet.column_dimensions["A"].width = 48
    for column in "BCDEFGHIJKLMNOP":
        sheet.column_dimensions[column].width = 14
    print_setup(sheet)

    lang, current, previous = data.lang, data.comparison.current, data.comparison.previous
    label = period_label(lang, data.period)
    title = t(lang, "xls_title", period=label, unit=data.scope.unit.name)
    _append(sheet, [title], {"font": Font(bold=True, size=14)})
    _append(sheet, [t(lang, "xls_dates", start=day(data.period.start), end=day(data.period.end))])
    if previous:
        _append(sheet, [t(lang, "xls_compared", period=period_label(lang, previous.period))])
    if current.approved_only:
        _append(sheet, [t(lang, "sum_approved_only")])
    _append(sheet, [t(lang, "xls_generated", day=day(data.generated))])
    _append(sheet, [])
    same = t(lang, "xls_col_previous")
    _append(
        sheet,
        [t(lang, "xls_col_type"), t(lang, "xls_col_activities"), same, t(lang, "xls_col_diff")]
        + [figure_label(lang, f) for f in FIGURE_FIELDS],
        header_style(),
    )
    for code in all_types(current, previous):
        now = current.type_figures(code)
        before = previous.type_figures(code).activities if previous else None
        diff = now.activities - before if before is not None else None
        _append(
            sheet,
            [type_label(lang, code), now.activities, before, diff]
            + [now.get(f) for f in FIGURE_FIELDS],
        )
    before_total = previous.total.activities if previous else None
    total_diff = current.total.activities - before_total if before_total is not None else None
    _append(
        sheet,
        [t(lang, "xls_total"), current.total.activities, before_total, total_diff]
        + [current.total.get(f) for f in FIGURE_FIELDS],
        {"font": Font(bold=True)},
    )
    _append(sheet, [])
    _append(
        sheet,
        [
            t(lang, "xls_col_unit"),
            t(lang, "xls_col_activities"),
            same,
            t(lang, "xls_col_diff"),
            figure_label(lang, "participants_vn"),
            figure_label(lang, "participants_foreign"),
        ],
        header_style(),
    )
    before_units = previous_by_unit(previous)
    for line in current.by_unit:
        before = before_units.get(line.unit.id, 0) if previous else None
        name = t(lang, "sum_own_reports", unit=line.unit.name) if line.own else line.unit.name
        diff = line.figures.activities - before if before is not None else None
        _append(
            sheet,
            [
                name,
                line.figures.activities,
                before,
                diff,
                line.figures.get("participants_vn"),
                line.figures.get("participants_foreign"),
            ],
        )
    _append(sheet, [])
    _append(
        sheet,
        [
            t(lang, "xls_col_country"),
            t(lang, "xls_col_activities"),
            figure_label(lang, "participants_foreign"),
            figure_label(lang, "delegation_size"),
        ],
        header_style(),
    )
    for c in current.countries:
        _append(
            sheet,
            [
                country_name(lang, c.country),
                c.activities,
                c.participants_foreign,
                c.delegation_size,
            ],
        )
    _append(sheet, [])
    silent = ", ".join(u.name for u in current.silent_units) or t(lang, "sum_none")
    _append(sheet, [t(lang, "xls_silent", units=silent)])


def write_xlsx(data: ExportData, rows: Iterable[ReportRow], out: BinaryIO) -> None:
    """The workbook into `out`: the summary, then the listed rows sheet by sheet as they come."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    taken: set[str] = set()
    summary = book.create_sheet(sheet_name(capitalised(t(data.lang, "xls_sheet_summary")), taken))
    _summary_sheet(summary, data)
    write_report_sheets(book, data, rows, taken)
    book.save(out)


def render_xlsx(data: ExportData, rows: Iterable[ReportRow] = ()) -> bytes:
    """The workbook as bytes."""
    buffer = io.BytesIO()
    write_xlsx(data, rows, buffer)
    return buffer.getvalue()
