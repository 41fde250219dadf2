"""Fake Zalo Bot platform API (bot-api.zaloplatforms.com) for adapter tests over real HTTP.

Speaks the wire format in /work/shared/ZALO.md: `POST /bot{token}/{method}` with the
`{"ok": …}` envelope, ONE update per getUpdates call and HTTP 408 when a long poll ends empty,
webhook pushes with `X-Bot-Api-Secret-Token`, and media URLs that expire. Tests push user
events (`push_text`, `push_image`, …) and assert on what the bot sent (`sent`,
`wait_for_message`). Choices where the public docs are silent are marked "fake:".
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import random
import secrets
import time
from collections import deque
from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

TEXT_LIMIT = 2000  # sendMessage text and sendPhoto caption: 1-2000 characters
SECRET_LENGTHS = range(8, 257)  # setWebhook secret_token: 8-256 characters
CHAT_ACTIONS = frozenset({"typing", "upload_photo"})
DEFAULT_POLL_SECONDS = 30.0  # documented getUpdates default
PHOTO_MAX_BYTES = 20 * 1024 * 1024  # fake: Zalo publishes no limit; guards the test process

TEXT_RECEIVED = "message.text.received"
IMAGE_RECEIVED = "message.image.received"
STICKER_RECEIVED = "message.sticker.received"
VOICE_RECEIVED = "message.voice.received"
UNSUPPORTED_RECEIVED = "message.unsupported.received"

Predicate = Callable[[Any], bool] | str | None
Event = dict[str, Any]


@dataclass
class SentZaloMessage:
    """One message the bot sent (sendMessage, sendPhoto or sendSticker)."""

    method: str
    chat_id: str
    text: str | None  # text, or the photo caption
    photo_url: str | None
    photo_bytes: bytes | None  # what the fake downloaded from photo_url
    params: dict[str, Any]
    message_id: str
    date: int  # epoch milliseconds


@dataclass
class WebhookDelivery:
    """One POST attempt of an update to the bot's webhook."""

    url: str
    event: Event
    body: dict[str, Any]
    attempt: int  # 1-based; redeliveries of one event share message_id
    status: int | None  # None when the connection failed or timed out
    error: str | None = None


@dataclass
class Faults:
    """Failure injection for API calls, off by default; `methods` empty means every method."""

    rate_429: float = 0.0
    rate_5xx: float = 0.0
    delay_seconds: float = 0.0
    methods: Collection[str] = frozenset()
    seed: int | None = None
    status_5xx: int = 502  # 502 answers an HTML gateway page, any other 5xx a JSON envelope
    limit: int | None = None  # stop injecting after this many faults (None: never stop)
    injected: int = field(default=0, init=False)
    _rng: random.Random = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        """Seed the private random generator so fault sequences are reproducible."""
        self._rng = random.Random(self.seed)

    def applies_to(self, method: str) -> bool:
        """True when calls to `method` are subject to injection."""
        return not self.methods or method in self.methods

    def draw(self) -> int | None:
        """Return the HTTP status to inject for one call, or None to let it through."""
        if self.limit is not None and self.injected >= self.limit:
            return None
        roll = self._rng.random()
        if roll < self.rate_429:
            status = 429
        elif roll < self.rate_429 + self.rate_5xx:
            status = self.status_5xx
        else:
            return None
        self.injected += 1
        return status


@dataclass
class _Media:
    data: bytes
    content_type: str
    expires_at: float | None  # time.monotonic() deadline
    expired: bool = False

    def is_live(self) -> bool:
        """True while the URL still serves its bytes."""
        deadline_ok = self.expires_at is None or time.monotonic() < self.expires_at
        return not self.expired and deadline_ok


def _now_ms() -> int:
    return int(time.time() * 1000)


def _hex_id() -> str:
    """A 20-char lowercase hex id, the shape of Zalo user and message ids."""
    return secrets.token_hex(10)


def _ok(result: Any) -> web.Response:
    return web.json_response({"ok": True, "result": result})


def _error(code: int, description: str) -> web.Response:
    return web.json_response(
        {"ok": False, "error_code": code, "description": description}, status=code
    )


