"""Telegram updates → neutral `Incoming` messages (no business rules here)."""

from __future__ import annotations

import re

from telegram import Bot, CallbackQuery, Message, PhotoSize, Update
from telegram.error import TelegramError
from telegram.ext import filters

from bot.channels.telegram_send import RetryPolicy, with_retries
from handlers.types import Attachment, Channel, FetchBytes, FetchFailed, Incoming, Kind

COMMAND = re.compile(r"^/(\w+)(?:@(\w+))?(?:\s+(.*))?$", re.DOTALL)
DOWNLOADS = RetryPolicy(attempts=3)


def translate(update: Update, bot: Bot) -> Incoming | None:
    """The neutral message for one update, or None for updates the bot does not answer
    (edits, service messages, other bots' commands in groups, channel posts)."""
    if update.callback_query is not None:
        return _from_callback(update, update.callback_query)
    message = update.message
    if message is None or message.from_user is None:
        return None
    if filters.StatusUpdate.ALL.check_update(update):
        return None  # someone joined a group, a pinned message…: nothing was said to the bot
    base = _base(update, message)
    if message.text is not None:
        return _from_text(base, message.text, bot)
    if message.location is not None:
        location = message.location
        return Incoming(
            kind=Kind.LOCATION, latitude=location.latitude, longitude=location.longitude, **base
        )
    if message.photo:
        return Incoming(kind=Kind.PHOTO, attachment=_photo(message, bot), **base)
    if message.document is not None:
        return Incoming(kind=Kind.DOCUMENT, attachment=_document(message, bot), **base)
    return Incoming(kind=Kind.UNSUPPORTED, **base)  # stickers, voice, video, contacts…


def _base(update: Update, message: Message) -> dict[str, object]:
    """Fields every message carries."""
    user = message.from_user
    assert user is not None
    return {
        "channel": Channel.TELEGRAM,
        "user_id": str(user.id),
        "chat_id": str(message.chat.id),
        "update_key": str(update.update_id),
        "display_name": user.full_name,
        "message_id": str(message.message_id),
    }


def _from_text(base: dict[str, object], text: str, bot: Bot) -> Incoming | None:
    """Text, or a command: `/cmd@botname args`, `/start CODE` for deep links."""
    match = COMMAND.match(text.strip())
    if match is None:
        return Incoming(kind=Kind.TEXT, text=text, **base)
    command, addressee, rest = match.groups()
    if addressee and addressee.lower() != (bot.username or "").lower():
        return None  # a command for another bot in the same group
    args = tuple((rest or "").split())
    return Incoming(kind=Kind.COMMAND, text=text, command=command, args=args, **base)


def _from_callback(update: Update, query: CallbackQuery) -> Incoming | None:
    """A button press; the payload is the callback data we set when rendering."""
    if query.data is None:
        return None
    message = query.message
    chat_id = message.chat.id if message is not None else query.from_user.id
    return Incoming(
        channel=Channel.TELEGRAM,
        user_id=str(query.from_user.id),
        chat_id=str(chat_id),
        update_key=str(update.update_id),
        kind=Kind.BUTTON,
        payload=query.data,
        display_name=query.from_user.full_name,
        message_id=str(message.message_id) if message is not None else None,
    )


def largest_photo(sizes: tuple[PhotoSize, ...]) -> PhotoSize:
    """The biggest rendition by area: Telegram does not promise any order."""
    return max(sizes, key=lambda size: size.width * size.height)


def _photo(message: Message, bot: Bot) -> Attachment:
    best = largest_photo(message.photo)
    return Attachment(
        fetch=file_fetcher(bot, best.file_id),
        size=best.file_size,
        media_group_id=message.media_group_id,
        caption=message.caption,
    )


def _document(message: Message, bot: Bot) -> Attachment:
    """A file: "send as file" keeps the original image and its EXIF; the engine checks it."""
    document = message.document
    assert document is not None
    return Attachment(
        fetch=file_fetcher(bot, document.file_id),
        file_name=document.file_name,
        mime_type=document.mime_type,
        size=document.file_size,
        media_group_id=message.media_group_id,
        caption=message.caption,
    )


def file_fetcher(bot: Bot, file_id: str) -> FetchBytes:
    """Download on demand (only at the photo step); failures become FetchFailed."""

    async def fetch() -> bytes:
        try:
            file = await with_retries(lambda: bot.get_file(file_id), "getFile", DOWNLOADS)
            data = await with_retries(file.download_as_bytearray, "download", DOWNLOADS)
        except (TelegramError, RuntimeError) as problem:  # PTB wraps httpx errors
            # The download URL contains the token; keep it out of messages and logs.
            text = str(problem).replace(bot.token, "<token>")
            raise FetchFailed(f"{type(problem).__name__}: {text}") from problem
        return bytes(data)

    return fetch
