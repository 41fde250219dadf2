"""The fake Zalo server's user side: tests play Zalo users by pushing what a person would send
(texts, photos at expiring media URLs, stickers, voice notes, unsupported content, raw or
redelivered events), and this module gets each event to the bot the way Zalo does — queued for
one-at-a-time getUpdates long polls, or POSTed to the bot's webhook with
`X-Bot-Api-Secret-Token` and redelivered until it answers 2xx.

``UserMixin`` is one of the bases of ``FakeZaloServer`` (tests/fakes/zalo_server.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import secrets
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import aiohttp

from tests.fakes.zalo_records import WebhookDelivery
from tests.fakes.zalo_wire import (
    IMAGE_RECEIVED,
    STICKER_RECEIVED,
    TEXT_RECEIVED,
    UNSUPPORTED_RECEIVED,
    VOICE_RECEIVED,
    Event,
    hex_id,
    now_ms,
)

__all__ = ["Media", "UserMixin"]


@dataclass
class Media:
    """A file a user sent, served by the fake at /media/{name} until it expires."""

    data: bytes
    content_type: str
    expires_at: float | None  # time.monotonic() deadline
    expired: bool = False

    def is_live(self) -> bool:
        """True while the URL still serves its bytes."""
        deadline_ok = self.expires_at is None or time.monotonic() < self.expires_at
        return not self.expired and deadline_ok


class UserMixin:
    """The push_* helpers, the getUpdates queue they fill, and the webhook delivery worker."""

    # Provided by FakeZaloServer (configuration, lifecycle) and RecordsMixin.
    root: str
    webhook_max_attempts: int
    webhook_retry_delay: float
    webhook_timeout: float
    _client: aiohttp.ClientSession | None
    webhook_deliveries: list[WebhookDelivery]
    _notify: Callable[[], Awaitable[None]]

    def __init__(self) -> None:
        super().__init__()
        self.webhook_url: str | None = None
        self.webhook_secret: str | None = None
        self.webhook_bare = False  # True: POST {"event_name":…} instead of {"ok":…,"result":…}
        self._updates: deque[Any] = deque()  # events, or any result pushed by push_result
        self._updates_ready = asyncio.Event()  # pushes are sync, so an Event, not a Condition
        self._webhook_queue: asyncio.Queue[Any] = asyncio.Queue()
        self._media: dict[str, Media] = {}
        self._closing = False

    # --- users: push events ----------------------------------------------------------------

    def new_user_id(self) -> str:
        """A fresh Zalo-shaped user id (20 lowercase hex chars)."""
        return hex_id()

    def push_text(self, user_id: str, text: str, display_name: str = "Người dùng") -> Event:
        """The user sends a text message."""
        return self.push_raw(self.text_event(user_id, text, display_name))

    def text_event(self, user_id: str, text: str, display_name: str = "Người dùng") -> Event:
        """A text message event, not queued (to push several as one result: push_result)."""
        return self._event(TEXT_RECEIVED, user_id, display_name, text=text)

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
        return self._push(STICKER_RECEIVED, user_id, display_name, sticker=hex_id(), url=url)

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

    def push_result(self, result: Any) -> Any:
        """Queue any getUpdates `result` as-is (a list of events, or garbage), for shape tests.

        fake: Zalo documents one event per result; the adapter must cope with a list too.
        """
        self._enqueue(result)
        return result

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
        """Wrap a private-chat message from `user_id` in an event and queue it."""
        return self.push_raw(self._event(event_name, user_id, display_name, **content))

    def _event(self, event_name: str, user_id: str, display_name: str, **content: Any) -> Event:
        """A private-chat message from `user_id` wrapped in an event."""
        message = {
            "from": {"id": user_id, "display_name": display_name, "is_bot": False},
            "chat": {"id": user_id, "chat_type": "PRIVATE"},
            **content,
            "message_id": hex_id(),
            "date": now_ms(),
        }
        return {"event_name": event_name, "message": message}

    def _store_media(self, data: bytes, suffix: str, content_type: str, ttl: float | None) -> str:
        """Serve `data` at a fresh /media URL that dies after `ttl` seconds (None: never)."""
        if not self.root:
            raise RuntimeError("start the FakeZaloServer before pushing media")
        name = secrets.token_urlsafe(16) + suffix
        expires_at = None if ttl is None else time.monotonic() + ttl
        self._media[name] = Media(data, content_type, expires_at)
        return f"{self.root}/media/{name}"

    # --- getting events to the bot: the getUpdates queue -----------------------------------

    def _enqueue(self, event: Any) -> None:
        """Route to the webhook when one is set, else to the getUpdates queue."""
        event = copy.deepcopy(event)  # later edits by the test must not change what is sent
        if self.webhook_url is not None:
            self._webhook_queue.put_nowait(event)
        else:
            self._updates.append(event)
            self._updates_ready.set()

    async def _next_update(self, within: float) -> Any | None:
        """Wait up to `within` seconds for a queued event; None if none came or we stop."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within
        while not self._updates and not self._closing:
            self._updates_ready.clear()
            remaining = deadline - loop.time()
            if remaining <= 0:
                break
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._updates_ready.wait(), remaining)
        if not self._updates or self._closing:
            return None
        return self._updates.popleft()

    def _end_polls(self) -> None:
        """Make pending and later long polls end at once (the server is stopping)."""
        self._closing = True
        self._updates_ready.set()

    def _queue_pending_for_webhook(self) -> None:
        """Updates not yet polled go to the webhook just set."""
        while self._updates:
            self._webhook_queue.put_nowait(self._updates.popleft())

    # --- getting events to the bot: webhook delivery ---------------------------------------

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
