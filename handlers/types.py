"""Neutral message types: what every channel adapter translates to and renders from.

Adapters build an `Incoming` per platform update and render the `Reply` values the engine
returns; the conversation never sees a messenger library.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal, Protocol

FetchBytes = Callable[[], Awaitable[bytes]]
"""Downloads a photo or document on demand; adapters close over the platform's file reference."""


class Progress(Protocol):
    """An adapter's way to show slow work: `key` names it (a catalogue key, e.g.
    'photo_processing', for a chat action or a line of its own); `line`, when given, is a
    text in the user's language to show and keep up to date (a file's progress count)."""

    def __call__(self, key: str, line: str = "") -> Awaitable[None]: ...


class FetchFailed(Exception):
    """An adapter could not download a photo or file (network, expired link, too large)."""


class FetchRefused(FetchFailed):
    """The download worked but its size rules the file out, so the user can be told why.

    `reason` is one of PhotoRejected's: "empty" or "too_large".
    """

    def __init__(self, reason: Literal["empty", "too_large"], detail: str) -> None:
        super().__init__(detail)
        self.reason = reason


class Channel(StrEnum):
    """Where a message came from; part of every identity and update key."""

    CONSOLE = "console"
    TELEGRAM = "telegram"
    ZALO = "zalo"


class Kind(StrEnum):
    """What an incoming message carries."""

    TEXT = "text"
    COMMAND = "command"
    BUTTON = "button"
    PHOTO = "photo"
    DOCUMENT = "document"
    LOCATION = "location"
    UNSUPPORTED = "unsupported"


@dataclass(frozen=True, slots=True)
class Attachment:
    """A photo or file the user sent; bytes are fetched lazily by the engine."""

    fetch: FetchBytes
    file_name: str | None = None
    mime_type: str | None = None
    size: int | None = None
    media_group_id: str | None = None
    caption: str | None = None


@dataclass(frozen=True, slots=True)
class Incoming:
    """One user action, whatever the messenger.

    `update_key` identifies the platform update (Telegram update_id, Zalo event+message id,
    console line number) so that a redelivered update is handled once.
    """

    channel: Channel
    user_id: str
    chat_id: str
    update_key: str
    kind: Kind
    text: str = ""
    command: str = ""
    args: tuple[str, ...] = ()
    payload: str = ""
    attachment: Attachment | None = None
    latitude: float | None = None
    longitude: float | None = None
    display_name: str = ""
    message_id: str | None = None


@dataclass(frozen=True, slots=True)
class Button:
    """One choice; `payload` comes back as an Incoming of kind BUTTON."""

    label: str
    payload: str


@dataclass(frozen=True, slots=True)
class Reply:
    """One message to send back; channels without buttons show the choices numbered."""

    text: str = ""
    buttons: tuple[tuple[Button, ...], ...] = ()
    request_location: bool = False
    photo: bytes | None = None
    document: bytes | None = None
    file_name: str | None = None
    remove_keyboard: bool = False
    photos: tuple[bytes, ...] = ()
    """Several pictures shown together (a report's display copies): a Telegram album, links
    on Zalo, saved files on the console. The text and buttons follow them."""
    render: Callable[[], Reply] | None = None
    """CPU work (a chart, a file) that the engine runs in a thread after the update's
    transaction committed, replacing this reply with the one it returns: rendering then
    holds no database lock. Adapters never see a reply with `render` set."""

    def choices(self) -> list[Button]:
        """All buttons in reading order (for numbered rendering)."""
        return [button for row in self.buttons for button in row]


@dataclass(slots=True)
class Outcome:
    """What the engine did with one update: the replies and a short label for logs/metrics."""

    replies: list[Reply] = field(default_factory=list)
    duplicate: bool = False
    step: str = ""
    album: str | None = None
    """A media group whose acknowledgement the adapter must ask for after the quiet time."""
    person_id: int | None = None
    photo_bytes: int = 0
    lang: str = ""
    """The language the replies are in (adapters add their own notes in it); "" = default."""
