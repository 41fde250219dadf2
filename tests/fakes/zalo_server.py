"""Fake Zalo Bot platform API (bot-api.zaloplatforms.com) for adapter tests over real HTTP.

Speaks the wire format in /work/shared/ZALO.md: `POST /bot{token}/{method}` with the
`{"ok": …}` envelope, ONE update per getUpdates call and HTTP 408 when a long poll ends empty,
webhook pushes with `X-Bot-Api-Secret-Token`, and media URLs that expire. Tests push user
events (`push_text`, `push_image`, …) and assert on what the bot sent (`sent`,
`wait_for_message`). Choices where the public docs are silent are marked "fake:".

This module is the HTTP server and its Bot API method routes. The rest lives beside it:
tests/fakes/zalo_wire.py (envelope, limits, parameter parsing), zalo_records.py (what the bot
did, fault injection, waiting) and zalo_user.py (pushing user events, webhook delivery). The
names tests import from here are re-exported, so importers need not know about the split.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
from aiohttp import web

from tests.fakes.zalo_records import (
    Faults,
    Predicate,
    RecordsMixin,
    SentZaloMessage,
    WebhookDelivery,
)
from tests.fakes.zalo_user import UserMixin
from tests.fakes.zalo_wire import (
    CHAT_ACTIONS,
    DEFAULT_POLL_SECONDS,
    IMAGE_RECEIVED,
    PHOTO_MAX_BYTES,
    SECRET_LENGTHS,
    STICKER_RECEIVED,
    TEXT_LIMIT,
    TEXT_RECEIVED,
    UNSUPPORTED_RECEIVED,
    VOICE_RECEIVED,
    Event,
    bad_length,
    error,
    missing,
    now_ms,
    ok,
    read_params,
)

__all__ = [
    "CHAT_ACTIONS",
    "DEFAULT_POLL_SECONDS",
    "IMAGE_RECEIVED",
    "PHOTO_MAX_BYTES",
    "SECRET_LENGTHS",
    "STICKER_RECEIVED",
    "TEXT_LIMIT",
    "TEXT_RECEIVED",
    "UNSUPPORTED_RECEIVED",
    "VOICE_RECEIVED",
    "Event",
    "FakeZaloServer",
    "Faults",
    "Predicate",
    "SentZaloMessage",
    "WebhookDelivery",
]


class FakeZaloServer(RecordsMixin, UserMixin):
    """In-process Zalo Bot API on 127.0.0.1 with recording, webhooks and fault injection."""

    def __init__(
        self,
        token: str = "1234567890:fake-secret",
        *,
        webhook_max_attempts: int = 3,
        webhook_retry_delay: float = 0.05,
        webhook_timeout: float = 5.0,
        photo_fetch_timeout: float = 5.0,
    ) -> None:
        super().__init__()
        self.token = token
        self.bot_id = token.split(":", 1)[0]
        self.root = ""
        self.webhook_max_attempts = webhook_max_attempts
        self.webhook_retry_delay = webhook_retry_delay
        self.webhook_timeout = webhook_timeout
        self.photo_fetch_timeout = photo_fetch_timeout
        self.media_expired_status = 404  # fake: the CDN's answer is undocumented; 403 also seen
        self._webhook_updated_at = 0
        self._runner: web.AppRunner | None = None
        self._client: aiohttp.ClientSession | None = None
        self._worker: asyncio.Task[None] | None = None
        self._methods: dict[str, Callable[[dict[str, Any]], Awaitable[web.Response]]] = {
            "getMe": self._get_me,
            "getUpdates": self._get_updates,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "sendMessage": self._send_message,
            "sendPhoto": self._send_photo,
            "sendSticker": self._send_sticker,
            "sendChatAction": self._send_chat_action,
        }

    @property
    def api_url(self) -> str:
        """The value for ZALO_API_URL; the adapter calls f"{api_url}/bot{token}/{method}"."""
        return self.root

    # --- lifecycle -------------------------------------------------------------------------

    async def start(self) -> None:
        """Listen on a free port of 127.0.0.1 and start the webhook delivery worker."""
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/media/{name}", self._handle_media)
        # A short shutdown_timeout: stop() must not wait on abandoned long polls.
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self.root = f"http://127.0.0.1:{self._runner.addresses[0][1]}"
        self._client = aiohttp.ClientSession()
        self._worker = asyncio.create_task(self._deliver_webhooks())

    async def stop(self) -> None:
        """End pending polls, the delivery worker, the HTTP server and the client session."""
        self._end_polls()
        if self._worker is not None:
            self._worker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._worker
            self._worker = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        if self._client is not None:
            await self._client.close()
            self._client = None

    async def __aenter__(self) -> FakeZaloServer:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    # --- HTTP: routing, faults, media ------------------------------------------------------

    async def _handle_api(self, request: web.Request) -> web.Response:
        """Check the token, parse the call, maybe inject a fault, record it, run the method."""
        if request.match_info["token"] != self.token:
            return error(401, "Unauthorized")
        method = request.match_info["method"]
        handler = self._methods.get(method)  # names are case-sensitive, like Zalo's
        if handler is None:
            return error(404, "Not Found")
        try:
            params = await read_params(request)
        except ValueError as exc:  # json.JSONDecodeError is a ValueError
            return error(400, f"Bad Request: {exc}")
        fault = await self._inject_fault(method, params)
        if fault is not None:
            return fault
        self.calls.append((method, params))
        await self._notify()
        return await handler(params)

    async def _handle_media(self, request: web.Request) -> web.Response:
        """Serve a pushed file while it is live; the CDN's refusal once it has expired."""
        name = request.match_info["name"]
        media = self._media.get(name)
        if media is None or not media.is_live():
            status = self.media_expired_status
            self.media_requests.append((name, status))
            return web.Response(status=status, text="Not Found" if status == 404 else "Forbidden")
        self.media_requests.append((name, 200))
        return web.Response(body=media.data, content_type=media.content_type)

    # --- Bot API methods -------------------------------------------------------------------

    async def _get_me(self, params: dict[str, Any]) -> web.Response:
        return ok(
            {
                "id": self.bot_id,
                "account_name": "bot.FakeZalo",
                "account_type": "BASIC",
                "can_join_groups": False,
            }
        )

    async def _get_updates(self, params: dict[str, Any]) -> web.Response:
        """Long poll: one event as `result`, or HTTP 408 when the poll ends empty."""
        if self.webhook_url is not None:
            # fake: Zalo documents only that getUpdates "does not work" while a webhook is set.
            return error(400, "Bad Request: webhook is active, call deleteWebhook first")
        try:
            timeout = max(0.0, float(params.get("timeout", DEFAULT_POLL_SECONDS)))
        except (TypeError, ValueError):
            return error(400, "Bad Request: timeout must be a number of seconds")
        event = await self._next_update(timeout)
        if event is None:
            return error(408, "Request timeout")
        return ok(event)

    async def _set_webhook(self, params: dict[str, Any]) -> web.Response:
        if (absent := missing(params, "url", "secret_token")) is not None:
            return absent
        url, secret = str(params["url"]), str(params["secret_token"])
        # fake: real Zalo requires a public HTTPS URL; tests need http://127.0.0.1.
        if not url.startswith(("http://", "https://")):
            return error(400, "Bad Request: url must be an http(s) URL")
        if len(secret) not in SECRET_LENGTHS:
            return error(400, "Bad Request: secret_token must be 8-256 characters")
        self.webhook_url, self.webhook_secret = url, secret
        self._webhook_updated_at = now_ms()
        self._queue_pending_for_webhook()
        return ok({"url": url, "updated_at": self._webhook_updated_at})

    async def _delete_webhook(self, params: dict[str, Any]) -> web.Response:
        self.webhook_url = self.webhook_secret = None
        self._webhook_updated_at = now_ms()
        return ok({"url": "", "updated_at": self._webhook_updated_at})

    async def _get_webhook_info(self, params: dict[str, Any]) -> web.Response:
        return ok({"url": self.webhook_url or "", "updated_at": self._webhook_updated_at})

    async def _send_message(self, params: dict[str, Any]) -> web.Response:
        failed = missing(params, "chat_id", "text") or bad_length(params, "text")
        if failed is not None:
            return failed
        return await self._record_sent("sendMessage", params, text=str(params["text"]))

    async def _send_photo(self, params: dict[str, Any]) -> web.Response:
        """Download `photo` like Zalo's servers do; record the bytes or answer 400."""
        failed = missing(params, "chat_id", "photo") or bad_length(params, "caption")
        if failed is not None:
            return failed
        url = str(params["photo"])
        data, reason = await self._fetch_photo(url)
        if data is None:
            self.photo_fetch_errors.append((url, reason))
            return error(400, f"Bad Request: cannot download photo ({reason})")
        caption = params.get("caption")
        return await self._record_sent(
            "sendPhoto", params, text=caption or None, photo_url=url, photo_bytes=data
        )

    async def _fetch_photo(self, url: str) -> tuple[bytes | None, str]:
        """The photo's bytes, or None and why the download failed."""
        if not url.startswith(("http://", "https://")):
            return None, "photo must be an http(s) URL"
        assert self._client is not None
        chunks: list[bytes] = []
        try:
            timeout = aiohttp.ClientTimeout(total=self.photo_fetch_timeout)
            async with self._client.get(url, timeout=timeout) as response:
                if response.status != 200:
                    return None, f"HTTP {response.status}"
                async for chunk in response.content.iter_chunked(64 * 1024):
                    chunks.append(chunk)
                    if sum(map(len, chunks)) > PHOTO_MAX_BYTES:
                        return None, "photo too large"
        except (aiohttp.ClientError, TimeoutError) as exc:
            return None, f"{type(exc).__name__}: {exc}"
        data = b"".join(chunks)
        return (data, "") if data else (None, "empty body")

    async def _send_sticker(self, params: dict[str, Any]) -> web.Response:
        if (absent := missing(params, "chat_id", "sticker")) is not None:
            return absent
        return await self._record_sent("sendSticker", params)

    async def _send_chat_action(self, params: dict[str, Any]) -> web.Response:
        if (absent := missing(params, "chat_id", "action")) is not None:
            return absent
        if params["action"] not in CHAT_ACTIONS:
            return error(400, "Bad Request: action must be typing or upload_photo")
        return web.json_response({"ok": True})  # documented reply: no `result` member
