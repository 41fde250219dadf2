"""How often and how long a channel retries one outgoing call (shared by Telegram and Zalo)."""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How often and how long to retry one call."""

    attempts: int = 8  # a reply is worth waiting ~30 s of outage for; then it is logged
    base_delay: float = 0.5  # 0.5, 1, 2, 4, 8, 8… s (+ up to 25 % jitter) after 5xx/timeouts
    max_delay: float = 8.0
    max_retry_after: float = 60.0  # a longer flood wait is not worth holding the user's turn

    def backoff(self, attempt: int) -> float:
        """The pause after failed attempt number `attempt` (1-based)."""
        delay = min(self.max_delay, self.base_delay * 2 ** (attempt - 1))
        return delay * (1 + random.random() / 4)  # jitter spreads retries of many chats


SENDS = RetryPolicy()
COSMETIC = RetryPolicy(attempts=2)  # answering a button press, a chat action, an old keyboard
