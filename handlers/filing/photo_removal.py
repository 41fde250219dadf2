"""Removing one photo of a draft at the photo step: a numbered list to pick from, or 'xoá 2'."""

from __future__ import annotations

import re

from handlers.folding import fold
from handlers.steps import Step
from handlers.turn import Turn
from handlers.types import Button
from models import filing
from models.reports import Photo

PICK = "photos:pick"
REMOVE = "photos:del:"
"""Followed by the photo's id: the button removes the photo it was shown for, even if
others were added or removed since (and at most 'photos:del:2147483647#tag', far below
Telegram's 64 bytes of callback data)."""
BUTTONS_PER_ROW = 3
_TYPED = re.compile(r"^(?:xoa|delete|remove)(?: anh| photo)?(?: so)? ?(\d{1,3})$")


def photo_buttons(turn: Turn, count: int) -> list[list[Button]]:
    """Xong, and once a photo is in, «Xoá ảnh…» (and «Xoá hết ảnh» when editing)."""
    row = [turn.button("btn_done", "photos:done")]
    if count:
        row.append(turn.button("btn_pick_photo", PICK))
    if count and turn.data.get("editing") == "photos":
        row.append(turn.button("btn_clear_photos", "photos:clear"))
    return [row]


def typed_number(turn: Turn) -> int | None:
    """The position in 'xoá 2', 'xoá ảnh 2', 'remove photo 2', if that is what was typed."""
    match = _TYPED.match(fold(turn.words))
    return int(match.group(1)) if match else None


async def list_photos(turn: Turn) -> Step:
    """The draft's photos numbered, with when they were taken (or received) and their size."""
    photos = await filing.draft_photos(turn.draft.key)
    if not photos:
        turn.ask(turn.text("photo_remove_none"), photo_buttons(turn, 0))
        return Step.PHOTOS
    lines = [_line(turn, n, photo) for n, photo in enumerate(photos, start=1)]
    choices = [
        turn.button("btn_remove_photo", f"{REMOVE}{photo.id}", n=n)
        for n, photo in enumerate(photos, start=1)
    ]
    rows = [choices[i : i + BUTTONS_PER_ROW] for i in range(0, len(choices), BUTTONS_PER_ROW)]
    turn.ask(
        turn.text("ask_remove_photo", photos="\n".join(lines)), [*rows, *photo_buttons(turn, 0)]
    )
    return Step.PHOTOS


async def remove_pressed(turn: Turn, photo_id: str) -> Step:
    """The photo a «Xoá ảnh N» button was shown for, if it is still in this draft."""
    photos = await filing.draft_photos(turn.draft.key)
    ids = [photo.id for photo in photos]
    if not photo_id.isdigit() or int(photo_id) not in ids:
        return _answer(turn, turn.text("photo_remove_gone"), len(photos))
    return await _remove(turn, ids.index(int(photo_id)) + 1, int(photo_id), len(photos))


async def remove_typed(turn: Turn, number: int) -> Step:
    """The photo at position `number` of the draft's list (1 = the first sent)."""
    photos = await filing.draft_photos(turn.draft.key)
    if not 1 <= number <= len(photos):
        return _answer(turn, turn.text("photo_remove_missing", n=number), len(photos))
    return await _remove(turn, number, photos[number - 1].id, len(photos))


async def _remove(turn: Turn, number: int, photo_id: int, count: int) -> Step:
    """Forget the row and say how many photos are left."""
    removed = await filing.remove_draft_photo(turn.draft.key, photo_id)
    left = count - 1 if removed else count
    return _answer(turn, turn.text("photo_removed", n=number, count=left), left)


def _answer(turn: Turn, text: str, count: int) -> Step:
    """Every answer keeps Xong (and «Xoá ảnh…» while photos are left) at hand."""
    turn.ask(text, photo_buttons(turn, count))
    return Step.PHOTOS


def _line(turn: Turn, number: int, photo: Photo) -> str:
    """'Ảnh 2: chụp 09:15 20/11/2026, 350 KB' (the camera's time, else when it came)."""
    moment = photo.taken_at or photo.created_at
    when = moment.astimezone(turn.config.tz).strftime("%H:%M %d/%m/%Y")
    key = "photo_line_taken" if photo.taken_at else "photo_line_received"
    return turn.text(key, n=number, time=when, size=_size(turn, photo.size_bytes))


def _size(turn: Turn, size_bytes: int) -> str:
    """350 KB, or 2,4 MB (a decimal comma in Vietnamese)."""
    if size_bytes < 1024 * 1024:
        return f"{max(1, round(size_bytes / 1024))} KB"
    megabytes = f"{size_bytes / (1024 * 1024):.1f}"
    return f"{megabytes.replace('.', ',') if turn.lang == 'vi' else megabytes} MB"
