"""Everything an export shows, fetched from models/ in one place before rendering starts."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo

from handlers.geo import FarPhotos, far_photos
from models.aggregates import Comparison, compare, scope_units
from models.periods import Period
from models.report_list import PAGE_SIZE, report_pages
from models.scope import Scope
from models.summary_rows import ReportRow, highlights

DEFAULT_MAX_DISTANCE_KM = 30.0
"""MAX_DISTANCE_FROM_UNIT_KM's default; callers pass the setting itself."""


@dataclass(frozen=True)
class RowSource:
    """Which reports an export lists, read page by page when the file is written: after the
    update's transaction, so a long file holds no database lock (and may include a report
    filed meanwhile, which the figures, read inside it, do not count)."""

    unit_ids: list[int]
    period: Period
    approved_only: bool = False
    expected: int = 0
    """How many the figures counted: the progress line's total."""
    page_size: int = PAGE_SIZE

    def pages(self) -> AsyncIterator[list[ReportRow]]:
        """The reports in id order, one page at a time."""
        return report_pages(self.unit_ids, self.period, self.approved_only, self.page_size)


@dataclass
class ExportData:
    """A summary with its comparison, where its report rows come from, and the highlights."""

    lang: str
    comparison: Comparison
    generated: date
    rows: RowSource | None = None
    highlights: list[ReportRow] = field(default_factory=list)
    max_distance_km: float = DEFAULT_MAX_DISTANCE_KM
    """Photos taken farther than this from a report's point (or its unit's) are marked."""
    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Ho_Chi_Minh"))
    """TIMEZONE: submission times are shown in it."""

    @property
    def scope(self) -> Scope:
        """Whose figures these are."""
        return self.comparison.current.scope

    @property
    def period(self) -> Period:
        """The period asked about."""
        return self.comparison.current.period


async def gather(
    scope: Scope,
    period: Period,
    against: Period | None,
    *,
    lang: str,
    today: date,
    rows: bool = True,
    notable: bool = True,
    max_distance_km: float = DEFAULT_MAX_DISTANCE_KM,
    approved_only: bool = False,
    tz: ZoneInfo | None = None,
) -> ExportData:
    """Run the queries an export needs (aggregates always, highlights on request; the rows
    only say where they come from); `approved_only` counts and lists approved reports only."""
    data = ExportData(lang, await compare(scope, period, against, approved_only), today)
    data.max_distance_km = max_distance_km
    data.tz = tz or data.tz
    if rows:
        units = [u.id for u in await scope_units(scope)]
        expected = data.comparison.current.total.activities
        data.rows = RowSource(units, period, approved_only, expected)
    if notable:
        data.highlights = await highlights(scope, period, approved_only=approved_only)
    return data


def far_photos_of(data: ExportData, row: ReportRow) -> FarPhotos | None:
    """The row's photos taken far from its location (or its unit's, when it has none),
    measured from the stored points at export time: no flag that could go stale."""
    return far_photos(row.photo_points, row.point, row.unit_point, data.max_distance_km)


def far_first_photo(data: ExportData, row: ReportRow) -> FarPhotos | None:
    """Whether the photo the review draft shows for the row was taken far away."""
    if row.photo is None:
        return None
    return far_photos([row.photo.point], row.point, row.unit_point, data.max_distance_km)


def file_name(data: ExportData, extension: str) -> str:
    """tonghop_<UNIT>_<period>[_daduyet].<ext>, safe on every file system (a CSV has no
    heading line, so its name tells that only approved reports are in it)."""
    raw = f"tonghop_{data.scope.unit.code}_{data.period.code.replace('..', '_')}"
    raw += "_daduyet" if data.comparison.current.approved_only else ""
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", raw) + f".{extension}"
