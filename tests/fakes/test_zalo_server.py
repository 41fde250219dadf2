"""Self-tests for the fake Zalo Bot API server, driven by a plain aiohttp client."""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from tests.fakes.zalo_server import FakeZaloServer, Faults

PNG = b"\x89PNG\r\n\x1a\nfake-pixels"
HEX20 = re.compile(r"[0-9a-f]{20}")
SECRET = "s3cret-token"


@pytest.fixture
async def server() -> AsyncIterator[FakeZaloServer]:
    async with FakeZaloServer() as fake:
        yield fake


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as client:
        yield client


async def call(
    session: aiohttp.ClientSession, server: FakeZaloServer, method: str, **params: Any
) -> tuple[int, dict[str, Any]]:
    """POST a JSON Bot API call the way the adapter will."""
    async with session.post(f"{server.root}/bot{server.token}/{method}", json=params) as resp:
        return resp.status, await resp.json()


@contextlib.asynccontextmanager
async def serve(app: web.Application) -> AsyncIterator[str]:
    """Run a tiny aiohttp app on a free local port; yield its root URL."""
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    try:
        yield f"http://127.0.0.1:{runner.addresses[0][1]}"
    finally:
        await runner.cleanup()


class Receiver:
    """A bot-side webhook endpoint answering the given statuses, then 200."""

    def __init__(self, *statuses: int) -> None:
        self.statuses = list(statuses)
        self.requests: asyncio.Queue[tuple[str | None, dict[str, Any]]] = asyncio.Queue()

    async def handle(self, request: web.Request) -> web.Response:
        """Record the secret header and JSON body."""
        body = await request.json()
        await self.requests.put((request.headers.get("X-Bot-Api-Secret-Token"), body))
        return web.Response(status=self.statuses.pop(0) if self.statuses else 200)

    def app(self) -> web.Application:
        """The receiver as an app with POST /hook."""
        app = web.Application()
        app.router.add_post("/hook", self.handle)
        return app


async def test_get_me_reports_bot_identity(server, session):
    status, body = await call(session, server, "getMe")
    assert status == 200
    assert body["ok"] is True
    assert body["result"]["id"] == "1234567890"
    assert body["result"]["account_type"] == "BASIC"


async def test_get_updates_returns_one_event_then_408(server, session):
    user = server.new_user_id()
    assert HEX20.fullmatch(user)
    pushed = server.push_text(user, "Xin chào", display_name="Ted")

    status, body = await call(session, server, "getUpdates", timeout="1")
    assert status == 200
    assert body == {"ok": True, "result": pushed}  # one object, not an array
    message = body["result"]["message"]
    assert body["result"]["event_name"] == "message.text.received"
    assert message["from"] == {"id": user, "display_name": "Ted", "is_bot": False}
    assert message["chat"] == {"id": user, "chat_type": "PRIVATE"}
    assert HEX20.fullmatch(message["message_id"])
    assert message["date"] > 10**12  # milliseconds

    started = time.monotonic()
    status, body = await call(session, server, "getUpdates", timeout=1)
    assert status == 408
    assert body == {"ok": False, "error_code": 408, "description": "Request timeout"}
    assert 0.9 <= time.monotonic() - started < 3


async def test_long_poll_wakes_as_soon_as_an_event_is_pushed(server, session):
    poll = asyncio.create_task(call(session, server, "getUpdates", timeout=5))
    await server.wait_for_call("getUpdates", timeout=2)
    started = time.monotonic()
    pushed = server.push_text(server.new_user_id(), "1")
    status, body = await asyncio.wait_for(poll, 2)
    assert status == 200
    assert body["result"]["message"]["message_id"] == pushed["message"]["message_id"]
    assert time.monotonic() - started < 1


async def test_send_message_is_recorded_and_awaited(server, session):
    chat = server.new_user_id()
    status, body = await call(session, server, "sendMessage", chat_id=chat, text="Xin chào bạn")
    assert status == 200
    assert HEX20.fullmatch(body["result"]["message_id"])
    assert body["result"]["date"] > 10**12

    sent = await server.wait_for_message(chat, "chào", timeout=1)
    assert (sent.method, sent.chat_id, sent.text) == ("sendMessage", chat, "Xin chào bạn")
    assert sent.message_id == body["result"]["message_id"]
    assert server.sent_to(chat) == [sent]
    with pytest.raises(AssertionError, match="Xin chào bạn"):  # cursor moved past it
        await server.wait_for_message(chat, timeout=0.1)


