"""Everything an export shows, fetched from models/ in one place before rendering starts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from handlers.geo import FarPhotos, far_photos
from models.aggregates import Comparison, compare
from models.periods import Period
from models.scope import Scope
from models.summary_rows import ReportRow, highlights, report_rows

DEFAULT_MAX_DISTANCE_KM = 30.0
"""MAX_DISTANCE_FROM_UNIT_KM's default; callers pass the setting itself."""


@dataclass
class ExportData:
    """A summary with its comparison, the report rows and the highlighted activities."""

    lang: str
    comparison: Comparison
    generated: date
    rows: list[ReportRow] = field(default_factory=list)
    rows_truncated: bool = False
    highlights: list[ReportRow] = field(default_factory=list)
    max_distance_km: float = DEFAULT_MAX_DISTANCE_KM
    """Photos taken farther than this from a report's point (or its unit's) are marked."""

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
) -> ExportData:
    """Run the queries an export needs (aggregates always; rows and highlights on request);
    `approved_only` counts and lists approved reports only (the file says so)."""
    data = ExportData(lang, await compare(scope, period, against, approved_only), today)
    data.max_distance_km = max_distance_km
    if rows:
        data.rows, data.rows_truncated = await report_rows(
            scope, period, approved_only=approved_only
        )
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
