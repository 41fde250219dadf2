"""Running the real Zalo channel against the fake Zalo Bot API, playing a Zalo user, and the
set-up Zalo tests share (a joined guard, a report walked step by step, a started client)."""

from __future__ import annotations

import re
import socket
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from bot.app import build_engine
from bot.channels.retry import RetryPolicy
from bot.channels.zalo import ZaloChannel, build_zalo_channel
from bot.channels.zalo_client import ZaloClient
from bot.links import LinkStore
from bot.settings import Settings
from handlers.engine import Conversation
from tests.bot.telegram_harness import demo_units, invite_code
from tests.fakes.zalo_server import FakeZaloServer, SentZaloMessage

TOKEN = "1234567890:fake-secret"  # the fake's default token
CHOICE = re.compile(r"^(\d+)\. (.+)$", re.MULTILINE)


def zalo_settings(
    database_url: str, media_dir: Path, server: FakeZaloServer, **overrides: Any
) -> Settings:
    """Settings of a test bot: the fake's URL, 1-second long polls, no other channel."""
    values: dict[str, Any] = {
        "database_url": database_url,
        "media_dir": media_dir,
        "zalo_bot_token": TOKEN,
        "zalo_api_url": server.api_url,
        "zalo_webhook_url": None,
        "zalo_webhook_secret": None,
        "zalo_poll_timeout": 1,
        "telegram_bot_token": None,
        "public_base_url": None,
    }
    return Settings(**(values | overrides))


@asynccontextmanager
async def polling_zalo(
    settings: Settings, engine: Conversation | None = None, links: LinkStore | None = None
) -> AsyncIterator[ZaloChannel]:
    """A polling Zalo channel with the real wiring (engine from settings unless given)."""
    channel = build_zalo_channel(settings, engine or build_engine(settings), links)
    async with channel.polling(poll_timeout=settings.zalo_poll_timeout):
        yield channel


@asynccontextmanager
async def sending_zalo(settings: Settings, links: LinkStore) -> AsyncIterator[ZaloChannel]:
    """A Zalo channel whose client is started but which receives nothing: for send-only tests."""
    channel = build_zalo_channel(settings, build_engine(settings), links)
    await channel.client.start()
    try:
        yield channel
    finally:
        await channel.client.stop()


@asynccontextmanager
async def zalo_client(
    server: FakeZaloServer, policy: RetryPolicy, token: str = TOKEN
) -> AsyncIterator[ZaloClient]:
    """A started Zalo API client pointed at the fake (a wrong `token` too, to test refusals)."""
    client = ZaloClient(server.api_url, token, policy=policy)
    await client.start()
    try:
        yield client
    finally:
        await client.stop()


def choices(message: SentZaloMessage) -> dict[str, str]:
    """The numbered choices of a message: label → number."""
    return {label: number for number, label in CHOICE.findall(message.text or "")}


def free_port() -> int:
    """A local port nobody listens on (for servers whose URL must be known in advance)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class ZaloUser:
    """One Zalo user talking to the bot through the fake server."""

    def __init__(
        self, server: FakeZaloServer, name: str = "Cán bộ Zalo", user_id: str | None = None
    ) -> None:
        self.server = server
        self.id = user_id or server.new_user_id()  # the fake's hex ids unless told otherwise
        self.name = name
        self.events: list[dict[str, Any]] = []

    async def expect(self, text: str, timeout: float = 15.0) -> SentZaloMessage:  # noqa: ASYNC109
        """The next message to this user containing `text`."""
        return await self.server.wait_for_message(self.id, text, timeout=timeout)

    async def say(self, text: str, expect: str) -> SentZaloMessage:
        """Type a line (a /command too) and wait for the answer containing `expect`."""
        self.events.append(self.server.push_text(self.id, text, display_name=self.name))
        return await self.expect(expect)

    async def pick(self, question: SentZaloMessage, label: str, expect: str) -> SentZaloMessage:
        """Answer a numbered question by typing the number of the choice labelled `label`."""
        number = choices(question)[label]
        return await self.say(number, expect)

    async def send_photo(self, data: bytes, expect: str, **options: Any) -> SentZaloMessage:
        """Send an image (served by the fake at an expiring URL)."""
        event = self.server.push_image(self.id, data, display_name=self.name, **options)
        self.events.append(event)
        return await self.expect(expect)


@asynccontextmanager
async def joined_guard(
    database_url: str,
    media_dir: Path,
    server: FakeZaloServer,
    join: Callable[[str], str] = str,
    **overrides: Any,
) -> AsyncIterator[ZaloUser]:
    """The demo units, a polling bot, and a guard who has joined by typing `join(invite code)`.

    Most Zalo conversation tests start here; `overrides` go to the bot's settings.
    """
    await demo_units()
    code = await invite_code()
    guard = ZaloUser(server)
    async with polling_zalo(zalo_settings(database_url, media_dir, server, **overrides)):
        await guard.say(join(code), "đã được đăng ký")
        yield guard


async def answer_steps(user: ZaloUser, *answers: str) -> list[SentZaloMessage]:
    """Start a report with /baocao and answer its numbered steps in order.

    Each answer must bring the next step ("Bước n/"); returns the questions, step 1 first.
    """
    questions = [await user.say("/baocao", "Bước 1/")]
    for step, answer in enumerate(answers, start=2):
        questions.append(await user.say(answer, f"Bước {step}/"))
    return questions


async def submit(user: ZaloUser, send: str) -> tuple[SentZaloMessage, SentZaloMessage]:
    """End the photos with "xong" and send the report by typing `send`: (review, receipt)."""
    review = await user.say("xong", "Kiểm tra báo cáo")
    return review, await user.say(send, "Đã gửi báo cáo số #")