def _matcher(predicate: Predicate, as_text: Callable[[Any], str]) -> Callable[[Any], bool]:
    """Turn None / a substring / a callable into a predicate."""
    if predicate is None:
        return lambda _item: True
    if isinstance(predicate, str):
        return lambda item: predicate in as_text(item)
    return predicate


async def _read_params(request: web.Request) -> dict[str, Any]:
    """Merge query parameters with a JSON, form or bare-JSON body; ValueError if malformed."""
    params: dict[str, Any] = dict(request.query)
    if request.method != "POST" or not request.can_read_body:
        return params
    if request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        form = await request.post()
        params.update({k: v for k, v in form.items() if isinstance(v, str)})
        return params
    raw = await request.text()  # JSON, also when sent as text/plain or with no content type
    if raw.strip():
        body = json.loads(raw)
        if not isinstance(body, dict):
            raise ValueError("body must be a JSON object")
        params.update(body)
    return params


def _missing(params: dict[str, Any], *names: str) -> web.Response | None:
    """A 400 for the first required parameter that is absent or empty."""
    for name in names:
        if params.get(name) in (None, ""):
            return _error(400, f"Bad Request: {name} is required")
    return None


def _bad_length(params: dict[str, Any], name: str) -> web.Response | None:
    """A 400 when a text parameter exceeds the 2000-character limit."""
    value = params.get(name)
    if value is not None and len(str(value)) > TEXT_LIMIT:
        return _error(400, f"Bad Request: {name} must be 1-{TEXT_LIMIT} characters")
    return None


