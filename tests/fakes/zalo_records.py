"""What the fake Zalo server saw the bot do, kept apart from how it answers so tests can assert
on it: the messages the bot sent, the calls it made, the webhook delivery attempts, the faults
injected into its calls, and helpers that wait for any of these to arrive (an asyncio
Condition: no polling, no sleeps).

``RecordsMixin`` is one of the bases of ``FakeZaloServer`` (tests/fakes/zalo_server.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.fakes.zalo_wire import Event, error, hex_id, now_ms, ok

__all__ = ["Faults", "Predicate", "RecordsMixin", "SentZaloMessage", "WebhookDelivery"]

Predicate = Callable[[Any], bool] | str | None


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


def _matcher(predicate: Predicate, as_text: Callable[[Any], str]) -> Callable[[Any], bool]:
    """Turn None / a substring / a callable into a predicate."""
    if predicate is None:
        return lambda _item: True
    if isinstance(predicate, str):
        return lambda item: predicate in as_text(item)
    return predicate


class RecordsMixin:
    """The record of the bot's traffic, the fault plan, and waiting for what the bot does."""

    def __init__(self) -> None:
        super().__init__()
        self.faults = Faults()
        self.fault_count = 0
        self.faulted: list[tuple[str, dict[str, Any], int]] = []
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.sent: list[SentZaloMessage] = []
        self.webhook_deliveries: list[WebhookDelivery] = []
        self.photo_fetch_errors: list[tuple[str, str]] = []
        self.media_requests: list[tuple[str, int]] = []
        self._recorded = asyncio.Condition()
        self._cursors: dict[tuple[str, str], int] = {}

    # --- recording -------------------------------------------------------------------------

    async def _notify(self) -> None:
        """Wake every wait_for_* helper to look at the records again."""
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
            hex_id(),
            now_ms(),
        )
        self.sent.append(message)
        await self._notify()
        return ok({"message_id": message.message_id, "date": message.date})

    async def _inject_fault(self, method: str, params: dict[str, Any]) -> web.Response | None:
        """Delay the call and/or answer it with a drawn fault; None lets it through."""
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
            return error(429, "Too Many Requests")
        if status == 502:  # what a gateway in front of the API answers: HTML, not JSON
            html = "<html><body><h1>502 Bad Gateway</h1></body></html>"
            return web.Response(status=502, text=html, content_type="text/html")
        return error(status, "Internal Server Error")

    # --- reading and waiting ---------------------------------------------------------------
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
