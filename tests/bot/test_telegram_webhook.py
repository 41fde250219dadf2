"""Webhook mode: our aiohttp route checks the secret, commits, then answers 200."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp
import pytest

from bot.app import build_engine
from bot.channels.telegram import TelegramChannel, build_telegram_app
from bot.channels.telegram_webhook import WEBHOOK_PATH, add_telegram_webhook
from bot.settings import Settings
from bot.web import build_web_app, serving
from handlers.texts import t
from models.conversation import ProcessedUpdate
from models.db import database_ok
from models.people import Identity
from tests.bot.telegram_harness import (
    TOKEN,
    demo_units,
    failing_once,
    invite_code,
    telegram_settings,
)
from tests.fakes.telegram_server import FakeTelegramServer

SECRET = "s3cret_Webhook-token"
PUBLIC_URL = "https://bot.example.vn/telegram/webhook"
USER = 321


@pytest.fixture
async def server() -> AsyncIterator[FakeTelegramServer]:
    async with FakeTelegramServer(token=TOKEN) as fake:
        yield fake


@asynccontextmanager
async def webhook_bot(settings: Settings, channel: TelegramChannel) -> AsyncIterator[str]:
    """Serve the channel's webhook on a free local port; yields the server's root URL."""
    web_app = build_web_app(database_ok)
    add_telegram_webhook(web_app, channel, SECRET)
    async with channel.webhook(), serving(web_app, "127.0.0.1", 0) as runner:
        host, port = runner.addresses[0][:2]
        yield f"http://{host}:{port}"


def webhook_settings(database_url: str, media_dir: Path, server: FakeTelegramServer) -> Settings:
    return telegram_settings(
        database_url,
        media_dir,
        server,
        telegram_webhook_url=PUBLIC_URL,
        telegram_webhook_secret=SECRET,
    )


async def test_secret_is_checked_and_a_repeated_update_is_handled_once(
    database_url: str, media_dir: Path, server: FakeTelegramServer
) -> None:
    await demo_units()
    code = await invite_code()
    settings = webhook_settings(database_url, media_dir, server)
    channel = build_telegram_app(settings, build_engine(settings))
    async with webhook_bot(settings, channel) as root:
        url = root + WEBHOOK_PATH
        update = server.push_text(USER, f"/start {code}")
        missing = await server.post_webhook(url, update)
        wrong = await server.post_webhook(url, update, secret_token=SECRET + "x")
        assert (missing[0], wrong[0]) == (403, 403)
        assert await ProcessedUpdate.all().count() == 0 and server.sent == []

        assert (await server.post_webhook(url, update, secret_token=SECRET))[0] == 200
        assert server.sent_to(USER)[-1].text and "đã được đăng ký" in server.sent_to(USER)[-1].text
        assert (await server.post_webhook(url, update, secret_token=SECRET))[0] == 200
        garbage = await server.post_webhook(url, {"hello": "world"}, secret_token=SECRET)
        async with aiohttp.ClientSession() as session, session.get(root + "/healthz") as health:
            assert (health.status, await health.json()) == (200, {"ok": True})

    assert garbage[0] == 400
    assert server.webhook == {"url": PUBLIC_URL, "secret_token": SECRET}
    assert len(server.sent_to(USER)) == 1
    assert await ProcessedUpdate.filter(update_key=str(update["update_id"])).count() == 1
    assert await Identity.filter(channel="telegram", external_id=str(USER)).count() == 1


async def test_a_failed_update_answers_500_and_its_redelivery_is_handled(
    database_url: str, media_dir: Path, server: FakeTelegramServer
) -> None:
    settings = webhook_settings(database_url, media_dir, server)
    channel = build_telegram_app(settings, failing_once(settings))
    async with webhook_bot(settings, channel) as root:
        update = server.push_text(USER, "xin chào")
        first = await server.post_webhook(root + WEBHOOK_PATH, update, secret_token=SECRET)
        assert first[0] == 500 and server.sent == []
        assert await ProcessedUpdate.all().count() == 0
        again = await server.post_webhook(root + WEBHOOK_PATH, update, secret_token=SECRET)
    assert again[0] == 200
    assert [m.text for m in server.sent_to(USER)] == [t("vi", "unknown_person")]


async def test_healthz_answers_503_when_the_database_does_not() -> None:
    async def unhealthy() -> bool:
        return False

    async with serving(build_web_app(unhealthy), "127.0.0.1", 0) as runner:
        host, port = runner.addresses[0][:2]
        async with (
            aiohttp.ClientSession() as session,
            session.get(f"http://{host}:{port}/healthz") as r,
        ):
            assert (r.status, await r.json()) == (503, {"ok": False})
