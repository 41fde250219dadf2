"""Reports and their photos: submit a draft, list, withdraw, and the audit trail."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q

from models import review, rollups
from models.activity_types import ACTIVITY_TYPES
from models.people import Person
from models.reports import AuditEvent, Photo, Report, ReportStatus
from models.schemas import Draft


@dataclass(frozen=True, slots=True)
class Periods:
    """The period keys a start date falls in (Vietnamese calendar date)."""

    month: int
    quarter: int
    half: int
    year: int


def periods_of(day: date) -> Periods:
    """Integer keys like 202603 (month), 20261 (quarter 1), 20261 (half 1), 2026."""
    quarter = (day.month - 1) // 3 + 1
    half = 1 if day.month <= 6 else 2
    return Periods(
        day.year * 100 + day.month, day.year * 10 + quarter, day.year * 10 + half, day.year
    )


async def submit_draft(
    draft: Draft,
    author: Person,
    channel: str,
    external_id: str = "",
    now: datetime | None = None,
) -> tuple[Report, bool]:
    """Create the report from a complete draft and attach its photos.

    Returns (report, created). The draft key is unique on reports, so a second Gửi — from a
    double press, a redelivered update or another worker — finds the first report instead.
    `external_id` is the account it is filed from (notices about it go there first).
    """
    existing = await Report.get_or_none(submit_key=draft.key)
    if existing:
        return existing, False
    values = report_values(draft, author, channel, external_id=external_id, now=now)
    try:
        report = await Report.create(**values)
    except IntegrityError:
        return await Report.get(submit_key=draft.key), False
    await rollups.report_added(report)
    await attach_draft_photos(draft.key, report.id)
    await record(author, "submit", report)
    return report, True


def report_values(
    draft: Draft,
    author: Person,
    channel: str,
    *,
    external_id: str = "",
    now: datetime | None = None,
) -> dict[str, object]:
    """The report's columns from a complete draft: one place, so every way of filing (the
    conversation, the demo loader's bulk insert) stores rows of the same shape."""
    assert draft.start_date and draft.activity_type and draft.unit_id and draft.title
    kind = ACTIVITY_TYPES[draft.activity_type]
    periods = periods_of(draft.start_date)
    location = draft.location
    figures = {name: draft.figures.get(name) for name in kind.figures}
    return {
        "submit_key": draft.key,
        "unit_id": draft.unit_id,
        "author": author,
        "activity_type": draft.activity_type,
        "title": draft.title,
        "start_date": draft.start_date,
        "end_date": draft.end_date or draft.start_date,
        "period_month": periods.month,
        "period_quarter": periods.quarter,
        "period_half": periods.half,
        "period_year": periods.year,
        "place_name": draft.place_name or "",
        "latitude": location.latitude if location else None,
        "longitude": location.longitude if location else None,
        "location_source": location.source if location else "skipped",
        "counterpart": (draft.counterpart or "") if kind.counterpart else "",
        "country": (draft.country or "") if kind.country else "",
        "languages": ",".join(draft.languages or []) if kind.languages else "",
        "description": draft.description or "",
        "channel": channel,
        "filed_external_id": external_id,
        "submitted_at": now,
        **figures,
    }


async def attach_draft_photos(draft_key: str, report_id: int) -> None:
    """Hand the draft's photos to the report filed from it."""
    await Photo.filter(draft_key=draft_key, report_id__isnull=True).update(report_id=report_id)


async def record(person: Person | None, action: str, report: Report | None, **detail: str) -> None:
    """Append to the audit trail."""
    await AuditEvent.create(person=person, report=report, action=action, detail=detail)


async def possible_duplicate(
    unit_id: int, activity_type: str, day: date, exclude: int | None = None
) -> int | None:
    """Number of a filed report (waiting, returned or approved: not withdrawn) of the same
    unit, type and date, if any (other than `exclude`, the report a correction draft
    corrects: it is not its own duplicate)."""
    report = (
        await Report.filter(
            unit_id=unit_id,
            activity_type=activity_type,
            start_date=day,
            status__in=[ReportStatus.SUBMITTED, ReportStatus.RETURNED, ReportStatus.APPROVED],
        )
        .exclude(id=exclude or 0)
        .order_by("-id")
        .first()
    )
    return report.id if report else None


