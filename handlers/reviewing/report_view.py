"""One filed report in full, with its photos: what a reviewer decides on and an author re-reads.

The text is built inside the update's transaction; the photos' display copies are read from
storage after the commit, in the render thread (file reads must not hold the database).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from handlers.filing.card import (
    country_name,
    far_from_report,
    format_day,
    format_point,
    language_names,
    photo_point,
    photo_summary,
)
from handlers.summaries.exports import PhotoReader
from handlers.texts import specific
from handlers.turn import Turn
from handlers.types import Button, Reply
from media import LocalPhotoStorage
from models import review, review_queries
from models.activity_types import ACTIVITY_TYPES
from models.reports import Photo, Report, ReportStatus
from models.schemas import DraftLocation
from models.summary_rows import PhotoRef

MAP_ZOOM = 16


def format_moment(turn: Turn, moment: datetime | None) -> str:
    """HH:MM dd/mm/yyyy in Vietnamese time."""
    if moment is None:
        return turn.text("card_none")
    return moment.astimezone(turn.config.tz).strftime("%H:%M %d/%m/%Y")


def map_link(lat: float, lon: float) -> str:
    """An OpenStreetMap link centred on the point (opens in any browser, no key needed)."""
    return (
        f"https://www.openstreetmap.org/?mlat={lat:.5f}&mlon={lon:.5f}"
        f"#map={MAP_ZOOM}/{lat:.5f}/{lon:.5f}"
    )


def status_text(turn: Turn, report: Report) -> str:
    """The state, and for a decision who made it, when, and a return's reason."""
    label = turn.text(f"status_{report.status.value}")
    if report.status is ReportStatus.WITHDRAWN and report.withdrawn_reason:
        return turn.text("view_status_reason", status=label, reason=report.withdrawn_reason)
    if report.status not in (ReportStatus.APPROVED, ReportStatus.RETURNED):
        return label
    decider = report.decided_by.display_name if report.decided_by else turn.text("card_none")
    decided = turn.text(
        "view_status_decided", status=label, name=decider, at=format_moment(turn, report.decided_at)
    )
    if report.status is ReportStatus.RETURNED and report.return_reason:
        return turn.text("view_status_reason", status=decided, reason=report.return_reason)
    return decided


def _location(turn: Turn, report: Report) -> str:
    if report.latitude is None or report.longitude is None:
        return turn.text("card_none")
    point = format_point(report.latitude, report.longitude)
    return f"{point} — {map_link(report.latitude, report.longitude)}"


def _dates(report: Report) -> str:
    if report.end_date and report.end_date != report.start_date:
        return f"{format_day(report.start_date)} – {format_day(report.end_date)}"
    return format_day(report.start_date)


async def report_text(turn: Turn, report: Report, photos: list[Photo]) -> str:
    """Every field of the report, its state, and the marks a reviewer should look at."""
    kind = ACTIVITY_TYPES.get(report.activity_type) or ACTIVITY_TYPES["other"]
    none = turn.text("card_none")
    sent = report.submitted_at or report.created_at
    lines = [
        turn.text("view_title", number=report.id, status=status_text(turn, report)),
        f"{turn.text('card_unit')}: {report.unit.name}",
        f"{turn.text('view_author')}: {report.author.display_name or none}",
        f"{turn.text('view_submitted_at')}: {format_moment(turn, sent)}",
        f"{turn.text('card_type')}: {turn.text(f'type_{kind.code}')}",
        f"{turn.text('card_title')}: {report.title}",
        f"{turn.text('card_date')}: {_dates(report)}",
        f"{turn.text('card_place')}: {report.place_name or none}",
        f"{turn.text('card_location')}: {_location(turn, report)}",
    ]
    lines += [f"{turn.text(f'figure_{f}')}: {_figure(report, f, none)}" for f in kind.figures]
    if kind.counterpart:
        label = turn.text(specific("card_counterpart", kind.code))
        lines.append(f"{label}: {report.counterpart or none}")
    if kind.country:
        lines.append(f"{turn.text('card_country')}: {country_name(turn, report.country)}")
    if kind.languages:
        codes = [c for c in report.languages.split(",") if c]
        lines.append(f"{turn.text('card_languages')}: {language_names(turn, codes)}")
    lines.append(f"{turn.text('card_description')}: {report.description or none}")
    lines.append(f"{turn.text('card_photos')}: {_photo_marks(turn, report, photos)}")
    same = await review_queries.same_day_reports(report)
    if same:
        numbers = ", ".join(f"#{n}" for n in same)
        lines.append(turn.text("view_same_day", numbers=numbers))
    return "\n".join(lines)


