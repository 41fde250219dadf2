"""Webhook mode: /zalo/webhook checks the secret, commits, then answers 200."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.app import build_engine
from bot.channels.zalo import build_zalo_channel
from bot.channels.zalo_webhook import SECRET_HEADER, WEBHOOK_PATH, add_zalo_webhook
from bot.settings import Settings
from bot.web import build_web_app, serving
from handlers.engine import Conversation
from handlers.texts import t
from models.conversation import ProcessedUpdate
from models.db import database_ok
from models.people import Identity
from tests.bot.telegram_harness import demo_units, failing_once, invite_code
from tests.bot.zalo_harness import ZaloUser, free_port, zalo_settings
from tests.fakes.zalo_server import FakeZaloServer

SECRET = "zalo-webhook-s3cret"


@pytest.fixture
async def server() -> AsyncIterator[FakeZaloServer]:
    async with FakeZaloServer() as fake:
        yield fake


def webhook_settings(database_url: str, media_dir: Path, server: FakeZaloServer) -> Settings:
    """Webhook mode on a free local port; the fake posts its events there."""
    port = free_port()
    return zalo_settings(
        database_url,
        media_dir,
        server,
        zalo_webhook_url=f"http://127.0.0.1:{port}{WEBHOOK_PATH}",
        zalo_webhook_secret=SECRET,
        webhook_listen=f"127.0.0.1:{port}",
    )


@asynccontextmanager
async def webhook_bot(settings: Settings, engine: Conversation | None = None) -> AsyncIterator[str]:
    """The channel's route on the shared web app; yields the server's root URL."""
    channel = build_zalo_channel(settings, engine or build_engine(settings))
    web_app = build_web_app(database_ok)
    add_zalo_webhook(web_app, channel, SECRET)
    port = int(settings.webhook_listen.rsplit(":", 1)[1])
    async with channel.webhook(), serving(web_app, "127.0.0.1", port):
        yield f"http://127.0.0.1:{port}"


async def post(url: str, body: Any, secret: str | None) -> int:
    """POST a body the way Zalo does, with or without the secret header."""
    headers = {SECRET_HEADER: secret} if secret is not None else {}
    async with (
        aiohttp.ClientSession() as session,
        session.post(url, json=body, headers=headers) as response,
    ):
        return response.status


async def test_secret_is_checked_and_wrapped_and_bare_bodies_are_answered(
    database_url: str, media_dir: Path, server: FakeZaloServer
) -> None:
    await demo_units()
    code = await invite_code()
    settings = webhook_settings(database_url, media_dir, server)
    guard = ZaloUser(server)
    async with webhook_bot(settings) as root:
        assert (server.webhook_url, server.webhook_secret) == (settings.zalo_webhook_url, SECRET)
        url = root + WEBHOOK_PATH
        forged = {
            "ok": True,
            "result": {
                "event_name": "message.text.received",
                "message": {
                    "from": {"id": guard.id, "display_name": "Kẻ giả mạo"},
                    "chat": {"id": guard.id},
                    "text": code,
                    "message_id": "0123456789abcdef0123",
                    "date": 1750316131602,
                },
            },
        }
        assert await post(url, forged, None) == 403
        assert await post(url, forged, SECRET + "x") == 403
        assert await post(url, forged, "") == 403
        assert await ProcessedUpdate.all().count() == 0 and server.sent == []

        await guard.say(code, "đã được đăng ký")  # wrapped {"ok": true, "result": …}
        delivered = await server.wait_for_delivery()
        assert delivered.status == 200 and delivered.body["ok"] is True
        server.webhook_bare = True
        await guard.say("/baocao", "Bước 1/")  # bare {"event_name": …, "message": …}
        bare = await server.wait_for_delivery()
        assert bare.status == 200 and "event_name" in bare.body
        assert await post(url, {"hello": "world"}, SECRET) == 400
        assert await post(url, {"ok": False, "error_code": 500}, SECRET) == 400
        async with aiohttp.ClientSession() as session, session.get(root + "/healthz") as health:
            assert (health.status, await health.json()) == (200, {"ok": True})

    assert await Identity.filter(channel="zalo", external_id=guard.id).count() == 1
    assert await ProcessedUpdate.filter(channel="zalo").count() == 2
    assert [d.attempt for d in server.webhook_deliveries] == [1, 1]


async def test_a_redelivered_event_is_answered_once(
    database_url: str, media_dir: Path, server: FakeZaloServer
) -> None:
    settings = webhook_settings(database_url, media_dir, server)
    stranger = ZaloUser(server)
    async with webhook_bot(settings):
        await stranger.say("xin chào", "chưa được đăng ký")
        first = await server.wait_for_delivery()
        server.redeliver(stranger.events[-1])
        again = await server.wait_for_delivery()
        assert again.event["message"]["message_id"] == first.event["message"]["message_id"]
        assert (first.status, again.status) == (200, 200)
        await stranger.say("chào lần nữa", "chưa được đăng ký")
    assert len(server.sent_to(stranger.id)) == 2
    assert await ProcessedUpdate.filter(channel="zalo").count() == 2


async def test_a_failed_event_answers_500_and_zalos_retry_is_handled(
    database_url: str, media_dir: Path, server: FakeZaloServer
) -> None:
    settings = webhook_settings(database_url, media_dir, server)
    stranger = ZaloUser(server)
    async with webhook_bot(settings, failing_once(settings)):
        await stranger.say("xin chào", "chưa được đăng ký")
    statuses = [(d.attempt, d.status) for d in server.webhook_deliveries]
    assert statuses == [(1, 500), (2, 200)]
    assert [m.text for m in server.sent_to(stranger.id)] == [t("vi", "unknown_person")]
    assert await ProcessedUpdate.all().count() == 1
