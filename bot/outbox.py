"""The outbox deliverer each running channel runs: claim due rows, render, send, mark.

Rows are written by handlers in the transaction of the change that causes them
(models/outbox_queue.py). Here a channel claims its due rows with a lease, renders each one
(a recipe's text is computed now, e.g. an album's photo count), sends it with the channel's
own retries, and marks it sent; a permanent failure (blocked bot, deleted account) is
recorded and never retried, a transient one is tried again later, a bounded number of times.
A crash between the send and the mark sends that row once more, after its lease ran out.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import datetime, timedelta
from typing import Protocol

from handlers.engine import Conversation
from handlers.texts import t
from handlers.types import Button, Reply
from models import outbox_queue
from models.outbox import OutboxMessage

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=3)
"""Longer than one send with all its retries (≈ 40 s of backoff, a 60 s flood wait)."""
BATCH = 20
STOP_SECONDS = 30.0  # on stop, time for the row being sent to finish


class PermanentFailure(Exception):
    """The recipient cannot be reached: blocked bot, deleted account, chat not found."""


class TransientFailure(Exception):
    """The channel's own retries ran out (outage, rate limit): worth trying again later."""


class Transport(Protocol):
    """What a channel offers the deliverer."""

    channel: str
    native_buttons: bool
    """Telegram shows commands as buttons; Zalo and the console get them as text lines."""

    def hold(self, user_id: str) -> AbstractAsyncContextManager[object]:
        """The user's turn: a message is not sent in the middle of an answer."""
        ...

    async def deliver(self, chat_id: str, replies: Sequence[Reply], lang: str) -> None:
        """Send, raising PermanentFailure or TransientFailure when it did not get through."""
        ...


Compose = Callable[[OutboxMessage, "Deliverer"], Awaitable[list[Reply]]]


async def plain(row: OutboxMessage, deliverer: Deliverer) -> list[Reply]:
    """The stored text and its command buttons, as the channel can show them."""
    lang = deliverer.language(row)
    buttons = [(b["label"], b["command"]) for line in row.buttons for b in line]
    if deliverer.transport.native_buttons or not buttons:
        rows = tuple(
            tuple(Button(b["label"], outbox_queue.command_payload(b["command"])) for b in line)
            for line in row.buttons
        )
        return [Reply(text=row.text, buttons=rows)]
    lines = [t(lang, "outbox_command_line", label=label, command=cmd) for label, cmd in buttons]
    return [Reply(text="\n".join([row.text, *lines]))]


async def album_ack(row: OutboxMessage, deliverer: Deliverer) -> list[Reply]:
    """The album's one acknowledgement, counted now (nothing if the reporter moved on)."""
    recipe = row.render or {}
    outcome = await deliverer.engine.finish_album(row.channel, recipe["user"], recipe["draft"])
    return outcome.replies


RENDERERS: dict[str, Compose] = {"none": plain, "album_ack": album_ack}
"""Render recipes by kind: a chart or file is one more entry (computed at delivery, never
stored bytes); a row whose kind this version does not know is recorded as failed."""


class Deliverer:
    """Delivers one channel's outbox rows until stopped."""

    def __init__(
        self,
        transport: Transport,
        engine: Conversation,
        poll_seconds: float = 1.0,
        *,
        lease: timedelta = LEASE,
        batch: int = BATCH,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.transport = transport
        self.engine = engine
        self.poll_seconds = poll_seconds
        self.lease = lease
        self.batch = batch
        self.clock = clock or engine.config.clock
        self._wake = asyncio.Event()

    def language(self, row: OutboxMessage) -> str:
        """The recipient's language, else the bot's default."""
        person = row.person if row.person_id else None
        return person.language if person else self.engine.config.default_language

    def wake(self) -> None:
        """Look again now (a row was just written that may be due soon)."""
        self._wake.set()

    async def deliver_due(self) -> int:
        """Claim and deliver one batch of due rows; how many were claimed."""
        rows = await outbox_queue.claim_due(
            self.transport.channel, self.clock(), self.lease, self.batch
        )
        for row in rows:
            await self._deliver(row)
        return len(rows)

    async def _deliver(self, row: OutboxMessage) -> None:
        """Render and send one row, then record what became of it."""
        recipe = row.render or {"kind": "none"}
        compose = RENDERERS.get(str(recipe.get("kind")))
        if compose is None:
            await outbox_queue.mark_failed(row.id, f"unknown render kind {recipe.get('kind')!r}")
            return
        async with self.transport.hold(str(recipe.get("user") or row.external_id)):
            try:
                replies = await compose(row, self)
                if replies:
                    await self.transport.deliver(row.external_id, replies, self.language(row))
            except PermanentFailure as error:
                log.warning("outbox %s to %s failed for good: %s", row.id, row.channel, error)
                await outbox_queue.mark_failed(row.id, str(error))
                return
            except Exception as error:  # transient, or a bug in a renderer: try again later
                if not isinstance(error, TransientFailure):
                    log.exception("outbox %s could not be rendered", row.id)
                at = self.clock() + outbox_queue.retry_delay(row.attempts + 1)
                if not await outbox_queue.retry_later(row.id, _short(error), at):
                    log.warning("outbox %s given up after %d attempts", row.id, row.attempts + 1)
                return
            await outbox_queue.mark_sent(row.id, self.clock(), due_at=row.due_at)

    async def run(self, stop: asyncio.Event) -> None:
        """Deliver, then sleep until the next row is due (at most `poll_seconds`)."""
        while not stop.is_set():
            try:
                if await self.deliver_due() == self.batch:
                    continue  # more may be waiting
                wait = await self._until_next()
            except Exception:  # the database is away: look again later, do not spin
                log.exception("outbox delivery on %s failed", self.transport.channel)
                wait = self.poll_seconds
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(_either(stop, self._wake), wait)

    async def _until_next(self) -> float:
        """Seconds to sleep: until the earliest pending row is due, at most `poll_seconds`."""
        due = await outbox_queue.next_due(self.transport.channel)
        if due is None:
            return self.poll_seconds
        ahead = (due - self.clock()).total_seconds()
        # A row due already but not claimed is held by another worker: wait a whole poll.
        return min(self.poll_seconds, ahead + 0.01) if ahead > 0 else self.poll_seconds


async def _either(first: asyncio.Event, second: asyncio.Event) -> None:
    """Return when either event is set."""
    waits = [asyncio.ensure_future(first.wait()), asyncio.ensure_future(second.wait())]
    try:
        await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiting in waits:
            waiting.cancel()


def _short(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"[: outbox_queue.MAX_ERROR]


@asynccontextmanager
async def delivering(
    transport: Transport, engine: Conversation, poll_seconds: float, lease: timedelta = LEASE
) -> AsyncIterator[Deliverer]:
    """Run a deliverer in the background while the block runs; on exit the row being sent
    is finished (cancelling inside a transaction could leave tortoise's lock held)."""
    deliverer = Deliverer(transport, engine, poll_seconds, lease=lease)
    stop = asyncio.Event()
    task = asyncio.create_task(deliverer.run(stop))
    try:
        yield deliverer
    finally:
        stop.set()
        await asyncio.wait({task}, timeout=STOP_SECONDS)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