def _figure(report: Report, name: str, none: str) -> str:
    value = getattr(report, name, None)
    return none if value is None else str(value)


def _photo_marks(turn: Turn, report: Report, photos: list[Photo]) -> str:
    """The count with the reuse and far-away marks, measured from the filed location."""
    here = None
    if report.latitude is not None and report.longitude is not None:
        here = DraftLocation(source="typed", latitude=report.latitude, longitude=report.longitude)
    far = far_from_report(turn, [photo_point(p) for p in photos], here, report.unit)
    return photo_summary(turn, photos, far)


async def show_report(turn: Turn, report_id: int) -> bool:
    """The report in full with its buttons, if the person may read it; False (after saying
    "not found", exactly as for a number that does not exist) when not."""
    found = await review.report_in_scope(turn.access, turn.person, report_id)
    report = await review_queries.report_details(report_id) if found is not None else None
    if report is None:
        say_not_found(turn, report_id)
        return False
    photos = await review_queries.report_photos(report.id)
    text = await report_text(turn, report, photos)
    buttons = _buttons(turn, report)
    turn.replies.append(with_photos(turn, text, buttons, photos))
    return True


def say_not_found(turn: Turn, number: object) -> None:
    """The one answer for missing, out-of-scope and unreadable numbers (existence never leaks)."""
    turn.say("view_not_found", number=str(number)[:12])


def _buttons(turn: Turn, report: Report) -> tuple[tuple[Button, ...], ...]:
    """Duyệt / Trả lại for those who may decide a report waiting for it, Mở lại for an
    administrator of an approved one, Sửa / Rút for its author while it is not approved;
    Lịch sử for all."""
    rows: list[tuple[Button, ...]] = []
    at = f"{report.id}:{report.revision}"
    access, status = turn.access, report.status
    if access and status is ReportStatus.SUBMITTED and review.may_decide(access, report):
        approve = turn.button("btn_approve", f"rv:ok:{at}")
        rows.append((approve, turn.button("btn_return", f"rv:ret:{at}")))
    if access and status is ReportStatus.APPROVED and review.may_reopen(access, report):
        rows.append((turn.button("btn_reopen", f"rv:reopen:{at}"),))
    author_id = report.author_id  # type: ignore[attr-defined]
    is_author = turn.person is not None and author_id == turn.person.id
    if is_author and status in (ReportStatus.SUBMITTED, ReportStatus.RETURNED):
        number = report.id
        edit = turn.button("btn_correct", f"rv:edit:{number}", number=number)
        rows.append((edit, turn.button("btn_withdraw", f"withdraw:{number}", number=number)))
    rows.append((turn.button("btn_history", f"rv:hist:{report.id}"),))
    return tuple(rows)


def with_photos(
    turn: Turn, text: str, buttons: tuple[tuple[Button, ...], ...], photos: list[Photo]
) -> Reply:
    """The reply, whose display copies are read after the commit (Reply.render)."""
    if not photos:
        return Reply(text=text, buttons=buttons)
    reader = PhotoReader(LocalPhotoStorage(Path(turn.config.media_dir)))
    refs = [PhotoRef(p.sha256, p.storage_key, p.display_key, p.thumb_key) for p in photos]

    def read() -> Reply:
        copies = tuple(data for data in map(reader.display_jpeg, refs) if data is not None)
        return Reply(text=text, buttons=buttons, photos=copies)

    return Reply(text=text, buttons=buttons, render=read)
