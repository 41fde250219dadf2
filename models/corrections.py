"""Correcting a filed report: a draft filled from it, and its photos handed over at Gửi."""

from __future__ import annotations

from models import directory
from models.activity_types import ACTIVITY_TYPES
from models.people import Person
from models.reports import Photo, Report
from models.schemas import Draft, DraftLocation

PHOTO_FACTS = (
    "sha256",
    "storage_key",
    "mime",
    "size_bytes",
    "media_group_id",
    "display_key",
    "thumb_key",
    "width",
    "height",
    "taken_at",
    "latitude",
    "longitude",
    "dhash",
    "dhash_band0",
    "dhash_band1",
    "dhash_band2",
    "dhash_band3",
    "reused_from_report_id",
)
"""The Photo columns a copy keeps: the same stored files and facts, only the row is new."""


async def authored_report(person: Person, report_id: int) -> Report | None:
    """The person's own report with this number; None for a missing one and for another's
    alike, so the answer does not tell them apart."""
    return await Report.get_or_none(id=report_id, author_id=person.id)


async def draft_from_report(report: Report) -> Draft:
    """A draft holding every answer of the report, bound to its number and revision."""
    kind = ACTIVITY_TYPES[report.activity_type]
    return Draft(
        unit_id=report.unit_id,
        activity_type=report.activity_type,
        title=report.title,
        start_date=report.start_date,
        end_date=report.end_date,
        place_name=report.place_name,
        location=await _location(report),
        figures={f: getattr(report, f) for f in kind.figures if getattr(report, f) is not None},
        counterpart=report.counterpart if kind.counterpart else None,
        country=report.country if kind.country else None,
        languages=[c for c in report.languages.split(",") if c] if kind.languages else None,
        description=report.description,
        photos_done=True,
        report_id=report.id,
        report_revision=report.revision,
    )


async def _location(report: Report) -> DraftLocation:
    """The stored point and how it was given; a known place gets its name back for the card."""
    source = report.location_source
    if source not in ("shared", "typed", "known_place", "photo") or report.latitude is None:
        return DraftLocation(source="skipped")
    place = ""
    if source == "known_place":
        places = await directory.places_of(report.unit_id)
        named = [
            p.name
            for p in places
            if (p.latitude, p.longitude) == (report.latitude, report.longitude)
        ]
        place = named[0] if named else report.place_name
    return DraftLocation(
        source=source, latitude=report.latitude, longitude=report.longitude, place=place
    )


async def copy_report_photos(report_id: int, draft_key: str) -> int:
    """New draft rows for the report's photos (same files); the report's rows stay untouched
    until Gửi, so Huỷ or a refused correction leaves the report as it was."""
    rows = await Photo.filter(report_id=report_id).order_by("id").values(*PHOTO_FACTS)
    for row in rows:
        await Photo.create(draft_key=draft_key, **row)
    return len(rows)


async def replace_report_photos(report_id: int, draft_key: str) -> None:
    """Make the report's photos those of the correction draft.

    A photo kept in the draft keeps its original row (same id, same received time, so links
    and exports naming it stay right) and its draft copy goes; a removed one loses its row
    (the content-addressed file may be shared, so it stays); an added one joins the report.
    """
    drafted = await Photo.filter(draft_key=draft_key, report_id__isnull=True).values_list(
        "sha256", flat=True
    )
    await Photo.filter(report_id=report_id).exclude(sha256__in=list(drafted)).delete()
    kept = await Photo.filter(report_id=report_id).values_list("sha256", flat=True)
    await Photo.filter(draft_key=draft_key, report_id__isnull=True, sha256__in=list(kept)).delete()
    await Photo.filter(draft_key=draft_key, report_id__isnull=True).update(report_id=report_id)
