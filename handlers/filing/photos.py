"""The photo step: photos are stored as they arrive; Xong moves on once enough are in."""

from __future__ import annotations

from datetime import datetime, timedelta

from handlers.filing.answers import pressed, reask
from handlers.filing.card import far_from_report, format_day, format_km, format_point
from handlers.filing.flow import advance
from handlers.filing.location import check_point
from handlers.filing.photo_intake import StoredPhoto
from handlers.filing.photo_removal import (
    list_photos,
    photo_buttons,
    remove_pressed,
    remove_typed,
    typed_number,
)
from handlers.folding import matches
from handlers.steps import Step
from handlers.turn import Turn
from handlers.types import Kind
from media import NEAR_DUPLICATE_DISTANCE
from models import directory, filing, outbox_queue
from models.activity_types import ACTIVITY_TYPES
from models.schemas import DraftLocation

DONE_WORDS = ("xong", "done", "xong rồi", "hết", "het")
PHOTO_DATE_SLACK = timedelta(days=2)


def _ack(turn: Turn, text: str, count: int = 0) -> Step:
    """Every answer in this step keeps the Xong button (and, with photos, «Xoá ảnh…») at hand."""
    turn.ask(text, photo_buttons(turn, count))
    return Step.PHOTOS


async def received_photos_answer(turn: Turn) -> Step:
    """A photo, an image file, Xong, removing one photo, or (when editing) clear-all."""
    if turn.msg.kind in (Kind.PHOTO, Kind.DOCUMENT):
        return await received_photo(turn)
    action = pressed(turn, "photos:")
    if action == "done" or (turn.msg.kind is Kind.TEXT and matches(turn.words, *DONE_WORDS)):
        return await _finish(turn)
    if action == "pick":
        return await list_photos(turn)
    if action is not None and action.startswith("del:"):
        return await remove_pressed(turn, action.removeprefix("del:"))
    number = typed_number(turn) if turn.msg.kind is Kind.TEXT else None
    if number is not None:
        return await remove_typed(turn, number)
    if action == "clear":
        await filing.discard_draft_photos(turn.draft.key)
        turn.say("photos_cleared")
        return await reask(turn, Step.PHOTOS)
    key = "unsupported" if turn.msg.kind is Kind.UNSUPPORTED else "err_expected_photo"
    return await reask(turn, Step.PHOTOS, key)


async def received_photo(turn: Turn) -> Step:
    """Attach the stored photo to the draft with a running count."""
    arrival = turn.photo
    limit = turn.config.max_photos_per_report
    draft_key = turn.draft.key
    count = await filing.count_draft_photos(draft_key)
    if arrival is None or (arrival.stored is None and arrival.problem_key is None):
        return _ack(turn, turn.text("photo_fetch_failed"), count)
    if arrival.problem_key:
        return _ack(turn, turn.text(arrival.problem_key, **arrival.problem_values), count)
    if count >= limit:
        return _ack(turn, turn.text("photo_limit", max=limit), count)
    stored: StoredPhoto = arrival.stored
    reused = await filing.report_reusing(
        stored.dhash, NEAR_DUPLICATE_DISTANCE, draft_key, turn.draft.report_id
    )
    group = turn.msg.attachment.media_group_id if turn.msg.attachment else None
    added = await filing.add_draft_photo(
        draft_key,
        group,
        stored.dhash,
        sha256=stored.sha256,
        storage_key=stored.storage_key,
        display_key=stored.display_key,
        thumb_key=stored.thumb_key,
        mime=stored.mime,
        size_bytes=stored.size_bytes,
        width=stored.width,
        height=stored.height,
        taken_at=_camera_time(turn, stored),
        latitude=stored.latitude,
        longitude=stored.longitude,
        reused_from_report_id=reused,
    )
    if not added:
        return _ack(turn, turn.text("photo_duplicate"), count)
    notes = [*_notes(turn, stored, reused), *await _far_note(turn, stored)]
    if group:
        turn.data["album_notes"] = [*turn.data.get("album_notes", []), *notes]
        await _acknowledge_album_later(turn, group)
        return Step.PHOTOS
    received = turn.text("photo_received", count=count + 1, max=limit)
    return _ack(turn, "\n".join([received, *notes]), count + 1)


async def _acknowledge_album_later(turn: Turn, group: str) -> None:
    """One acknowledgement per album: an outbox row due once the album has been quiet (each
    item moves it later), so a restart or a second worker still sends it, once. Its text is
    computed at delivery (Engine.finish_album), when every photo is in."""
    channel = turn.msg.channel.value
    await outbox_queue.enqueue_or_postpone(
        f"album:{channel}:{group}",
        person=turn.person,
        channel=channel,
        external_id=turn.msg.chat_id,
        due_at=turn.now + timedelta(seconds=turn.config.album_quiet_seconds),
        render={"kind": "album_ack", "user": turn.msg.user_id, "draft": turn.draft.key},
    )
    turn.album = group


