"""Outgoing Bot API calls with bounded retries: 429 honours retry_after, 5xx/timeouts back off.

The engine has committed the user's input before anything is sent, so a send that fails for
good loses a reply, never the input: it is logged (without the token) and the user's next
message resumes the conversation from the database.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta
from typing import TypeVar

from telegram import Bot
from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError

from bot.channels.retry import COSMETIC, SENDS, RetryPolicy
from bot.channels.telegram_render import render
from handlers.types import Reply

log = logging.getLogger(__name__)
T = TypeVar("T")
__all__ = ["COSMETIC", "SENDS", "RetryPolicy", "Sender", "with_retries"]


def retry_after_seconds(error: RetryAfter) -> float:
    """`retry_after` as seconds, whether PTB gives a timedelta (PTB_TIMEDELTA=true) or an int."""
    value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


async def with_retries(call: Callable[[], Awaitable[T]], what: str, policy: RetryPolicy) -> T:
    """Await `call()`, again after 429 (after retry_after), 5xx, network errors and timeouts.

    Bad requests, Forbidden (the user blocked the bot) and other definite answers are raised
    at once: repeating them cannot help. A retried timeout or 502 may, rarely, send a message
    twice (the Bot API has no idempotency key); losing the question would be worse.
    """
    for attempt in range(1, policy.attempts + 1):
        try:
            return await call()
        except RetryAfter as error:
            delay = retry_after_seconds(error) + 0.05
            if attempt == policy.attempts or delay > policy.max_retry_after:
                raise
            log.info("telegram %s rate-limited, retry in %.1fs", what, delay)
        except BadRequest:
            raise
        except NetworkError as error:  # includes TimedOut and HTTP 5xx
            if attempt == policy.attempts:
                raise
            delay = policy.backoff(attempt)
            log.info("telegram %s failed (%s), retry in %.1fs", what, _short(error), delay)
        await asyncio.sleep(delay)
    raise AssertionError("unreachable: the last attempt returns or raises")


class Sender:
    """Sends rendered replies through a telegram.Bot; holds the client, never subclasses it."""

    def __init__(self, bot: Bot, lang: str, policy: RetryPolicy = SENDS) -> None:
        self.bot = bot
        self.lang = lang
        self.policy = policy

    async def send_replies(self, chat_id: int, replies: Sequence[Reply]) -> int:
        """Send every reply in order; returns how many calls failed for good (logged)."""
        failed = 0
        for reply in replies:
            for call in render(reply, self.lang):
                method = getattr(self.bot, call.method)
                try:
                    await with_retries(
                        lambda m=method, c=call: m(chat_id=chat_id, **c.kwargs),
                        call.method,
                        self.policy,
                    )
                except TelegramError as error:
                    failed += 1
                    log.warning(
                        "telegram %s to chat %s lost: %s", call.method, chat_id, _short(error)
                    )
        return failed

    async def cosmetic(self, call: Callable[[], Awaitable[object]], what: str) -> bool:
        """A call whose failure only costs looks (spinner, stale keyboard); never raises."""
        try:
            await with_retries(call, what, COSMETIC)
        except TelegramError as error:
            log.info("telegram %s skipped: %s", what, _short(error))
            return False
        return True


def _short(error: TelegramError) -> str:
    """Type and message; PTB's messages carry no token (httpx's URLs would)."""
    return f"{type(error).__name__}: {error.message}"
