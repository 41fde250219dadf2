"""Running the real Telegram channel against the fake Bot API server, and playing a reporter."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.app import build_engine
from bot.channels.telegram import TelegramChannel, build_telegram_app
from bot.settings import Settings
from handlers.engine import Engine
from handlers.types import Incoming, Outcome
from models import access, directory
from models.demo_data import demo_csv
from models.people import Role
from tests.fakes.telegram_server import FakeTelegramServer, SentMessage
from tests.media.images import encode, scene

TOKEN = "123456:TEST-TOKEN"
POST = "LS-DBP-HN"  # the demo border post, reference point 21.9705, 106.7155


def telegram_settings(
    database_url: str, media_dir: Path, server: FakeTelegramServer, **overrides: Any
) -> Settings:
    """Settings of a test bot: the fake's URL, no rate limiter, a short album quiet time."""
    values: dict[str, Any] = {
        "database_url": database_url,
        "media_dir": media_dir,
        "telegram_bot_token": TOKEN,
        "telegram_api_url": server.root,
        "telegram_rate_limit": False,
        "telegram_webhook_url": None,
        "telegram_webhook_secret": None,
        "zalo_bot_token": None,
        "album_quiet_seconds": 0.3,
    }
    return Settings(**(values | overrides))


class FailingOnce(Engine):
    """The real engine, except that the first update fails (e.g. the database went away)."""

    failed = False

    async def handle(self, msg: Incoming, *args: Any, **kwargs: Any) -> Outcome:
        if not self.failed:
            self.failed = True
            raise ConnectionError("database went away")
        return await super().handle(msg, *args, **kwargs)


def failing_once(settings: Settings) -> FailingOnce:
    """The real engine's pieces in a FailingOnce."""
    real = build_engine(settings).engine
    return FailingOnce(real.config, real.photo_intake)


def channel_for(settings: Settings) -> TelegramChannel:
    """The real wiring: engine from settings, channel from settings and engine."""
    return build_telegram_app(settings, build_engine(settings))


@asynccontextmanager
async def polling_bot(
    settings: Settings, engine: Engine | None = None
) -> AsyncIterator[TelegramChannel]:
    """A polling bot with 1-second long polls (so stopping is quick)."""
    channel = build_telegram_app(settings, engine or build_engine(settings))
    async with channel.polling(poll_timeout=1):
        yield channel


async def demo_units() -> None:
    """The demo province's units and known places, nobody registered."""
    await directory.import_units(demo_csv("units.csv"))
    await directory.import_places(demo_csv("places.csv"))


async def invite_code(unit_code: str = POST, role: Role = Role.REPORTER) -> str:
    """A fresh one-time invite to the unit."""
    unit = await directory.get_unit_by_code(unit_code)
    assert unit is not None
    invite = await access.create_invite(unit, role, None, datetime.now(UTC), 7)
    return invite.code


def jpeg(seed: int, width: int = 640, height: int = 480) -> bytes:
    """A real, distinct JPEG photo."""
    return encode(scene(width, height, seed), "JPEG")


def raw_inline_payloads(message: SentMessage) -> list[str]:
    """The callback data of an inline keyboard the bot sent, as sent."""
    markup = message.reply_markup or {}
    return [b["callback_data"] for row in markup.get("inline_keyboard", []) for b in row]


def inline_payloads(message: SentMessage) -> list[str]:
    """The callback data of an inline keyboard, without the draft tags the bot adds."""
    return [data.rpartition("#")[0] or data for data in raw_inline_payloads(message)]


class Reporter:
    """One Telegram user talking to the bot through the fake server."""

    def __init__(self, server: FakeTelegramServer, user_id: int, *, redeliver: bool = False):
        self.server = server
        self.user_id = user_id
        self.redeliver = redeliver  # deliver every update twice, as after a lost offset
        self._turn = 0

    def _pushed(self, update: dict[str, Any]) -> dict[str, Any]:
        self._turn += 1
        if self.redeliver:
            self.server.duplicate_delivery(update, same_batch=self._turn % 2 == 0)
        return update

    async def expect(self, text: str, timeout: float = 15.0) -> SentMessage:  # noqa: ASYNC109
        """The next message to this user containing `text`."""
        return await self.server.wait_for_message(self.user_id, text, timeout=timeout)

    async def say(self, text: str, expect: str) -> SentMessage:
        """Type a line (a /command too) and wait for the answer containing `expect`."""
        self._pushed(self.server.push_text(self.user_id, text, first_name=f"Cán bộ {self.user_id}"))
        return await self.expect(expect)

    async def press(self, payload: str, expect: str) -> SentMessage:
        """Press a button of the bot's latest inline keyboard, as shown: `payload` without
        the draft tag the bot adds (`review:submit` presses `review:submit#1a2b3c4d`)."""
        self._pushed(self.server.push_callback(self.user_id, self.shown(payload)))
        return await self.expect(expect)

    def shown(self, payload: str) -> str:
        """The callback data of the latest button sent with this payload (tag included)."""
        for message in reversed(self.server.sent_to(self.user_id)):
            for data in raw_inline_payloads(message):
                if data == payload or data.rpartition("#")[0] == payload:
                    return data
        return payload

    async def share_location(self, lat: float, lon: float, expect: str) -> SentMessage:
        """Press the request-location button."""
        self._pushed(self.server.push_location(self.user_id, lat, lon))
        return await self.expect(expect)

    async def send_album(self, images: list[bytes], expect: str) -> list[dict[str, Any]]:
        """Several photos sharing a media_group_id."""
        updates = [self._pushed(u) for u in self.server.push_album(self.user_id, images)]
        await self.expect(expect)
        return updates
