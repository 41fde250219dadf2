"""Zalo Bot API events → neutral `Incoming` messages (no business rules here).

Bodies are validated with pydantic before anything else reads them: ids are checked to be
short strings of `[A-Za-z0-9._-]` (they become database keys and log fields), media URLs to
be http(s).
"""

from __future__ import annotations

import re
from typing import Annotated, Any

import aiohttp
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from handlers.types import (
    Attachment,
    Channel,
    FetchBytes,
    FetchFailed,
    FetchRefused,
    Incoming,
    Kind,
)

TEXT_RECEIVED = "message.text.received"
IMAGE_RECEIVED = "message.image.received"
COMMAND = re.compile(r"^/(\w+)(?:\s+(.*))?$", re.DOTALL)
READ_TIMEOUT = 30.0  # seconds without a byte before a photo download is given up
CONNECT_TIMEOUT = 10.0
CHUNK = 64 * 1024
OVER_LIMIT = "photo download: larger than MAX_PHOTO_BYTES"

# Examples show 20 hex chars, but also `chat_id` "abc.xyz"; 64 is the id columns' width.
ZaloId = Annotated[str, Field(pattern=r"^[A-Za-z0-9._-]{1,64}$")]
HttpUrl = Annotated[str, Field(pattern=r"^https?://\S+$", max_length=4096)]


class ZaloUser(BaseModel):
    """`message.from`: the sender."""

    model_config = ConfigDict(extra="ignore")
    id: ZaloId
    display_name: str = Field(default="", max_length=500)
    name: str = Field(default="", max_length=500)  # some SDKs document `name` instead
    is_bot: bool = False


class ZaloChat(BaseModel):
    """`message.chat`: where to answer."""

    model_config = ConfigDict(extra="ignore")
    id: ZaloId
    chat_type: str = Field(default="PRIVATE", max_length=32)


class ZaloMessage(BaseModel):
    """`message`: text, or an image URL (`photo_url`, older docs `photo`), and ids."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)
    sender: ZaloUser = Field(alias="from")
    chat: ZaloChat
    message_id: ZaloId
    date: int | None = Field(default=None, ge=0)  # epoch milliseconds
    text: str | None = None
    photo_url: HttpUrl | None = None
    photo: HttpUrl | None = None
    caption: str | None = None

    @property
    def image_url(self) -> str | None:
        """The image's (expiring) URL under either documented key."""
        return self.photo_url or self.photo


class ZaloEvent(BaseModel):
    """One update: `event_name` and its `message`."""

    model_config = ConfigDict(extra="ignore")
    event_name: str = Field(pattern=r"^[a-z][a-z0-9_.]{0,59}$")
    message: ZaloMessage | None = None

    @model_validator(mode="before")
    @classmethod
    def _unwrap(cls, body: Any) -> Any:
        """Accept `{"ok": true, "result": {…}}` as well as the bare event."""
        if isinstance(body, dict) and "event_name" not in body and "result" in body:
            if body.get("ok") is not True:
                raise ValueError("an error envelope, not an update")
            return body["result"]
        return body


def parse_event(body: Any) -> ZaloEvent:
    """The validated event of a webhook body or getUpdates result; ValueError otherwise."""
    try:
        return ZaloEvent.model_validate(body)
    except ValidationError as problem:
        raise ValueError(f"not a Zalo event ({problem.error_count()} problems)") from None


def event_owner(event: ZaloEvent) -> str:
    """Whose conversation an event belongs to (the per-user ordering key)."""
    return event.message.sender.id if event.message is not None else "-"


def translate(
    event: ZaloEvent, session: aiohttp.ClientSession, max_photo_bytes: int
) -> Incoming | None:
    """The neutral message, or None for events that are not a user's message (or a bot's)."""
    message = event.message
    if message is None or message.sender.is_bot:
        return None
    base: dict[str, Any] = {
        "channel": Channel.ZALO,
        "user_id": message.sender.id,
        "chat_id": message.chat.id,
        "update_key": f"{event.event_name}:{message.message_id}",
        "display_name": message.sender.display_name or message.sender.name,
        "message_id": message.message_id,
    }
    if event.event_name == TEXT_RECEIVED and message.text is not None:
        return _from_text(base, message.text)
    if event.event_name == IMAGE_RECEIVED and message.image_url is not None:
        fetch = photo_fetcher(session, message.image_url, max_photo_bytes)
        attachment = Attachment(fetch=fetch, caption=message.caption)
        return Incoming(kind=Kind.PHOTO, attachment=attachment, **base)
    return Incoming(kind=Kind.UNSUPPORTED, **base)  # stickers, voice, files, locations…


def _from_text(base: dict[str, Any], text: str) -> Incoming:
    """Text, or a command: `/lienket CODE`, `/start CODE`, `/baocao`."""
    match = COMMAND.match(text.strip())
    if match is None:
        return Incoming(kind=Kind.TEXT, text=text, **base)
    command, rest = match.groups()
    args = tuple((rest or "").split())
    return Incoming(kind=Kind.COMMAND, text=text, command=command, args=args, **base)


def photo_fetcher(
    session: aiohttp.ClientSession, url: str, max_bytes: int, read_timeout: float = READ_TIMEOUT
) -> FetchBytes:
    """Download on demand (the engine asks at the photo step only, right away): bounded in
    size and time; every failure (4xx of an expired URL, timeouts) is FetchFailed, so the
    user is asked to send the photo again and the draft stays as it was; an empty or
    too large file is FetchRefused, so the user is told which."""

    async def fetch() -> bytes:
        timeout = aiohttp.ClientTimeout(
            total=None, sock_connect=CONNECT_TIMEOUT, sock_read=read_timeout
        )
        try:
            async with session.get(url, timeout=timeout) as response:
                if response.status != 200:
                    raise FetchFailed(f"photo download: HTTP {response.status}")
                if (response.content_length or 0) > max_bytes:
                    raise FetchRefused("too_large", OVER_LIMIT)
                data = bytearray()
                async for chunk in response.content.iter_chunked(CHUNK):
                    data += chunk
                    if len(data) > max_bytes:
                        raise FetchRefused("too_large", OVER_LIMIT)
        except (aiohttp.ClientError, TimeoutError) as problem:
            raise FetchFailed(f"photo download: {type(problem).__name__}") from problem
        if not data:
            raise FetchRefused("empty", "photo download: empty body")
        return bytes(data)

    return fetch
