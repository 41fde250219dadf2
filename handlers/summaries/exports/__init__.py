"""Summary exports: the chart, the spreadsheet, the draft review report and CSV, as bytes.

Kept inside handlers/ because every label comes from the texts catalogue; the functions take
already-fetched data (handlers.summaries.exports.data.gather) and return bytes, so the
chat, the CLI and a future web route for expiring links all serve the same files. Rendering
is synchronous CPU work: callers run it in a worker thread, which pulls the report rows
page by page from the event loop (`rows_from_loop`), so a file of any size holds one page.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Iterable
from typing import BinaryIO

from handlers.summaries.exports.data import ExportData, file_name, gather
from handlers.summaries.exports.listing import Counted, rows_from_loop
from handlers.summaries.exports.photos import PhotoReader
from handlers.summaries.exports.review_report import render_docx
from handlers.summaries.exports.sheet import write_xlsx
from handlers.summaries.exports.table_csv import write_csv
from models.summary_rows import ReportRow

FORMATS = ("xlsx", "docx", "csv")


def write_export(
    kind: str, data: ExportData, photos: PhotoReader, out: BinaryIO, rows: Iterable[ReportRow]
) -> str:
    """Write one export format into `out` (the rows as they come); returns the file name."""
    if kind == "xlsx":
        write_xlsx(data, rows, out)
    elif kind == "docx":
        out.write(render_docx(data, photos.display_jpeg))
    elif kind == "csv":
        write_csv(data, rows, out)
    else:
        raise ValueError(f"unknown export format {kind!r}")
    return file_name(data, kind)


def render_export(
    kind: str, data: ExportData, photos: PhotoReader, rows: Iterable[ReportRow] = ()
) -> tuple[bytes, str]:
    """(file bytes, file name) of one export format."""
    buffer = io.BytesIO()
    name = write_export(kind, data, photos, buffer, rows)
    return buffer.getvalue(), name


def render_in_thread(
    kind: str,
    data: ExportData,
    photos: PhotoReader,
    loop: asyncio.AbstractEventLoop,
    counted: Counted | None = None,
) -> tuple[bytes, str]:
    """From a worker thread: the file, its rows read page by page on `loop`."""
    return render_export(kind, data, photos, rows_from_loop(data.rows, loop, counted))


async def export_file(
    kind: str, data: ExportData, photos: PhotoReader, counted: Counted | None = None
) -> tuple[bytes, str]:
    """The file built in a worker thread (for the CLI and tests; the chat defers it)."""
    loop = asyncio.get_running_loop()
    return await asyncio.to_thread(render_in_thread, kind, data, photos, loop, counted)


__all__ = [
    "FORMATS",
    "ExportData",
    "PhotoReader",
    "export_file",
    "gather",
    "render_export",
    "render_in_thread",
    "write_export",
]
