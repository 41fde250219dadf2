"""The spreadsheet: a summary sheet, then one sheet per activity type listing its reports.

Synchronous (openpyxl): call through asyncio.to_thread. Numbers are written as numbers so
people can re-sum and filter them.
"""

from __future__ import annotations

import io
import re

from handlers.summaries.exports.clean import clean_text, clean_value
from handlers.summaries.exports.data import ExportData, far_photos_of
from handlers.summaries.exports.labels import (
    all_types,
    capitalised,
    country_name,
    day,
    figure_label,
    number,
    period_label,
    previous_by_unit,
    type_label,
)
from handlers.texts import specific, t
from models.activity_types import ACTIVITY_TYPES, FIGURE_FIELDS
from models.summary_rows import ReportRow

_SHEET_NAME_BAD = re.compile(r"[\\/?*\[\]:]")
SHEET_NAME_MAX = 31  # Excel's limit


def photo_link(data: ExportData, row: ReportRow) -> str:
    """The report's thumbnail as its path under MEDIA_DIR.

    Not a public URL on purpose: a route serving evidence photos by key would bypass who may
    see which unit's reports. Signed, expiring per-photo links are the way to add one.
    """
    if row.photo is None:
        return ""
    return row.photo.thumb_key or row.photo.display_key or row.photo.storage_key


def far_mark(data: ExportData, row: ReportRow) -> str | None:
    """'1 ảnh cách vị trí báo cáo 8.925 km' for photos taken far away; empty otherwise."""
    far = far_photos_of(data, row)
    if far is None:
        return None
    key = "xls_photo_far_unit" if far.from_unit else "xls_photo_far_report"
    return t(data.lang, key, far=far.count, km=number(round(far.farthest_km)))


def _append(sheet, values: list) -> None:
    """One row, its text cleaned, and never a formula: a title typed as '=…' stays text."""
    sheet.append([clean_value(v) for v in values])
    for cell in sheet[sheet.max_row]:
        if cell.data_type == "f":
            cell.data_type = "s"


def _sheet_name(label: str, taken: set[str]) -> str:
    base = _SHEET_NAME_BAD.sub(" ", clean_text(label))[:SHEET_NAME_MAX].strip() or "-"
    name, n = base, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name, n = base[: SHEET_NAME_MAX - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def _header(sheet, values: list[str]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    _append(sheet, values)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _summary_sheet(sheet, data: ExportData) -> None:
    from openpyxl.styles import Font

    lang, current, previous = data.lang, data.comparison.current, data.comparison.previous
    label = period_label(lang, data.period)
    _append(sheet, [t(lang, "xls_title", period=label, unit=data.scope.unit.name)])
    sheet["A1"].font = Font(bold=True, size=14)
    _append(sheet, [t(lang, "xls_dates", start=day(data.period.start), end=day(data.period.end))])
    if previous:
        _append(sheet, [t(lang, "xls_compared", period=period_label(lang, previous.period))])
    if current.approved_only:
        _append(sheet, [t(lang, "sum_approved_only")])
    _append(sheet, [t(lang, "xls_generated", day=day(data.generated))])
    _append(sheet, [])
    same = t(lang, "xls_col_previous")
    _header(
        sheet,
        [t(lang, "xls_col_type"), t(lang, "xls_col_activities"), same, t(lang, "xls_col_diff")]
        + [figure_label(lang, f) for f in FIGURE_FIELDS],
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
    )
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    _append(sheet, [])
    _header(
        sheet,
        [
            t(lang, "xls_col_unit"),
            t(lang, "xls_col_activities"),
            same,
            t(lang, "xls_col_diff"),
            figure_label(lang, "participants_vn"),
            figure_label(lang, "participants_foreign"),
        ],
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
    _header(
        sheet,
        [
            t(lang, "xls_col_country"),
            t(lang, "xls_col_activities"),
            figure_label(lang, "participants_foreign"),
            figure_label(lang, "delegation_size"),
        ],
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
    if data.rows_truncated:
        _append(sheet, [t(lang, "xls_truncated", count=len(data.rows))])
    sheet.column_dimensions["A"].width = 48
    for column in "BCDEFGHIJKLMNOP":
        sheet.column_dimensions[column].width = 14


def _type_sheet(sheet, data: ExportData, code: str, rows: list[ReportRow]) -> None:
    lang = data.lang
    kind = ACTIVITY_TYPES.get(code)
    figures = list(kind.figures) if kind else []
    _header(
        sheet,
        [t(lang, f"xls_col_{name}") for name in ("number", "start", "end", "unit", "title")]
        + [t(lang, "xls_col_place"), t(lang, specific("xls_col_counterpart", code))]
        + [t(lang, "xls_col_country")]
        + [figure_label(lang, f) for f in figures]
        + [t(lang, "xls_col_photo"), t(lang, "xls_col_photo_far")],
    )
    for row in rows:
        link = photo_link(data, row)
        _append(
            sheet,
            [row.id, row.start_date, row.end_date, row.unit_name, row.title, row.place_name]
            + [row.counterpart, country_name(lang, row.country) if row.country else ""]
            + [row.figures.get(f) for f in figures]
            + [link, far_mark(data, row)],
        )
        cells = sheet[sheet.max_row]
        for cell in cells[1:3]:
            cell.number_format = "DD/MM/YYYY"
        if link.startswith(("http://", "https://")):
            cells[-2].hyperlink = link
            cells[-2].style = "Hyperlink"
    sheet.freeze_panes = "A2"
    for column, width in zip("ABCDEFGH", (8, 12, 12, 30, 40, 24, 24, 14), strict=True):
        sheet.column_dimensions[column].width = width


def render_xlsx(data: ExportData) -> bytes:
    """The workbook as bytes."""
    from openpyxl import Workbook

    book = Workbook()
    summary = book.active
    taken: set[str] = set()
    summary.title = _sheet_name(capitalised(t(data.lang, "xls_sheet_summary")), taken)
    _summary_sheet(summary, data)
    by_type: dict[str, list[ReportRow]] = {}
    for row in data.rows:
        by_type.setdefault(row.activity_type, []).append(row)
    for code in [c for c in ACTIVITY_TYPES if c in by_type] + sorted(
        set(by_type) - set(ACTIVITY_TYPES)
    ):
        sheet = book.create_sheet(_sheet_name(type_label(data.lang, code), taken))
        _type_sheet(sheet, data, code, by_type[code])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
