"""Summary exports: the chart, the spreadsheet, the draft review report and CSV, as bytes.

Kept inside handlers/ because every label comes from the texts catalogue; the functions take
already-fetched data (handlers.summaries.exports.data.gather) and return bytes, so the
chat, the CLI and a future web route for expiring links all serve the same files. Rendering
is synchronous CPU work: callers run it with asyncio.to_thread.
"""

from __future__ import annotations

from handlers.summaries.exports.data import ExportData, file_name, gather
from handlers.summaries.exports.photos import PhotoReader
from handlers.summaries.exports.review_report import render_docx
from handlers.summaries.exports.sheet import render_xlsx
from handlers.summaries.exports.table_csv import render_csv

FORMATS = ("xlsx", "docx", "csv")


def render_export(kind: str, data: ExportData, photos: PhotoReader) -> tuple[bytes, str]:
    """(file bytes, file name) of one export format."""
    if kind == "xlsx":
        content = render_xlsx(data)
    elif kind == "docx":
        content = render_docx(data, photos.display_jpeg)
    elif kind == "csv":
        content = render_csv(data)
    else:
        raise ValueError(f"unknown export format {kind!r}")
    return content, file_name(data, kind)


__all__ = ["FORMATS", "ExportData", "PhotoReader", "gather", "render_export"]
