"""The photo step: photos are stored as they arrive; Xong moves on once enough are in."""

from __future__ import annotations

from handlers.filing import pressed, reask
from handlers.filing_flow import advance
from handlers.folding import matches
from handlers.steps import Step
from handlers.turn import Turn
from handlers.types import Kind
from models import filing, state
from models.activity_types import ACTIVITY_TYPES

DONE_WORDS = ("xong", "done", "xong rồi", "hết", "het")


def _ack(turn: Turn, text: str) -> Step:
    """Every answer in this step keeps the Xong button at hand."""
    turn.ask(text, [[turn.button("btn_done", "photos:done")]])
    return Step.PHOTOS


async def received_photos_answer(turn: Turn) -> Step:
    """A photo, an image file, Xong, or (when editing) clear-all."""
    if turn.msg.kind in (Kind.PHOTO, Kind.DOCUMENT):
        return await received_photo(turn)
    action = pressed(turn, "photos:")
    if action == "done" or (turn.msg.kind is Kind.TEXT and matches(turn.words, *DONE_WORDS)):
        return await _finish(turn)
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
    if arrival is None or (arrival.stored is None and arrival.problem_key is None):
        return _ack(turn, turn.text("photo_fetch_failed"))
    if arrival.problem_key:
        return _ack(turn, turn.text(arrival.problem_key, **arrival.problem_values))
    draft_key = turn.draft.key
    count = await filing.count_draft_photos(draft_key)
    if count >= limit:
        return _ack(turn, turn.text("photo_limit", max=limit))
    stored = arrival.stored
    added = await filing.add_draft_photo(
        draft_key,
        stored.sha256,
        stored.storage_key,
        stored.mime,
        stored.size_bytes,
        turn.msg.attachment.media_group_id if turn.msg.attachment else None,
    )
    if not added:
        return _ack(turn, turn.text("photo_duplicate"))
    group = turn.msg.attachment.media_group_id if turn.msg.attachment else None
    if group:
        # One acknowledgement per album, sent by Engine.finish_album after a quiet spell.
        await state.note_album_item(turn.msg.channel.value, turn.msg.user_id, group, turn.now)
        turn.album = group
        return Step.PHOTOS
    return _ack(turn, turn.text("photo_received", count=count + 1, max=limit))


async def acknowledge_album(turn: Turn) -> None:
    """The one reply for a whole album: the running count with Xong at hand."""
    count = await filing.count_draft_photos(turn.draft.key)
    _ack(turn, turn.text("photo_received", count=count, max=turn.config.max_photos_per_report))


async def _finish(turn: Turn) -> Step:
    """Move on, unless this type of activity needs a photo and none came."""
    kind = ACTIVITY_TYPES[turn.draft.activity_type or "other"]
    if kind.photo_required and await filing.count_draft_photos(turn.draft.key) == 0:
        return await reask(turn, Step.PHOTOS, "photo_required")
    turn.update_draft(photos_done=True)
    return await advance(turn)