async def reports_by(person: Person, limit: int = 10) -> list[Report]:
    """The person's latest reports, newest first."""
    return await Report.filter(author=person).order_by("-id").limit(limit)


async def withdraw(report_id: int, person: Person, reason: str, now: datetime) -> Report | None:
    """Withdraw one of the person's own reports not yet approved (review.withdraw, at whatever
    revision it has); None if it is not theirs, approved or already withdrawn."""
    try:
        return await review.withdraw(report_id, None, person, reason, now)
    except (review.TransitionRefused, ValueError):
        return None


BAND_BITS = 16
BANDS = 4
INT64_SPAN = 1 << 64


def _signed64(value: int) -> int:
    """PostgreSQL BIGINT is signed: store the unsigned 64-bit hash in its signed range."""
    return value - INT64_SPAN if value >= 1 << 63 else value


def dhash_bands(value: int) -> dict[str, int]:
    """The four 16-bit bands of a 64-bit hash, as column values."""
    mask = (1 << BAND_BITS) - 1
    return {f"dhash_band{i}": (value >> (BAND_BITS * i)) & mask for i in range(BANDS)}


async def add_draft_photo(
    draft_key: str, media_group_id: str | None, dhash: int | None, **facts: object
) -> bool:
    """Attach a stored photo to a draft; False if the same photo is already in it.

    `facts` are the Photo columns the pipeline produced (sha256, storage keys, mime, size,
    width, height, taken_at, latitude, longitude, reused_from_report_id).
    """
    if await Photo.filter(draft_key=draft_key, sha256=facts["sha256"]).exists():
        return False
    hashes = {"dhash": _signed64(dhash), **dhash_bands(dhash)} if dhash is not None else {}
    await Photo.create(draft_key=draft_key, media_group_id=media_group_id, **hashes, **facts)
    return True


async def report_reusing(
    dhash: int, max_distance: int, exclude_draft: str, exclude_report: int | None = None
) -> int | None:
    """Number of another submitted report holding a near-identical photo, if any (a
    correction's own report, `exclude_report`, does not count: its photos are its own).

    Candidates share at least one exact 16-bit band (indexed); the exact Hamming distance
    is then checked on those few rows.
    """
    bands = dhash_bands(dhash)
    query = Q(*[Q(**{name: value}) for name, value in bands.items()], join_type="OR")
    candidates = (
        await Photo.filter(query, report_id__isnull=False)
        .exclude(draft_key=exclude_draft)
        .exclude(report_id=exclude_report or 0)
        .order_by("id")
        .values("report_id", "dhash")
    )
    for row in candidates:
        if bin((row["dhash"] % INT64_SPAN) ^ dhash).count("1") <= max_distance:
            return row["report_id"]
    return None


async def draft_photos(draft_key: str) -> list[Photo]:
    """The draft's photos, oldest first (for EXIF hints)."""
    return await Photo.filter(draft_key=draft_key, report_id__isnull=True).order_by("id")


async def count_draft_photos(draft_key: str) -> int:
    """Photos attached to a draft so far."""
    return await Photo.filter(draft_key=draft_key, report_id__isnull=True).count()


async def remove_draft_photo(draft_key: str, photo_id: int) -> bool:
    """Forget one photo row of a draft; False if it is not (or no longer) in that draft.

    The file stays: the content-addressed store may hold it for other drafts or reports.
    """
    deleted = await Photo.filter(id=photo_id, draft_key=draft_key, report_id__isnull=True).delete()
    return deleted > 0


async def discard_draft_photos(draft_key: str) -> None:
    """Forget a cancelled draft's photo rows (the content-addressed files may be shared)."""
    await Photo.filter(draft_key=draft_key, report_id__isnull=True).delete()
