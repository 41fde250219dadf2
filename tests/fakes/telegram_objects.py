"""Building blocks of the fake Telegram server: Bot API JSON objects (field names as in
https://core.telegram.org/bots/api; PTB's ``de_json`` rejects objects missing required fields),
request decoding, error envelopes, the fault plan and the record of sent messages."""

from __future__ import annotations

import asyncio
import json
import random
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from aiohttp import BodyPartReader, web

Params = dict[str, Any]
SEND_METHODS = frozenset({"sendMessage", "sendPhoto", "sendDocument", "sendMediaGroup"})
FAULTABLE_METHODS = SEND_METHODS | {
    "editMessageText",
    "editMessageReplyMarkup",
    "answerCallbackQuery",
    "sendChatAction",
}
# Parameters PTB sends as plain strings; everything else arrives JSON-encoded in forms.
_STRING_PARAMS = frozenset(
    {"text", "caption", "parse_mode", "callback_query_id", "url", "secret_token", "file_id",
     "action", "inline_message_id", "language_code", "photo", "document", "video", "audio",
     "voice", "sticker", "animation", "thumbnail", "business_connection_id"}
)  # fmt: skip
_NGINX_502 = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
    "</body>\r\n</html>\r\n"
)


# --- records and fault plan ------------------------------------------------------------------


@dataclass
class SentMessage:
    """One message the bot sent (one per item of a sendMediaGroup)."""

    method: str
    chat_id: int
    text: str | None  # text, or the caption of a photo/document/album item
    reply_markup: dict[str, Any] | None
    files: dict[str, bytes]  # uploaded bytes by multipart part name
    params: Params  # every decoded parameter of the call
    message_id: int


@dataclass
class Faults:
    """Faults for calls to ``methods``; each call draws once from a ``random.Random(seed)``."""

    rate_429: float = 0.0
    rate_502: float = 0.0
    rate_502_after_processing: float = 0.0  # processed and recorded, yet answered 502
    retry_after: int = 1
    delay_seconds: float = 0.0  # latency added to every call to ``methods``
    methods: frozenset[str] = FAULTABLE_METHODS
    max_faults: int | None = None  # stop injecting after this many
    seed: int | None = 0
    _rng: random.Random = field(init=False, repr=False)
    _injected: int = field(default=0, init=False, repr=False)

    def __post_init__(self) -> None:
        self.methods = frozenset(self.methods)
        self._rng = random.Random(self.seed)

    def draw(self, method: str) -> str | None:
        """Return "429", "502", "502-after" or None for one call."""
        if method not in self.methods or self._injected == self.max_faults:
            return None
        roll = self._rng.random()
        for kind, rate in (
            ("429", self.rate_429),
            ("502", self.rate_502),
            ("502-after", self.rate_502_after_processing),
        ):
            if roll < rate:
                self._injected += 1
                return kind
            roll -= rate
        return None


class Signal:
    """Wakes waiters; ``notify`` is synchronous so the push_* helpers can stay plain functions."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        self._event.set()
        self._event = asyncio.Event()

    async def wait_for(self, check: Callable[[], Any], seconds: float) -> Any:
        """Return ``check()``'s first non-None result, re-checked on each notify (no polling);
        raise TimeoutError after ``seconds``."""
        async with asyncio.timeout(seconds):
            while (result := check()) is None:
                await self._event.wait()
            return result


# --- Bot API objects -------------------------------------------------------------------------


@dataclass(frozen=True)
class StoredFile:
    """A file the fake can serve via getFile and /file/bot<token>/<file_path>."""

    file_id: str
    file_unique_id: str
    file_path: str
    file_size: int
    data: bytes


def new_file(data: bytes, file_name: str, file_size: int | None = None) -> StoredFile:
    """Register-ready file; the random path segment keeps PTB from finding it on local disk."""
    return StoredFile(
        file_id="AgAC" + secrets.token_urlsafe(24),
        file_unique_id="AQAD" + secrets.token_urlsafe(8),
        file_path=f"fake-files/{secrets.token_hex(8)}/{file_name}",
        file_size=len(data) if file_size is None else file_size,
        data=data,
    )


def random_digits(length: int) -> str:
    """A numeric string id such as media_group_id, chat_instance or a callback query id."""
    return str(secrets.randbelow(9 * 10 ** (length - 1)) + 10 ** (length - 1))


def utf16_len(text: str) -> int:
    """Entity offsets and lengths count UTF-16 code units, not code points."""
    return len(text.encode("utf-16-le")) // 2


def user(user_id: int, first_name: str = "Test", username: str | None = None) -> dict[str, Any]:
    """A human ``User``."""
    return _compact(
        id=user_id,
        is_bot=False,
        first_name=first_name,
        username=username,
        language_code="vi",
    )


def bot_user(bot_id: int, username: str) -> dict[str, Any]:
    """The bot's own ``User``, as getMe returns it."""
    return {
        "id": bot_id,
        "is_bot": True,
        "first_name": "Fake Bot",
        "username": username,
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
    }


