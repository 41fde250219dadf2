"""A progress line in chat: sent once, then edited (Telegram) or sent again no more often than
every few seconds (Zalo, which cannot edit), so a long export shows it is alive without a
flood of messages. Cosmetic: a failed send or edit is the caller's to log and forget."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

Send = Callable[[str], Awaitable[Any]]
"""Sends a new message; returns whatever `Edit` needs to change it (a message id)."""
Edit = Callable[[Any, str], Awaitable[object]]


class ProgressLine:
    """The latest line of one update's slow work; calls are applied in order."""

    def __init__(
        self,
        send: Send,
        edit: Edit | None = None,
        every: float = 0.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.send, self.edit, self.every, self.clock = send, edit, every, clock
        self.handle: Any = None
        self.sent_at: float | None = None
        self.lock = asyncio.Lock()  # FIFO: lines are shown in the order they came

    async def show(self, line: str) -> None:
        """Show `line`: edit the message when we can, else send it if it is time."""
        async with self.lock:
            if self.sent_at is not None and self.edit is not None:
                await self.edit(self.handle, line)
                return
            now = self.clock()
            if self.sent_at is not None and now - self.sent_at < self.every:
                return  # too soon for another message: the next line will tell more
            self.handle, self.sent_at = await self.send(line), now
