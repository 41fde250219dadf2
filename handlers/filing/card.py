"""The summary card shown before Gửi: every field of the draft in plain lines."""

from __future__ import annotations

from handlers.geo import FarPhotos, Point, far_photos
from handlers.texts import has_text, specific
from handlers.turn import Turn
from handlers.vocabulary import country_label
from models import directory, filing
from models.activity_types import ACTIVITY_TYPES
from models.reports import Photo
from models.schemas import Draft, DraftLocation
from models.units import Unit


def format_day(value: object) -> str:
    """Vietnamese date order dd/mm/yyyy."""
    return value.strftime("%d/%m/%Y") if hasattr(value, "strftime") else str(value)


def format_point(lat: float, lon: float) -> str:
    """Five decimals: about a metre, enough for a field report."""
    return f"{lat:.5f}, {lon:.5f}"


def location_text(turn: Turn, location: DraftLocation | None) -> str:
    """How a location reads on the card."""
    if location is None or location.latitude is None or location.longitude is None:
        return turn.text("card_none")
    point = format_point(location.latitude, location.longitude)
    return turn.text(f"location_{location.source}", point=point, place=location.place)


def date_text(draft: Draft) -> str:
    """One day, or a range."""
    if draft.end_date and draft.end_date != draft.start_date:
        return f"{format_day(draft.start_date)} – {format_day(draft.end_date)}"
    return format_day(draft.start_date)


def language_names(turn: Turn, codes: list[str] | None) -> str:
    """Language names joined, or 'none'."""
    return ", ".join(turn.text(f"lang_{c}") for c in codes or []) or turn.text("card_none")


async def card_text(turn: Turn) -> str:
    """The whole card, with a duplicate warning when the unit already reported the same."""
    draft = turn.draft
    kind = ACTIVITY_TYPES[draft.activity_type or "other"]
    unit = await directory.get_unit(draft.unit_id) if draft.unit_id else None
    photos = await filing.draft_photos(draft.key)
    none = turn.text("card_none")
    lines = [
        *correction_header(turn, draft),
        f"{turn.text('card_unit')}: {unit.name if unit else none}",
        f"{turn.text('card_type')}: {turn.text(f'type_{kind.code}')}",
        f"{turn.text('card_title')}: {draft.title}",
        f"{turn.text('card_date')}: {date_text(draft)}",
        f"{turn.text('card_place')}: {draft.place_name or none}",
        f"{turn.text('card_location')}: {location_text(turn, draft.location)}",
    ]
    lines += [f"{turn.text(f'figure_{f}')}: {draft.figures.get(f, none)}" for f in kind.figures]
    if kind.counterpart:
        label = turn.text(specific("card_counterpart", kind.code))  # "Nền tảng" for posts online
        lines.append(f"{label}: {draft.counterpart or none}")
    if kind.country:
        lines.append(f"{turn.text('card_country')}: {country_name(turn, draft.country)}")
    if kind.languages:
        lines.append(f"{turn.text('card_languages')}: {language_names(turn, draft.languages)}")
    lines.append(f"{turn.text('card_description')}: {draft.description or none}")
    far = far_from_report(turn, [photo_point(p) for p in photos], draft.location, unit)
    lines.append(f"{turn.text('card_photos')}: {photo_summary(turn, photos, far)}")
    if draft.unit_id and draft.activity_type and draft.start_date:
        same = await filing.possible_duplicate(
            draft.unit_id, draft.activity_type, draft.start_date, exclude=draft.report_id
        )
        if same:
            lines.append(turn.text("duplicate_warning", number=same))
    return "\n".join(lines)


def correction_header(turn: Turn, draft: Draft) -> list[str]:
    """'Sửa báo cáo #N' and the reviewer's reason on a correction; else the usual title."""
    if draft.report_id is None:
        return [turn.text("review_title")]
    lines = [turn.text("correct_title", number=draft.report_id)]
    reason = turn.data.get("return_reason")
    if reason:
        lines.append(turn.text("correct_reason", reason=reason))
    return lines


def photo_summary(turn: Turn, photos: list[Photo], far: FarPhotos | None = None) -> str:
    """The count, which photos look like photos of earlier reports, and how many were
    taken far from where the report says."""
    notes = []
    reused = [p.reused_from_report_id for p in photos if p.reused_from_report_id]
    if reused:
        numbers = ", ".join(f"#{n}" for n in sorted(set(reused)))
        notes.append(turn.text("card_photos_reused", reused=len(reused), numbers=numbers))
    if far:
        key = "card_photos_far_unit" if far.from_unit else "card_photos_far_report"
        notes.append(turn.text(key, far=far.count, km=format_km(far.farthest_km)))
    if not notes:
        return str(len(photos))
    return turn.text("card_photos_notes", count=len(photos), notes="; ".join(notes))


def format_km(km: float) -> str:
    """Whole kilometres with the Vietnamese thousands separator: 8.925."""
    return f"{round(km):,}".replace(",", ".")


def photo_point(photo: Photo) -> Point | None:
    """Where the camera says the photo was taken, if it says."""
    if photo.latitude is None or photo.longitude is None:
        return None
    return photo.latitude, photo.longitude


def far_from_report(
    turn: Turn, points: list[Point | None], location: DraftLocation | None, unit: Unit | None
) -> FarPhotos | None:
    """Photos farther than MAX_DISTANCE_FROM_UNIT_KM from the draft's point, or from the
    unit's when the draft has none (measured now, so a changed location counts)."""
    here = None
    if location is not None and location.latitude is not None and location.longitude is not None:
        here = (location.latitude, location.longitude)
    home = None
    if unit is not None and unit.latitude is not None and unit.longitude is not None:
        home = (unit.latitude, unit.longitude)
    return far_photos(points, here, home, turn.config.max_distance_from_unit_km)


def country_name(turn: Turn, code: str | None) -> str:
    """Known neighbours by catalogue name, other countries by Babel's name, else the code."""
    if not code:
        return turn.text("card_none")
    if has_text(f"country_{code}"):
        return turn.text(f"country_{code}")
    return country_label(turn.lang, code) or code