async def test_text_over_2000_chars_is_rejected(server, session):
    chat = server.new_user_id()
    status, body = await call(session, server, "sendMessage", chat_id=chat, text="a" * 2001)
    assert status == 400
    assert body["ok"] is False and body["error_code"] == 400 and "2000" in body["description"]
    status, _ = await call(session, server, "sendMessage", chat_id=chat, text="")
    assert status == 400
    assert server.sent == []
    status, _ = await call(session, server, "sendMessage", chat_id=chat, text="a" * 2000)
    assert status == 200


async def serve_png(_request: web.Request) -> web.Response:
    """The bot's own image endpoint, as the adapter will expose one."""
    return web.Response(body=PNG, content_type="image/png")


async def test_send_photo_downloads_the_url(server, session):
    app = web.Application()
    app.router.add_get("/p.png", serve_png)
    chat = server.new_user_id()
    async with serve(app) as root:
        status, body = await call(
            session, server, "sendPhoto", chat_id=chat, photo=f"{root}/p.png", caption="Ảnh"
        )
        assert status == 200, body
        missing_status, missing = await call(
            session, server, "sendPhoto", chat_id=chat, photo=f"{root}/gone.png"
        )
    sent = await server.wait_for_message(chat, timeout=1)
    assert (sent.method, sent.text, sent.photo_bytes) == ("sendPhoto", "Ảnh", PNG)
    assert sent.photo_url == f"{root}/p.png"
    assert missing_status == 400 and "404" in missing["description"]
    assert len(server.sent) == 1
    assert server.photo_fetch_errors == [(f"{root}/gone.png", "HTTP 404")]


async def test_pushed_image_is_served_until_it_expires(server, session):
    user = server.new_user_id()
    message = server.push_image(user, PNG, caption="hiện trường")["message"]
    assert message["caption"] == "hiện trường"
    async with session.get(message["photo_url"]) as resp:
        assert resp.status == 200
        assert await resp.read() == PNG
    server.expire_media(message["photo_url"])
    async with session.get(message["photo_url"]) as resp:
        assert resp.status == 404

    legacy = server.push_image(user, PNG, legacy_key=True, expires_in=0)["message"]
    assert "photo_url" not in legacy
    async with session.get(legacy["photo"]) as resp:
        assert resp.status == 404
    assert [status for _, status in server.media_requests] == [200, 404, 404]


async def test_other_events_have_their_fields(server, session):
    user = server.new_user_id()
    server.push_sticker(user)
    server.push_voice(user, b"aac-bytes")
    server.push_unsupported(user)
    events = [(await call(session, server, "getUpdates", timeout=0))[1]["result"] for _ in "123"]
    assert [e["event_name"] for e in events] == [
        "message.sticker.received",
        "message.voice.received",
        "message.unsupported.received",
    ]
    assert HEX20.fullmatch(events[0]["message"]["sticker"])
    async with session.get(events[1]["message"]["voice_url"]) as resp:
        assert await resp.read() == b"aac-bytes"
    assert set(events[2]["message"]) == {"from", "chat", "message_id", "date"}


async def test_redeliver_repeats_the_same_message_id(server, session):
    event = server.push_text(server.new_user_id(), "2")
    server.redeliver(event)
    first = (await call(session, server, "getUpdates", timeout=0))[1]["result"]
    again = (await call(session, server, "getUpdates", timeout=0))[1]["result"]
    assert first == again == event


async def test_set_webhook_validates_secret_and_excludes_polling(server, session):
    status, body = await call(
        session, server, "setWebhook", url="https://bot.example/hook", secret_token="short"
    )
    assert status == 400 and "8-256" in body["description"]
    status, body = await call(
        session, server, "setWebhook", url="https://bot.example/hook", secret_token=SECRET
    )
    assert status == 200 and body["result"]["url"] == "https://bot.example/hook"
    _, info = await call(session, server, "getWebhookInfo")
    assert info["result"]["url"] == "https://bot.example/hook"

    status, body = await call(session, server, "getUpdates", timeout=0)
    assert status == 400 and "deleteWebhook" in body["description"]

    _, deleted = await call(session, server, "deleteWebhook")
    assert deleted["result"]["url"] == ""
    status, _ = await call(session, server, "getUpdates", timeout=0)
    assert status == 408


async def test_webhook_posts_wrapped_then_bare_bodies_with_secret(server, session):
    receiver = Receiver()
    async with serve(receiver.app()) as root:
        await call(session, server, "setWebhook", url=f"{root}/hook", secret_token=SECRET)
        wrapped = server.push_text(server.new_user_id(), "wrapped")
        secret, body = await asyncio.wait_for(receiver.requests.get(), 2)
        assert secret == SECRET
        assert body == {"ok": True, "result": wrapped}

        server.webhook_bare = True
        bare = server.push_text(server.new_user_id(), "bare")
        _, body = await asyncio.wait_for(receiver.requests.get(), 2)
        assert body == bare
        assert body["event_name"] == "message.text.received"


