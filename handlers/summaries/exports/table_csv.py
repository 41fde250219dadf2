"""One row per report as CSV (UTF-8 with BOM so spreadsheet programs read the diacritics),
written row by row as the rows stream in: no cap, memory flat."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import BinaryIO

from handlers.summaries.exports.clean import clean_value
from handlers.summaries.exports.data import ExportData, far_photos_of
from handlers.summaries.exports.labels import type_label
from handlers.summaries.exports.listing import (
    figure_value,
    local_time,
    map_link,
    photo_link,
)
from models.activity_types import FIGURE_FIELDS
from models.summary_rows import ReportRow

COLUMNS = (
    "id",
    "unit_code",
    "unit_name",
    "author",
    "submitted_at",
    "status",
    "activity_type",
    "activity_label",
    "title",
    "start_date",
    "end_date",
    "place_name",
    "latitude",
    "longitude",
    "map_link",
    "counterpart",
    "country",
    "languages",
    *FIGURE_FIELDS,
    "description",
    "photo",
    "photo_count",
    "photo_keys",
    "reused_in",
    "near_duplicate_of",
    "far_photos",
    "far_photo_km",
    "far_from",
)
"""A figure its type does not ask for is empty, never 0. photo: the first photo's thumbnail
key; photo_keys: every photo's storage key, space-separated (paths under MEDIA_DIR, no URL
that would open the evidence to whoever gets the file); reused_in: other reports holding the
very same photo file; near_duplicate_of: reports whose photo looked near-identical when this
one's arrived; far_photos: how many photos were taken more than MAX_DISTANCE_FROM_UNIT_KM
from the report's location ("far_from": location) or, without one, from its unit's point
(unit); far_photo_km: the farthest of them, in whole km."""


def _values(data: ExportData, row: ReportRow) -> list:
    far = far_photos_of(data, row)
    submitted = local_time(row.submitted_at, data.tz)
    lat, lon = row.point if row.point else ("", "")
    return [
        row.id,
        row.unit_code,
        row.unit_name,
        row.author,
        submitted.isoformat(timespec="seconds") if submitted else "",
        row.status,
        row.activity_type,
        type_label(data.lang, row.activity_type),
        row.title,
        row.start_date.isoformat(),
        row.end_date.isoformat(),
        row.place_name,
        lat,
        lon,
        map_link(row),
        row.counterpart,
        row.country,
        row.languages,
        *("" if (v := figure_value(row, f)) is None else v for f in FIGURE_FIELDS),
        row.description,
        photo_link(data, row),
        len(row.photo_keys),
        " ".join(row.photo_keys),
        " ".join(map(str, row.reused_in)),
        " ".join(map(str, row.near_duplicate_of)),
        far.count if far else 0,
        round(far.farthest_km) if far else "",
        ("unit" if far.from_unit else "location") if far else "",
    ]


def write_csv(data: ExportData, rows: Iterable[ReportRow], out: BinaryIO) -> None:
    """Machine-friendly: stable English column names, ISO dates, empty for a missing figure."""
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="", write_through=False)
    try:
        writer = csv.writer(text)
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow([clean_value(v) for v in _values(data, row)])  # no control bytes
        text.flush()
    finally:
        text.detach()  # the caller owns `out`


def render_csv(data: ExportData, rows: Iterable[ReportRow] = ()) -> bytes:
    """The CSV as bytes."""
    buffer = io.BytesIO()
    write_csv(data, rows, buffer)
    return buffer.getvalue()
