"""One row per report as CSV (UTF-8 with BOM so spreadsheet programs read the diacritics)."""

from __future__ import annotations

import csv
import io

from handlers.summaries.exports.clean import clean_value
from handlers.summaries.exports.data import ExportData, far_photos_of
from handlers.summaries.exports.labels import type_label
from handlers.summaries.exports.sheet import photo_link
from models.activity_types import FIGURE_FIELDS

COLUMNS = (
    "id",
    "unit_code",
    "unit_name",
    "activity_type",
    "activity_label",
    "title",
    "start_date",
    "end_date",
    "place_name",
    "counterpart",
    "country",
    "languages",
    *FIGURE_FIELDS,
    "photo",
    "far_photos",
    "far_photo_km",
    "far_from",
)
"""far_photos: how many photos were taken more than MAX_DISTANCE_FROM_UNIT_KM from the
report's location ("far_from": location) or, without one, from its unit's point (unit);
far_photo_km: the farthest of them, in whole km."""


def render_csv(data: ExportData) -> bytes:
    """Machine-friendly: stable English column names, ISO dates, empty for a missing figure."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for row in data.rows:
        far = far_photos_of(data, row)
        values = [
            row.id,
            row.unit_code,
            row.unit_name,
            row.activity_type,
            type_label(data.lang, row.activity_type),
            row.title,
            row.start_date.isoformat(),
            row.end_date.isoformat(),
            row.place_name,
            row.counterpart,
            row.country,
            row.languages,
            *("" if row.figures.get(f) is None else row.figures[f] for f in FIGURE_FIELDS),
            photo_link(data, row),
            far.count if far else 0,
            round(far.farthest_km) if far else "",
            ("unit" if far.from_unit else "location") if far else "",
        ]
        writer.writerow([clean_value(v) for v in values])  # no control bytes for readers
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
