"""About a year of plausible demo reports for every demo unit, for the console's first run.

Deterministic (a seeded generator, dates counted back from the given day). Rows are built by
the filing code itself (`report_values`, `add_draft_photo`), so they have the shape of filed
reports; only their submit key differs: `demo-NNNN` (a real draft key is hex, so it never
starts with that), which is how `main.py demo clear` finds exactly them.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol

from tortoise.transactions import in_transaction

from models import rollups
from models.activity_types import ACTIVITY_TYPES
from models.demo_topics import FIGURE_RANGES, REPERTOIRE, Topic, topics
from models.filing import add_draft_photo, attach_draft_photos, report_values
from models.people import Person
from models.reports import AuditEvent, Photo, Report
from models.schemas import Draft, DraftLocation
from models.units import KnownPlace, Unit

DEMO_KEY_PREFIX = "demo-"
SEED = 20260701
REPORTS_PER_UNIT = 25
# Not the last two days: a report filed now for "hôm qua" would be taken for a duplicate.
NEWEST_DAYS_AGO, OLDEST_DAYS_AGO = 3, 365
NEAR_UNIT_DEGREES = 0.02  # about 2 km: where a guard shares the location from
CHANNEL = "console"


class PhotoFacts(Protocol):
    """What the photo pipeline hands back for a stored photo (handlers' StoredPhoto)."""

    sha256: str
    storage_key: str
    display_key: str
    thumb_key: str
    mime: str
    size_bytes: int
    width: int
    height: int
    taken_at: datetime | None
    latitude: float | None
    longitude: float | None
    dhash: int


MakePhoto = Callable[[int, str], Awaitable[PhotoFacts]]
"""(seed, caption) → a generated photo, processed and stored by the real pipeline."""


@dataclass(frozen=True, slots=True)
class DemoCount:
    """How many demo reports and photo rows were loaded or removed."""

    reports: int
    photos: int


def plan_demo_reports(
    units: list[Unit], places: dict[int, list[KnownPlace]], today: date, title_prefix: str
) -> list[Draft]:
    """The demo reports as complete drafts: every unit, each of its types at least once."""
    rng = random.Random(SEED)
    wordings = topics()
    drafts: list[Draft] = []
    for unit in sorted(units, key=lambda u: u.code):
        weights = REPERTOIRE.get(unit.kind) or dict.fromkeys(ACTIVITY_TYPES, 1)
        extra = max(REPORTS_PER_UNIT - len(weights), 0)
        kinds = [*weights, *rng.choices(list(weights), list(weights.values()), k=extra)]
        for kind in kinds:
            key = f"{DEMO_KEY_PREFIX}{len(drafts) + 1:04d}"
            topic = rng.choice(wordings[kind])
            title = f"{title_prefix}{topic.title}"
            drafts.append(_draft(rng, key, unit, places.get(unit.id, []), topic, title, today))
    return drafts


def _draft(
    rng: random.Random,
    key: str,
    unit: Unit,
    places: list[KnownPlace],
    topic: Topic,
    title: str,
    today: date,
) -> Draft:
    """One demo report of a unit, as the conversation would have completed it."""
    start = today - timedelta(days=rng.randint(NEWEST_DAYS_AGO, OLDEST_DAYS_AGO))
    end = min(start + timedelta(days=rng.choice((0, 0, 0, 0, 1, 2))), today - timedelta(days=1))
    figures = {
        name: rng.randint(*span) for name, span in FIGURE_RANGES[topic.activity_type].items()
    }
    return Draft(
        key=key,
        unit_id=unit.id,
        activity_type=topic.activity_type,
        title=title,
        start_date=start,
        end_date=end,
        place_name=topic.place,
        location=_location(rng, unit, places),
        figures=figures,
        counterpart=topic.counterpart or None,
        country=topic.country or None,
        languages=topic.languages.split("|") if topic.languages else None,
        description=topic.description,
        photos_done=True,
    )


def _location(rng: random.Random, unit: Unit, places: list[KnownPlace]) -> DraftLocation:
    """A known place of the unit, a point shared near it, or skipped."""
    roll = rng.random()
    if places and roll < 0.25:
        place = rng.choice(places)
        return DraftLocation(
            source="known_place",
            latitude=place.latitude,
            longitude=place.longitude,
            place=place.name,
        )
    if unit.latitude is not None and unit.longitude is not None and roll < 0.65:
        return DraftLocation(
            source="shared",
            latitude=round(unit.latitude + rng.uniform(-1, 1) * NEAR_UNIT_DEGREES, 6),
            longitude=round(unit.longitude + rng.uniform(-1, 1) * NEAR_UNIT_DEGREES, 6),
        )
    return DraftLocation(source="skipped")


def needs_photo(draft: Draft) -> bool:
    """Types that require a photo when filed get one here too (and only those: it is quick)."""
    return bool(draft.activity_type and ACTIVITY_TYPES[draft.activity_type].photo_required)


async def load_demo_reports(
    author: Person, today: date, title_prefix: str, make_photo: MakePhoto
) -> DemoCount:
    """Plan, make the photos (concurrently, before the transaction) and insert in bulk."""
    units = await Unit.all()
    places: dict[int, list[KnownPlace]] = {}
    for place in await KnownPlace.all().order_by("name"):
        places.setdefault(place.unit_id, []).append(place)  # type: ignore[attr-defined]
    drafts = plan_demo_reports(units, places, today, title_prefix)
    pictured = [d for d in drafts if needs_photo(d)]
    photos = await asyncio.gather(
        *(make_photo(int(d.key.removeprefix(DEMO_KEY_PREFIX)), _caption(d)) for d in pictured)
    )
    async with in_transaction():
        rows = [Report(**report_values(d, author, CHANNEL)) for d in drafts]
        await Report.bulk_create(rows, batch_size=100)
        deltas = rollups.Deltas()
        for row in rows:
            deltas.report(row)
        await deltas.apply()
        ids = dict(
            await Report.filter(submit_key__in=[d.key for d in pictured]).values_list(
                "submit_key", "id"
            )
        )
        for draft, photo in zip(pictured, photos, strict=True):
            await add_draft_photo(draft.key, None, photo.dhash, **_photo_columns(photo))
            await attach_draft_photos(draft.key, ids[draft.key])
    return DemoCount(len(drafts), len(photos))


def _caption(draft: Draft) -> str:
    """What the generated picture says: the title and the date."""
    assert draft.start_date is not None
    return f"{draft.title} - {draft.start_date.isoformat()}"


def _photo_columns(photo: PhotoFacts) -> dict[str, object]:
    """The Photo columns the conversation stores for a photo (handlers/photos.py)."""
    names = ("sha256", "storage_key", "display_key", "thumb_key", "mime", "size_bytes")
    names += ("width", "height", "taken_at", "latitude", "longitude")
    return {name: getattr(photo, name) for name in names} | {"reused_from_report_id": None}


async def clear_demo_reports() -> DemoCount:
    """Delete the demo reports and their photo rows; the photo files stay (see README)."""
    async with in_transaction():
        demo = Report.filter(submit_key__startswith=DEMO_KEY_PREFIX)
        ids = list(await demo.values_list("id", flat=True))
        deltas = rollups.Deltas()
        for row in await demo.values(*rollups.REPORT_COLUMNS):
            deltas.report(row, -1)
        await deltas.apply()
        photos = await Photo.filter(draft_key__startswith=DEMO_KEY_PREFIX).delete()
        # Explicitly, not by the foreign keys' ON DELETE: SQLite enforces them only when asked.
        await AuditEvent.filter(report_id__in=ids).update(report_id=None)
        await Photo.filter(reused_from_report_id__in=ids).update(reused_from_report_id=None)
        reports = await Report.filter(id__in=ids).delete()
    return DemoCount(reports, photos)
