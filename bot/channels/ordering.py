"""Per-user ordering: updates of one user are answered one after another, users in parallel.

The conversation state is one row per (channel, user), so two updates of the same user must
not race (a photo and "Xong" answered out of order would skip the photo). Different users
share nothing but the database, so they may be served concurrently.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class KeyedLocks:
    """One FIFO asyncio.Lock per key, forgotten once nobody holds or waits for it."""

    def __init__(self) -> None:
        self._locks: dict[str, tuple[asyncio.Lock, int]] = {}

    @asynccontextmanager
    async def hold(self, key: str) -> AsyncIterator[None]:
        """Run the body while holding `key`'s lock; waiters get it in arrival order."""
        lock, users = self._locks.get(key, (None, 0))
        if lock is None:
            lock = asyncio.Lock()
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[key]
            if users == 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)

    def __len__(self) -> int:
        """Keys currently held or waited for (tests check that nothing leaks)."""
        return len(self._locks)