def _camera_time(turn: Turn, stored: StoredPhoto) -> datetime | None:
    """EXIF time has no zone: read it as the local (Vietnamese) clock of the camera."""
    return stored.taken_at.replace(tzinfo=turn.config.tz) if stored.taken_at else None


def _notes(turn: Turn, stored: StoredPhoto, reused: int | None) -> list[str]:
    """Warnings worth the reporter's attention: reuse always, a far photo date once."""
    notes = [turn.text("photo_reused", number=reused)] if reused else []
    draft = turn.draft
    taken = _camera_time(turn, stored)
    if taken and draft.start_date and not turn.data.get("photo_date_warned"):
        first = draft.start_date - PHOTO_DATE_SLACK
        last = (draft.end_date or draft.start_date) + PHOTO_DATE_SLACK
        if not first <= taken.date() <= last:
            turn.data["photo_date_warned"] = True
            notes.append(
                turn.text(
                    "photo_date_far", taken=format_day(taken), day=format_day(draft.start_date)
                )
            )
    return notes


async def _far_note(turn: Turn, stored: StoredPhoto) -> list[str]:
    """A photo taken far from the report's point (or the unit's): said once per draft."""
    if stored.latitude is None or stored.longitude is None or turn.data.get("photo_far_warned"):
        return []
    draft = turn.draft
    unit = await directory.get_unit(draft.unit_id) if draft.unit_id else None
    far = far_from_report(turn, [(stored.latitude, stored.longitude)], draft.location, unit)
    if far is None:
        return []
    turn.data["photo_far_warned"] = True
    key = "photo_far_unit" if far.from_unit else "photo_far_report"
    return [turn.text(key, km=format_km(far.farthest_km))]


async def acknowledge_album(turn: Turn) -> None:
    """The one reply for a whole album: the running count, its notes, Xong at hand."""
    count = await filing.count_draft_photos(turn.draft.key)
    notes = turn.data.pop("album_notes", [])
    received = turn.text("photo_received", count=count, max=turn.config.max_photos_per_report)
    _ack(turn, "\n".join([received, *notes]), count)


async def _finish(turn: Turn) -> Step:
    """Move on, unless this type of activity needs a photo and none came."""
    kind = ACTIVITY_TYPES[turn.draft.activity_type or "other"]
    if kind.photo_required and await filing.count_draft_photos(turn.draft.key) == 0:
        return await reask(turn, Step.PHOTOS, "photo_required")
    turn.update_draft(photos_done=True)
    return await _offer_photo_location(turn)


async def _offer_photo_location(turn: Turn) -> Step:
    """If the location was skipped but a photo knows where it was taken, offer that point once."""
    draft = turn.draft
    if draft.location is None or draft.location.source != "skipped":
        return await advance(turn)
    if turn.data.get("photo_location_offered"):
        return await advance(turn)
    with_gps = [p for p in await filing.draft_photos(draft.key) if p.latitude is not None]
    if not with_gps:
        return await advance(turn)
    turn.data["photo_location_offered"] = True
    photo = with_gps[0]
    turn.data["photo_point"] = [photo.latitude, photo.longitude]
    point = format_point(photo.latitude, photo.longitude)
    buttons = [
        [
            turn.button("btn_use_photo_location", "photoloc:yes"),
            turn.button("btn_no", "photoloc:no"),
        ]
    ]
    turn.ask(turn.text("offer_photo_location", point=point), buttons)
    return Step.PHOTO_LOCATION


async def received_photo_location_answer(turn: Turn) -> Step:
    """Yes runs the same plausibility check as a typed point; no keeps the location skipped."""
    answer = pressed(turn, "photoloc:")
    point = turn.data.pop("photo_point", None)
    if answer == "yes" and point:
        location = DraftLocation(source="photo", latitude=point[0], longitude=point[1])
        return await check_point(turn, location)
    if answer == "no" or not point:
        return await advance(turn)
    turn.data["photo_point"] = point
    turn.say("err_expected_choice")
    return await ask_photo_location(turn)


async def ask_photo_location(turn: Turn) -> Step:
    """Offer the photo's point again (after a wrong answer, help, or another command)."""
    point = turn.data.get("photo_point")
    if not point:  # nothing to offer any more: the report goes on
        return await advance(turn)
    buttons = [
        [
            turn.button("btn_use_photo_location", "photoloc:yes"),
            turn.button("btn_no", "photoloc:no"),
        ]
    ]
    turn.ask(turn.text("offer_photo_location", point=format_point(*point)), buttons)
    return Step.PHOTO_LOCATION
