"""Neutral replies → Bot API calls: text split under Telegram's limits, keyboards, files.

Pure functions: `render` returns what to send; `telegram_send.Sender` sends it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaPhoto,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)
from telegram.constants import MessageLimit

from bot.channels.text_split import split_text as split_at_breaks
from bot.channels.text_split import utf16_units as _units
from handlers.texts import t
from handlers.types import Reply

MAX_TEXT = MessageLimit.MAX_TEXT_LENGTH  # 4096
MAX_CAPTION = MessageLimit.CAPTION_LENGTH  # 1024
MAX_ALBUM = 10  # sendMediaGroup takes 2 to 10 items
Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove


@dataclass(frozen=True, slots=True)
class Outgoing:
    """One Bot API call: `method` of telegram.Bot with its arguments (chat_id added later)."""

    method: str
    kwargs: dict[str, Any] = field(default_factory=dict)


def render(reply: Reply, lang: str) -> list[Outgoing]:
    """The calls that show one reply; the keyboard rides on the last of them."""
    markup = reply_markup(reply, lang)
    calls: list[Outgoing] = album_calls(reply.photos)
    text = reply.text.strip()
    if reply.photo is not None or reply.document is not None:
        caption, text = (text, "") if _units(text) <= MAX_CAPTION else ("", text)
        calls.append(_file_call(reply, caption))
    calls += [Outgoing("send_message", {"text": chunk}) for chunk in split_text(text)]
    if calls and markup is not None:
        calls[-1].kwargs["reply_markup"] = markup
    return calls


def album_calls(photos: tuple[bytes, ...]) -> list[Outgoing]:
    """Pictures shown together: media groups of up to 10, a lone one as a plain photo. An
    album carries no keyboard, so the text and buttons follow it in their own message."""
    calls = []
    for start in range(0, len(photos), MAX_ALBUM):
        group = photos[start : start + MAX_ALBUM]
        if len(group) == 1:
            calls.append(Outgoing("send_photo", {"photo": group[0]}))
        else:
            media = [InputMediaPhoto(data) for data in group]
            calls.append(Outgoing("send_media_group", {"media": media}))
    return calls


def _file_call(reply: Reply, caption: str) -> Outgoing:
    extra: dict[str, Any] = {"caption": caption} if caption else {}
    if reply.photo is not None:
        return Outgoing("send_photo", {"photo": reply.photo, **extra})
    name = reply.file_name or "file"
    return Outgoing("send_document", {"document": reply.document, "filename": name, **extra})


def reply_markup(reply: Reply, lang: str) -> Markup | None:
    """Inline buttons for choices; a reply keyboard when a location is wanted.

    A request-location button only exists on reply keyboards, and a message carries one
    keyboard, so the location question shows its choices (known places, Bỏ qua) as typed
    labels under the share button; the engine maps a typed label back to its payload. Plain
    messages remove that keyboard again.
    """
    if reply.request_location:
        share = [KeyboardButton(t(lang, "btn_share_location"), request_location=True)]
        rows = [[KeyboardButton(b.label) for b in row] for row in reply.buttons]
        return ReplyKeyboardMarkup([share, *rows], one_time_keyboard=True, resize_keyboard=True)
    if reply.buttons:
        return InlineKeyboardMarkup(
            [
                [InlineKeyboardButton(b.label, callback_data=b.payload) for b in row]
                for row in reply.buttons
            ]
        )
    return ReplyKeyboardRemove()


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Chunks of at most `limit` UTF-16 units (Telegram's measure), cut at line breaks,
    else at spaces, else anywhere; no chunk is blank."""
    return split_at_breaks(text, limit)
