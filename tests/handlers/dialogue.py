"""Driving the engine like a user, with neutral types, a recording of replies and a clock."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from handlers.config import HandlerConfig
from handlers.engine import Engine
from handlers.filing.photo_intake import PhotoIntake
from handlers.types import Attachment, Channel, Incoming, Kind, Reply
from media import PhotoLimits

_keys = itertools.count(1)


@dataclass
class Clock:
    """A clock the test moves by hand (aware UTC datetimes)."""

    now: datetime = field(default_factory=lambda: datetime(2026, 11, 20, 3, 0, tzinfo=UTC))

    def __call__(self) -> datetime:
        return self.now


def make_engine(media_dir: Path, clock: Clock, **overrides: object) -> Engine:
    """The real engine with the real photo intake, on the test's media folder."""
    config = HandlerConfig(clock=clock, **overrides)  # type: ignore[arg-type]
    intake = PhotoIntake.local(str(media_dir), PhotoLimits())
    return Engine(config, intake)


class Chat:
    """One user talking to the engine; keeps every reply for assertions."""

    def __init__(
        self,
        engine: Engine,
        user_id: str = "u1",
        channel: Channel = Channel.CONSOLE,
        name: str = "Nguyễn Văn A",
    ) -> None:
        self.engine = engine
        self.user_id = user_id
        self.channel = channel
        self.name = name
        self.transcript: list[Reply] = []
        self.last: list[Reply] = []

    async def deliver(self, msg: Incoming) -> list[Reply]:
        """Hand one message to the engine and record what came back."""
        outcome = await self.engine.handle(msg)
        self.last = outcome.replies
        self.transcript += outcome.replies
        return outcome.replies

    def incoming(self, kind: Kind, key: str | None = None, **fields: object) -> Incoming:
        """A neutral message from this user."""
        return Incoming(
            channel=self.channel,
            user_id=self.user_id,
            chat_id=self.user_id,
            update_key=key or f"k{next(_keys)}",
            kind=kind,
            display_name=self.name,
            **fields,  # type: ignore[arg-type]
        )

    async def say(self, text: str, key: str | None = None) -> str:
        """Type a line ('/cmd args' becomes a command); returns the joined reply text."""
        if text.startswith("/"):
            command, *args = text[1:].split()
            msg = self.incoming(Kind.COMMAND, key, text=text, command=command, args=tuple(args))
        else:
            msg = self.incoming(Kind.TEXT, key, text=text)
        return self.text(await self.deliver(msg))

    def incoming_button(self, payload: str) -> Incoming:
        """A press of exactly this payload (no tag added: a keyboard from an older version)."""
        return self.incoming(Kind.BUTTON, payload=payload)

    async def press(self, payload: str, key: str | None = None) -> str:
        """Press the latest button shown with this payload (as sent, with the tag of its
        draft), or, if none was shown, send the payload as given."""
        shown = self.shown_payload(payload) or payload
        return self.text(await self.deliver(self.incoming(Kind.BUTTON, key, payload=shown)))

    def shown_payload(self, payload: str) -> str | None:
        """The payload of the latest button shown whose untagged payload is `payload`."""
        for reply in reversed(self.transcript):
            for button in reply.choices():
                if button.payload == payload or button.payload.rpartition("#")[0] == payload:
                    return button.payload
        return None

    async def location(self, lat: float, lon: float) -> str:
        """Share a location."""
        return self.text(
            await self.deliver(self.incoming(Kind.LOCATION, latitude=lat, longitude=lon))
        )

    async def photo(self, data: bytes, kind: Kind = Kind.PHOTO, key: str | None = None) -> str:
        """Send a photo whose bytes the engine fetches."""

        async def fetch() -> bytes:
            return data

        attachment = Attachment(fetch=fetch, size=len(data))
        return self.text(await self.deliver(self.incoming(kind, key, attachment=attachment)))

    async def sticker(self) -> str:
        """Something the bot cannot read."""
        return self.text(await self.deliver(self.incoming(Kind.UNSUPPORTED)))

    @staticmethod
    def text(replies: list[Reply]) -> str:
        return "\n".join(r.text for r in replies)

    def raw_payloads(self) -> list[str]:
        """Button payloads offered by the last replies, as sent (with their draft tags)."""
        return [b.payload for r in self.last for b in r.choices()]

    def payloads(self) -> list[str]:
        """Button payloads offered by the last replies, without the draft tags (`press`
        puts them back, as pressing the shown button would)."""
        return [p.rpartition("#")[0] or p for p in self.raw_payloads()]