class FakeZaloServer:
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
        self.token = token
        self.bot_id = token.split(":", 1)[0]
        self.root = ""
        self.faults = Faults()
        self.fault_count = 0
        self.faulted: list[tuple[str, dict[str, Any], int]] = []
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.sent: list[SentZaloMessage] = []
        self.webhook_deliveries: list[WebhookDelivery] = []
        self.photo_fetch_errors: list[tuple[str, str]] = []
        self.media_requests: list[tuple[str, int]] = []
        self.webhook_url: str | None = None
        self.webhook_secret: str | None = None
        self.webhook_bare = False  # True: POST {"event_name":…} instead of {"ok":…,"result":…}
        self.webhook_max_attempts = webhook_max_attempts
        self.webhook_retry_delay = webhook_retry_delay
        self.webhook_timeout = webhook_timeout
        self.photo_fetch_timeout = photo_fetch_timeout
        self.media_expired_status = 404  # fake: the CDN's answer is undocumented; 403 also seen
        self._webhook_updated_at = 0
        self._updates: deque[Event] = deque()
        self._updates_ready = asyncio.Event()  # pushes are sync, so an Event, not a Condition
        self._webhook_queue: asyncio.Queue[Event] = asyncio.Queue()
        self._recorded = asyncio.Condition()
        self._cursors: dict[tuple[str, str], int] = {}
        self._media: dict[str, _Media] = {}
        self._closing = False
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
        self._closing = True
        self._updates_ready.set()
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

    # --- users: push events ----------------------------------------------------------------

    def new_user_id(self) -> str:
        """A fresh Zalo-shaped user id (20 lowercase hex chars)."""
        return _hex_id()

    def push_text(self, user_id: str, text: str, display_name: str = "Người dùng") -> Event:
        """The user sends a text message."""
        return self._push(TEXT_RECEIVED, user_id, display_name, text=text)

    def push_image(
        self,
        user_id: str,
        image_bytes: bytes,
        caption: str | None = None,
        legacy_key: bool = False,
        expires_in: float | None = None,
        display_name: str = "Người dùng",
        content_type: str = "image/jpeg",
    ) -> Event:
        """The user sends a photo, served by the fake at an expiring /media URL."""
        url = self._store_media(image_bytes, ".jpg", content_type, expires_in)
        content: dict[str, Any] = {"photo" if legacy_key else "photo_url": url}
        if caption is not None:
            content["caption"] = caption
        return self._push(IMAGE_RECEIVED, user_id, display_name, **content)

    def push_sticker(self, user_id: str, display_name: str = "Người dùng") -> Event:
        """The user sends a sticker (`sticker` id and image `url`)."""
        url = self._store_media(b"RIFF\x00\x00\x00\x00WEBP", ".webp", "image/webp", None)
        return self._push(STICKER_RECEIVED, user_id, display_name, sticker=_hex_id(), url=url)

    def push_voice(
        self, user_id: str, audio_bytes: bytes = b"fake-aac", display_name: str = "Người dùng"
    ) -> Event:
        """The user sends a voice note (`voice_url`)."""
        url = self._store_media(audio_bytes, ".aac", "audio/aac", None)
        return self._push(VOICE_RECEIVED, user_id, display_name, voice_url=url)

    def push_unsupported(self, user_id: str, display_name: str = "Người dùng") -> Event:
        """The user sends something the Bot API does not carry (file, location, …)."""
        return self._push(UNSUPPORTED_RECEIVED, user_id, display_name)

    def push_raw(self, event: Event) -> Event:
        """Queue an arbitrary event (bare form) as-is, for hostile-input tests."""
        self._enqueue(event)
        return event

    def redeliver(self, event: Event) -> Event:
        """Deliver the same event again (same message_id), as Zalo retries do."""
        self._enqueue(event)
        return event

    def expire_media(self, url: str) -> None:
        """Make later GETs of a pushed media URL fail, as Zalo's expiring links do."""
        self._media[url.rsplit("/", 1)[-1]].expired = True

    @property
    def pending_updates(self) -> int:
        """Events queued for getUpdates and not yet fetched."""
        return len(self._updates)

    def _push(self, event_name: str, user_id: str, display_name: str, **content: Any) -> Event:
        message = {
            "from": {"id": user_id, "display_name": display_name, "is_bot": False},
            "chat": {"id": user_id, "chat_type": "PRIVATE"},
            **content,
            "message_id": _hex_id(),
            "date": _now_ms(),
        }
        return self.push_raw({"event_name": event_name, "message": message})

    def _enqueue(self, event: Event) -> None:
        """Route to the webhook when one is set, else to the getUpdates queue."""
        event = copy.deepcopy(event)  # later edits by the test must not change what is sent
        if self.webhook_url is not None:
            self._webhook_queue.put_nowait(event)
        else:
            self._updates.append(event)
            self._updates_ready.set()

    def _store_media(self, data: bytes, suffix: str, content_type: str, ttl: float | None) -> str:
        if not self.root:
            raise RuntimeError("start the FakeZaloServer before pushing media")
        name = secrets.token_urlsafe(16) + suffix
        expires_at = None if ttl is None else time.monotonic() + ttl
        self._media[name] = _Media(data, content_type, expires_at)
        return f"{self.root}/media/{name}"

    # --- recording and waiting -------------------------------------------------------------
    # The wait_for_* helpers take `timeout=` (ASYNC109) because tests read better with it.

    def sent_to(self, chat_id: str) -> list[SentZaloMessage]:
        """Everything sent to one chat, oldest first."""
        return [m for m in self.sent if m.chat_id == str(chat_id)]

    async def wait_for_message(
        self,
        chat_id: str,
        predicate: Predicate = None,
        timeout: float = 10,  # noqa: ASYNC109
    ) -> SentZaloMessage:
        """The next message to `chat_id` past this chat's cursor that matches the predicate."""
        match = _matcher(predicate, lambda m: m.text or "")
        key = ("chat", str(chat_id))
        found = await self._wait_past_cursor(key, lambda: self.sent_to(chat_id), match, timeout)
        if found is None:
            seen = [(m.method, m.text) for m in self.sent_to(chat_id)]
            others = [(m.chat_id, m.method, m.text) for m in self.sent if m.chat_id != str(chat_id)]
            raise AssertionError(
                f"no new message to {chat_id} matching {predicate!r} within {timeout}s; "
                f"sent to this chat: {seen}; sent elsewhere: {others}"
            )
        return found

    async def wait_for_call(
        self,
        method: str,
        predicate: Predicate = None,
        timeout: float = 10,  # noqa: ASYNC109
    ) -> dict[str, Any]:
        """Params of the next call to `method` past its cursor matching the predicate."""
        match = _matcher(predicate, lambda p: json.dumps(p, ensure_ascii=False, default=str))
        found = await self._wait_past_cursor(
            ("call", method),
            lambda: [params for name, params in self.calls if name == method],
            match,
            timeout,
        )
        if found is None:
            raise AssertionError(
                f"no new {method} call matching {predicate!r} within {timeout}s; "
                f"calls so far: {[name for name, _ in self.calls]}"
            )
        return found

    async def wait_for_delivery(
        self,
        predicate: Predicate = None,
        timeout: float = 10,  # noqa: ASYNC109
    ) -> WebhookDelivery:
        """The next webhook delivery attempt past the cursor matching the predicate."""
        match = _matcher(predicate, lambda d: json.dumps(d.body, ensure_ascii=False))
        found = await self._wait_past_cursor(
            ("delivery", ""), lambda: self.webhook_deliveries, match, timeout
        )
        if found is None:
            seen = [(d.attempt, d.status, d.error) for d in self.webhook_deliveries]
            raise AssertionError(f"no webhook delivery matching {predicate!r}; saw {seen}")
        return found

    async def _wait_past_cursor(
        self,
        key: tuple[str, str],
        items: Callable[[], list[Any]],
        match: Callable[[Any], bool],
        within: float,
    ) -> Any | None:
        """Wait on the Condition until an item past the cursor matches; advance past it."""
        found: list[Any] = []

        def scan() -> bool:
            current = items()
            for index in range(self._cursors.get(key, 0), len(current)):
                if match(current[index]):
                    self._cursors[key] = index + 1
                    found.append(current[index])
                    return True
            return False

        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(within), self._recorded:
                await self._recorded.wait_for(scan)
        return found[0] if found else None

    async def _notify(self) -> None:
        async with self._recorded:
            self._recorded.notify_all()

    async def _record_sent(
        self,
        method: str,
        params: dict[str, Any],
        text: str | None = None,
        photo_url: str | None = None,
        photo_bytes: bytes | None = None,
    ) -> web.Response:
        """Record a successful send and answer with Zalo's {message_id, date} result."""
        message = SentZaloMessage(
            method,
            str(params["chat_id"]),
            text,
            photo_url,
            photo_bytes,
            params,
            _hex_id(),
            _now_ms(),
        )
        self.sent.append(message)
        await self._notify()
        return _ok({"message_id": message.message_id, "date": message.date})

    # --- HTTP: routing, faults, media ------------------------------------------------------

    async def _handle_api(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _error(401, "Unauthorized")
        method = request.match_info["method"]
        handler = self._methods.get(method)  # names are case-sensitive, like Zalo's
        if handler is None:
            return _error(404, "Not Found")
        try:
            params = await _read_params(request)
        except ValueError as exc:  # json.JSONDecodeError is a ValueError
            return _error(400, f"Bad Request: {exc}")
        fault = await self._inject_fault(method, params)
        if fault is not None:
            return fault
        self.calls.append((method, params))
        await self._notify()
        return await handler(params)

    async def _inject_fault(self, method: str, params: dict[str, Any]) -> web.Response | None:
        faults = self.faults
        if not faults.applies_to(method):
            return None
        if faults.delay_seconds > 0:
            await asyncio.sleep(faults.delay_seconds)  # simulated latency, not a poll loop
        status = faults.draw()
        if status is None:
            return None
        self.fault_count += 1
        self.faulted.append((method, params, status))
        if status == 429:
            return _error(429, "Too Many Requests")
        if status == 502:  # what a gateway in front of the API answers: HTML, not JSON
            html = "<html><body><h1>502 Bad Gateway</h1></body></html>"
            return web.Response(status=502, text=html, content_type="text/html")
        return _error(status, "Internal Server Error")

    async def _handle_media(self, request: web.Request) -> web.Response:
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
        return _ok(
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
            return _error(400, "Bad Request: webhook is active, call deleteWebhook first")
        try:
            timeout = max(0.0, float(params.get("timeout", DEFAULT_POLL_SECONDS)))
        except (TypeError, ValueError):
            return _error(400, "Bad Request: timeout must be a number of seconds")
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not self._updates and not self._closing:
            self._updates_ready.clear()
            remaining = deadline - loop.time()
            if remaining <= 0:
                break
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._updates_ready.wait(), remaining)
        if not self._updates or self._closing:
            return _error(408, "Request timeout")
        return _ok(self._updates.popleft())

    async def _set_webhook(self, params: dict[str, Any]) -> web.Response:
        if (missing := _missing(params, "url", "secret_token")) is not None:
            return missing
        url, secret = str(params["url"]), str(params["secret_token"])
        # fake: real Zalo requires a public HTTPS URL; tests need http://127.0.0.1.
        if not url.startswith(("http://", "https://")):
            return _error(400, "Bad Request: url must be an http(s) URL")
        if len(secret) not in SECRET_LENGTHS:
            return _error(400, "Bad Request: secret_token must be 8-256 characters")
        self.webhook_url, self.webhook_secret = url, secret
        self._webhook_updated_at = _now_ms()
        while self._updates:  # updates not yet polled go to the new webhook
            self._webhook_queue.put_nowait(self._updates.popleft())
        return _ok({"url": url, "updated_at": self._webhook_updated_at})

    async def _delete_webhook(self, params: dict[str, Any]) -> web.Response:
        self.webhook_url = self.webhook_secret = None
        self._webhook_updated_at = _now_ms()
        return _ok({"url": "", "updated_at": self._webhook_updated_at})

    async def _get_webhook_info(self, params: dict[str, Any]) -> web.Response:
        return _ok({"url": self.webhook_url or "", "updated_at": self._webhook_updated_at})

    async def _send_message(self, params: dict[str, Any]) -> web.Response:
        error = _missing(params, "chat_id", "text") or _bad_length(params, "text")
        if error is not None:
            return error
        return await self._record_sent("sendMessage", params, text=str(params["text"]))

    async def _send_photo(self, params: dict[str, Any]) -> web.Response:
        """Download `photo` like Zalo's servers do; record the bytes or answer 400."""
        error = _missing(params, "chat_id", "photo") or _bad_length(params, "caption")
        if error is not None:
            return error
        url = str(params["photo"])
        data, reason = await self._fetch_photo(url)
        if data is None:
            self.photo_fetch_errors.append((url, reason))
            return _error(400, f"Bad Request: cannot download photo ({reason})")
        caption = params.get("caption")
        return await self._record_sent(
            "sendPhoto", params, text=caption or None, photo_url=url, photo_bytes=data
        )

    async def _fetch_photo(self, url: str) -> tuple[bytes | None, str]:
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
        if (missing := _missing(params, "chat_id", "sticker")) is not None:
            return missing
        return await self._record_sent("sendSticker", params)

    async def _send_chat_action(self, params: dict[str, Any]) -> web.Response:
        if (missing := _missing(params, "chat_id", "action")) is not None:
            return missing
        if params["action"] not in CHAT_ACTIONS:
            return _error(400, "Bad Request: action must be typing or upload_photo")
        return web.json_response({"ok": True})  # documented reply: no `result` member

    # --- webhook delivery ------------------------------------------------------------------

    async def _deliver_webhooks(self) -> None:
        """One worker, so events reach the bot in push order, as a conversation needs."""
        while True:
            event = await self._webhook_queue.get()
            url, secret = self.webhook_url, self.webhook_secret
            if url is None or secret is None:  # webhook deleted meanwhile: back to polling
                self._updates.append(event)
                self._updates_ready.set()
                continue
            await self._deliver(event, url, secret)

    async def _deliver(self, event: Event, url: str, secret: str) -> None:
        """POST one event, redelivering on non-2xx or connection failure."""
        assert self._client is not None
        body = event if self.webhook_bare else {"ok": True, "result": event}
        headers = {"X-Bot-Api-Secret-Token": secret}
        timeout = aiohttp.ClientTimeout(total=self.webhook_timeout)
        for attempt in range(1, self.webhook_max_attempts + 1):
            status, error = None, None
            try:
                async with self._client.post(
                    url, json=body, headers=headers, timeout=timeout
                ) as response:
                    status = response.status
                    await response.read()
            except (aiohttp.ClientError, TimeoutError) as exc:
                error = f"{type(exc).__name__}: {exc}"
            self.webhook_deliveries.append(
                WebhookDelivery(url, event, body, attempt, status, error)
            )
            await self._notify()
            if status is not None and 200 <= status < 300:
                return
            if attempt < self.webhook_max_attempts:
                await asyncio.sleep(self.webhook_retry_delay)  # redelivery back-off
