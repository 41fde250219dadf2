"""What the spreadsheet and the CSV say about one report, computed once for both writers.

Rows arrive as an iterator (`rows_from_loop` pulls keyset pages from the event loop into the
writing thread), so a writer holds one page at a time however many reports a period has.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime

from handlers.summaries.exports.data import ExportData, RowSource, far_photos_of
from handlers.summaries.exports.labels import number
from handlers.texts import t
from models.activity_types import ACTIVITY_TYPES
from models.report_list import report_page
from models.summary_rows import ReportRow

MAP_URL = "https://www.openstreetmap.org/?mlat={lat:.6f}&mlon={lon:.6f}#map=15/{lat:.6f}/{lon:.6f}"
PAGE_WAIT_SECONDS = 300
"""A page query that takes longer than this has failed: the file is not built half."""

Counted = Callable[[int], None]
"""Told how many rows were written so far (in the writing thread)."""


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


def map_link(row: ReportRow) -> str:
    """The report's point on OpenStreetMap (public map tiles, nothing of the report)."""
    if row.point is None:
        return ""
    lat, lon = row.point
    return MAP_URL.format(lat=lat, lon=lon)


def type_figures(code: str) -> tuple[str, ...]:
    """The figures a type asks for (none for a type no longer configured)."""
    kind = ACTIVITY_TYPES.get(code)
    return tuple(kind.figures) if kind else ()


def figure_value(row: ReportRow, name: str) -> int | None:
    """A figure of the row's type; None (a blank cell, not 0) where its type has none."""
    return row.figures.get(name) if name in type_figures(row.activity_type) else None


def local_time(value: datetime | None, tz) -> datetime | None:
    """A stored time in the configured zone, without tzinfo (spreadsheets have none)."""
    return value.astimezone(tz).replace(tzinfo=None) if value is not None else None


def numbers(values: Iterable[int]) -> str:
    """Report numbers as '#12 #15'."""
    return " ".join(f"#{n}" for n in values)


def rows_from_loop(
    source: RowSource | None, loop: asyncio.AbstractEventLoop, counted: Counted | None = None
) -> Iterator[ReportRow]:
    """The source's rows, for a writer running in a worker thread: each keyset page is read
    by the event loop (where the database connections live) while this thread waits."""
    if source is None:
        return
    try:
        running = asyncio.get_running_loop()
    except RuntimeError:
        running = None
    if running is loop:
        raise RuntimeError("rows_from_loop blocks: call it from a worker thread")
    after, done = 0, 0
    while True:
        query = report_page(
            source.unit_ids, source.period, after, source.page_size, source.approved_only
        )
        page = asyncio.run_coroutine_threadsafe(query, loop).result(PAGE_WAIT_SECONDS)
        if not page:
            return
        yield from page
        after, done = page[-1].id, done + len(page)
        if counted is not None:
            counted(done)


class Ticker:
    """Calls `tell(done)` at most every `every` seconds: a progress line, not a flood."""

    def __init__(
        self, tell: Counted, every: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.tell, self.every, self.clock = tell, every, clock
        self.last = clock()

    def __call__(self, done: int) -> None:
        """A page was written."""
        now = self.clock()
        if now - self.last >= self.every:
            self.last = now
            self.tell(done)