def chat(chat_id: int, owner: dict[str, Any] | None = None) -> dict[str, Any]:
    """A private ``Chat`` for positive ids (the user's own id), else a group."""
    if chat_id > 0:
        first_name = owner["first_name"] if owner else "Test"
        return {"id": chat_id, "type": "private", "first_name": first_name}
    kind = "supergroup" if str(chat_id).startswith("-100") else "group"
    return {"id": chat_id, "type": kind, "title": "Test group"}


def message(
    message_id: int, chat_: dict[str, Any], sender: dict[str, Any], **content: Any
) -> dict[str, Any]:
    """A ``Message``; ``content`` fields that are None are left out, as Telegram does."""
    return _compact(
        message_id=message_id, date=int(time.time()), chat=chat_, **{"from": sender}, **content
    )


def command_entities(text: str) -> list[dict[str, Any]]:
    """The ``bot_command`` entity PTB's CommandHandler looks for at offset 0."""
    if not text.startswith("/") or len(text) < 2:
        return []
    command = text.split(maxsplit=1)[0]
    return [{"type": "bot_command", "offset": 0, "length": utf16_len(command)}]


def photo_size(stored: StoredFile, width: int, height: int) -> dict[str, Any]:
    """One ``PhotoSize`` entry of a ``photo`` array."""
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "width": width,
        "height": height,
        "file_size": stored.file_size,
    }


def document(stored: StoredFile, file_name: str, mime_type: str | None) -> dict[str, Any]:
    """A ``Document``."""
    return _compact(
        file_id=stored.file_id,
        file_unique_id=stored.file_unique_id,
        file_name=file_name,
        mime_type=mime_type,
        file_size=stored.file_size,
    )


def media(kind: str, stored: StoredFile) -> dict[str, Any]:
    """A ``Video`` or ``Audio`` with the required fields and made-up dimensions."""
    base = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id, "duration": 1}
    if kind == "video":
        base.update(width=1280, height=720)
    return base | {"file_size": stored.file_size}


def sticker(stored: StoredFile, emoji: str) -> dict[str, Any]:
    """A static regular ``Sticker``."""
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
        "emoji": emoji,
        "file_size": stored.file_size,
    }


def voice(stored: StoredFile, duration: int) -> dict[str, Any]:
    """A ``Voice`` note."""
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "duration": duration,
        "mime_type": "audio/ogg",
        "file_size": stored.file_size,
    }


def inline_markup_only(markup: Any) -> dict[str, Any] | None:
    """Messages echo only inline keyboards; a reply keyboard would not parse as one in PTB."""
    if isinstance(markup, dict) and "inline_keyboard" in markup:
        return markup
    return None


# --- the wire: requests and answers ---------------------------------------------------------


class ApiError(Exception):
    """An error answer; the HTTP status equals error_code, as with the real Bot API."""

    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = description


class Upload(NamedTuple):
    """One multipart file part."""

    filename: str | None
    content_type: str | None
    data: bytes


async def read_params(request: web.Request) -> tuple[Params, dict[str, Upload]]:
    """Query string plus a form-urlencoded, multipart or JSON body, decoded."""
    raw: dict[str, str] = dict(request.query)
    uploads: dict[str, Upload] = {}
    if request.content_type == "application/json":
        body = await request.json() if request.can_read_body else {}
        return {**{k: decode_param(k, v) for k, v in raw.items()}, **body}, uploads
    if request.content_type == "multipart/form-data":
        async for part in await request.multipart():
            if not isinstance(part, BodyPartReader) or part.name is None:
                continue
            if part.filename is not None:
                content_type = part.headers.get("Content-Type")
                uploads[part.name] = Upload(part.filename, content_type, bytes(await part.read()))
            else:
                raw[part.name] = await part.text()
    else:
        raw.update({k: v for k, v in (await request.post()).items() if isinstance(v, str)})
    return {k: decode_param(k, v) for k, v in raw.items()}, uploads


def decode_param(name: str, value: str) -> Any:
    """PTB JSON-encodes every non-string parameter (chat_id, reply_markup, media, ...)."""
    if name in _STRING_PARAMS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def chat_id_param(p: Params) -> int:
    """The numeric chat_id; "@channel" names and missing ids get Telegram's error."""
    chat_id = p.get("chat_id")
    if not isinstance(chat_id, int) or isinstance(chat_id, bool):
        raise ApiError(400, "Bad Request: chat not found")
    return chat_id


def caption_param(p: Params) -> str | None:
    """The caption, limited to 1024 characters like Telegram's."""
    caption = p.get("caption")
    if caption is not None and len(caption) > 1024:
        raise ApiError(400, "Bad Request: message caption is too long")
    return caption


def error_response(status: int, description: str, **parameters: Any) -> web.Response:
    """``{"ok": false, ...}`` with the matching HTTP status (PTB judges by the status)."""
    body: Params = {"ok": False, "error_code": status, "description": description}
    if parameters:
        body["parameters"] = parameters
    return web.json_response(body, status=status)


def bad_gateway() -> web.Response:
    """What an overloaded proxy in front of the Bot API answers: HTML, not JSON."""
    return web.Response(status=502, text=_NGINX_502, content_type="text/html")


def _compact(**fields: Any) -> dict[str, Any]:
    return {key: value for key, value in fields.items() if value is not None}
