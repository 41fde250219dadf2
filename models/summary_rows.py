"""Report rows as the exports show them, and the highlighted activities of the review draft.

Reports are read row by row only here and in models/report_list.py (every report of a
period, in keyset pages); highlights are a handful.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from tortoise.expressions import RawSQL
from tortoise.functions import Min

from models.activity_types import FIGURE_FIELDS
from models.aggregates import counted_in, planned_for_these_values
from models.periods import Period
from models.reports import Photo
from models.scope import Scope

CANDIDATE_HIGHLIGHTS = 40
CHUNK = 500  # ids per IN (...) list: far below every driver's parameter limit

# People reached by an activity: the plain sum of the columns that count people.
_REACH_SQL = " + ".join(
    f"COALESCE({name}, 0)"
    for name in (
        "participants_vn",
        "participants_foreign",
        "audience",
        "visitors",
        "trainees",
        "delegation_size",
    )
)


@dataclass(frozen=True, slots=True)
class PhotoRef:
    """Where a report's first photo and its derived copies are stored (copies may be missing)."""

    sha256: str
    storage_key: str
    display_key: str | None = None
    thumb_key: str | None = None
    point: tuple[float, float] | None = None
    """Where the camera says it was taken (EXIF GPS), if it says."""


@dataclass(frozen=True, slots=True)
class ReportRow:
    """One counted report as the spreadsheet and the review draft show it."""

    id: int
    unit_code: str
    unit_name: str
    activity_type: str
    title: str
    start_date: date
    end_date: date
    place_name: str
    counterpart: str
    country: str
    languages: str
    description: str
    figures: dict[str, int | None]
    photo: PhotoRef | None = None
    point: tuple[float, float] | None = None
    """The report's own location, if it has one."""
    unit_point: tuple[float, float] | None = None
    """The reporting unit's point: where photos are expected when the report has none."""
    photo_points: tuple[tuple[float, float], ...] = ()
    """EXIF GPS points of all its photos (only listed rows carry them)."""
    author: str = ""
    submitted_at: datetime | None = None
    status: str = ""
    photo_keys: tuple[str, ...] = ()
    """Storage keys of all its photos: where they are, never a URL that would open them."""
    reused_in: tuple[int, ...] = ()
    """Other reports holding the very same photo file (same SHA-256)."""
    near_duplicate_of: tuple[int, ...] = ()
    """Earlier reports with a near-identical photo, as found when the photo arrived."""


_COLUMNS = (
    "id",
    "unit__code",
    "unit__name",
    "activity_type",
    "title",
    "start_date",
    "end_date",
    "place_name",
    "counterpart",
    "country",
    "languages",
    "description",
    "latitude",
    "longitude",
    "unit__latitude",
    "unit__longitude",
    *FIGURE_FIELDS,
)
LISTED_COLUMNS = (*_COLUMNS, "author__display_name", "submitted_at", "created_at", "status")


PHOTO_COLUMNS = (
    "report_id",
    "sha256",
    "storage_key",
    "display_key",
    "thumb_key",
    "latitude",
    "longitude",
    "reused_from_report_id",
)


def photo_ref(p: dict) -> PhotoRef:
    return PhotoRef(
        p["sha256"],
        p["storage_key"],
        p["display_key"],
        p["thumb_key"],
        _point(p["latitude"], p["longitude"]),
    )


def _point(lat: float | None, lon: float | None) -> tuple[float, float] | None:
    return (lat, lon) if lat is not None and lon is not None else None


def make_row(
    values: dict,
    photo: PhotoRef | None,
    photo_points: list[tuple[float, float]] | None = None,
    **listed: object,
) -> ReportRow:
    return ReportRow(
        id=values["id"],
        unit_code=values["unit__code"],
        unit_name=values["unit__name"],
        activity_type=values["activity_type"],
        title=values["title"],
        start_date=values["start_date"],
        end_date=values["end_date"],
        place_name=values["place_name"],
        counterpart=values["counterpart"],
        country=values["country"],
        languages=values["languages"],
        description=values["description"],
        figures={name: values[name] for name in FIGURE_FIELDS},
        photo=photo,
        point=_point(values["latitude"], values["longitude"]),
        unit_point=_point(values["unit__latitude"], values["unit__longitude"]),
        photo_points=tuple(photo_points or ()),
        **listed,  # type: ignore[arg-type]
    )


async def first_photos(report_ids: list[int]) -> dict[int, PhotoRef]:
    """The earliest photo of each report that has one."""
    found: dict[int, PhotoRef] = {}
    for i in range(0, len(report_ids), CHUNK):
        chunk = report_ids[i : i + CHUNK]
        firsts = (
            await Photo.filter(report_id__in=chunk)
            .annotate(first=Min("id"))
            .group_by("report_id")
            .values_list("first", flat=True)
        )
        photos = await Photo.filter(id__in=list(firsts)).values(*PHOTO_COLUMNS)
        found |= {p["report_id"]: photo_ref(p) for p in photos}
    return found


async def highlights(
    scope: Scope, period: Period, limit: int = 5, approved_only: bool = False
) -> list[ReportRow]:
    """Notable activities for the review draft: those reaching most people, one per type,
    preferring those with a photo."""
    async with planned_for_these_values():
        values = (
            await (await counted_in(scope, period, approved_only))
            .annotate(reach=RawSQL(_REACH_SQL))
            .order_by("-reach", "start_date", "id")
            .limit(CANDIDATE_HIGHLIGHTS)
            .values(*_COLUMNS)
        )
    photos = await first_photos([v["id"] for v in values])
    ranked = sorted(values, key=lambda v: v["id"] not in photos)  # stable: keeps reach order
    chosen: list[ReportRow] = []
    seen_types: set[str] = set()
    for v in ranked:
        if v["activity_type"] in seen_types:
            continue
        seen_types.add(v["activity_type"])
        chosen.append(make_row(v, photos.get(v["id"])))
        if len(chosen) == limit:
            break
    return sorted(chosen, key=lambda r: (r.start_date, r.id))