async def test_webhook_redelivers_after_500(server, session):
    receiver = Receiver(500)
    async with serve(receiver.app()) as root:
        await call(session, server, "setWebhook", url=f"{root}/hook", secret_token=SECRET)
        event = server.push_text(server.new_user_id(), "retry me")
        await server.wait_for_delivery(lambda d: d.status == 200, timeout=2)
    deliveries = [(d.attempt, d.status) for d in server.webhook_deliveries]
    assert deliveries == [(1, 500), (2, 200)]
    assert all(d.event == event for d in server.webhook_deliveries)
    bodies = [receiver.requests.get_nowait()[1] for _ in range(2)]
    ids = {b["result"]["message"]["message_id"] for b in bodies}
    assert ids == {event["message"]["message_id"]}


async def test_faults_inject_429_and_5xx(server, session):
    chat = server.new_user_id()
    server.faults = Faults(rate_429=1.0, methods={"sendMessage"}, seed=1)
    status, body = await call(session, server, "sendMessage", chat_id=chat, text="x")
    assert status == 429
    assert body == {"ok": False, "error_code": 429, "description": "Too Many Requests"}
    assert (await call(session, server, "getMe"))[0] == 200  # not in `methods`

    server.faults = Faults(rate_5xx=1.0)
    async with session.post(f"{server.root}/bot{server.token}/getMe") as resp:
        assert resp.status == 502
        assert "Bad Gateway" in await resp.text()

    server.faults = Faults(rate_5xx=1.0, status_5xx=500, limit=1)
    status, body = await call(session, server, "sendMessage", chat_id=chat, text="y")
    assert (status, body["error_code"]) == (500, 500)
    status, _ = await call(session, server, "sendMessage", chat_id=chat, text="z")
    assert status == 200
    assert server.fault_count == 3
    assert [m.text for m in server.sent] == ["z"]  # faulted sends are not recorded


async def test_wrong_token_and_unknown_method(server, session):
    async with session.post(f"{server.root}/bot123:wrong/getMe", json={}) as resp:
        assert resp.status == 401
        assert await resp.json() == {
            "ok": False,
            "error_code": 401,
            "description": "Unauthorized",
        }
    for method in ("nope", "getme"):  # method names are case-sensitive
        status, body = await call(session, server, method)
        assert (status, body["description"]) == (404, "Not Found")


async def test_form_bodies_and_get_queries_are_accepted(server, session):
    chat = server.new_user_id()
    url = f"{server.root}/bot{server.token}/sendMessage"
    async with session.post(url, data={"chat_id": chat, "text": "form"}) as resp:
        assert resp.status == 200
    async with session.get(url, params={"chat_id": chat, "text": "query"}) as resp:
        assert resp.status == 200
    assert [m.text for m in server.sent_to(chat)] == ["form", "query"]


async def test_chat_action_and_sticker(server, session):
    chat = server.new_user_id()
    status, body = await call(session, server, "sendChatAction", chat_id=chat, action="typing")
    assert (status, body) == (200, {"ok": True})
    status, _ = await call(session, server, "sendChatAction", chat_id=chat, action="dancing")
    assert status == 400
    status, _ = await call(session, server, "sendSticker", chat_id=chat, sticker="0e078a2f")
    assert status == 200
    params = await server.wait_for_call("sendSticker", "0e078a2f", timeout=1)
    assert params["chat_id"] == chat
    assert [m.method for m in server.sent] == ["sendSticker"]


async def test_stop_answers_a_pending_long_poll(session):
    fake = FakeZaloServer()
    await fake.start()
    poll = asyncio.create_task(call(session, fake, "getUpdates", timeout=30))
    await fake.wait_for_call("getUpdates", timeout=2)
    started = time.monotonic()
    await fake.stop()
    status, _ = await asyncio.wait_for(poll, 2)
    assert status == 408
    assert time.monotonic() - started < 1


async def test_unreachable_webhook_is_retried_and_recorded(session):
    async with serve(web.Application()) as root:
        pass  # the port is free again: nothing listens there now
    async with FakeZaloServer(webhook_max_attempts=2, webhook_retry_delay=0.01) as fake:
        await call(session, fake, "setWebhook", url=f"{root}/hook", secret_token=SECRET)
        fake.push_text(fake.new_user_id(), "lost")
        last = await fake.wait_for_delivery(lambda d: d.attempt == 2, timeout=3)
    assert last.status is None and last.error
    assert [d.status for d in fake.webhook_deliveries] == [None, None]
