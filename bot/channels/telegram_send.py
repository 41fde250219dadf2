"""Outgoing Bot API calls with bounded retries: 429 honours retry_after, 5xx/timeouts back off.

The engine has committed the user's input before anything is sent, so a send that fails for
good loses a reply, never the input: it is logged (without the token) and the user's next
message resumes the conversation from the database.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta
from typing import TypeVar

from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.channels.retry import COSMETIC, SENDS, RetryPolicy
from bot.channels.telegram_render import render
from bot.outbox import PermanentFailure, TransientFailure
from handlers.types import Reply

log = logging.getLogger(__name__)
T = TypeVar("T")
__all__ = ["COSMETIC", "SENDS", "RetryPolicy", "Sender", "quiet_invalid_json", "with_retries"]

# PTB's request layer (telegram/request/_baserequest.py) logs ERROR with a traceback for every
# answer that is not JSON (a gateway's 502 page) just before it raises; we report the outcome.
PTB_REQUEST_LOGGER = "telegram.request.BaseRequest"
INVALID_JSON = "Can not load invalid JSON data"
PARSE_FAILED = ". Parsing the server response"  # PTB appends the whole body after this
HTTP_STATUS = re.compile(r".*\((\d{3})\)")  # PTB's "Bad Gateway (502)" for a non-JSON answer


class InvalidJsonAsDebug(logging.Filter):
    """Demote PTB's invalid-JSON ERROR to DEBUG: the call raises right after it, and our
    retry loop (or PTB's polling loop) logs what became of it; other records pass as they are."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Keep every record; only the invalid-JSON one is lowered, without its traceback."""
        if isinstance(record.msg, str) and record.msg.startswith(INVALID_JSON):
            record.levelno, record.levelname = logging.DEBUG, logging.getLevelName(logging.DEBUG)
            record.exc_info = record.exc_text = None
        return True


def quiet_invalid_json() -> None:
    """Install the filter on PTB's request logger, once however many bots are built."""
    logger = logging.getLogger(PTB_REQUEST_LOGGER)
    if not any(isinstance(f, InvalidJsonAsDebug) for f in logger.filters):
        logger.addFilter(InvalidJsonAsDebug())


def retry_after_seconds(error: RetryAfter) -> float:
    """`retry_after` as seconds, whether PTB gives a timedelta (PTB_TIMEDELTA=true) or an int."""
    value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


async def with_retries(call: Callable[[], Awaitable[T]], what: str, policy: RetryPolicy) -> T:
    """Await `call()`, again after 429 (after retry_after), 5xx, network errors and timeouts.

    Bad requests, Forbidden (the user blocked the bot) and other definite answers are raised
    at once: repeating them cannot help. A retried timeout or 502 may, rarely, send a message
    twice (the Bot API has no idempotency key); losing the question would be worse. A call
    that needed retries logs one WARNING if it got through; if not, the error raised carries
    a note "lost after N attempts" for the caller's log line.
    """
    failure = ""
    for attempt in range(1, policy.attempts + 1):
        try:
            result = await call()
        except RetryAfter as error:
            delay = retry_after_seconds(error) + 0.05
            if attempt == policy.attempts or delay > policy.max_retry_after:
                _note_attempts(error, attempt)
                raise
            failure = "rate-limited"
            log.info("telegram %s rate-limited, retry in %.1fs", what, delay)
        except BadRequest:
            raise
        except NetworkError as error:  # includes TimedOut and HTTP 5xx
            if attempt == policy.attempts:
                _note_attempts(error, attempt)
                raise
            delay, failure = policy.backoff(attempt), _short(error)
            log.info("telegram %s failed (%s), retry in %.1fs", what, failure, delay)
        else:
            if attempt > 1:
                log.warning("telegram %s: %s, retried, sent on attempt %d", what, failure, attempt)
            return result
        await asyncio.sleep(delay)
    raise AssertionError("unreachable: the last attempt returns or raises")


def _note_attempts(error: TelegramError, attempts: int) -> None:
    """Note on the error being given up how many attempts it cost (when it was retried)."""
    if attempts > 1:
        error.add_note(f"lost after {attempts} attempts")


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
                name = api_name(call.method)
                try:
                    await with_retries(
                        lambda m=method, c=call: m(chat_id=chat_id, **c.kwargs), name, self.policy
                    )
                except TelegramError as error:
                    failed += 1
                    log.warning("telegram %s to chat %s: %s", name, chat_id, _lost(error))
        return failed

    async def deliver(self, chat_id: int, replies: Sequence[Reply]) -> None:
        """Send an outbox message: like send_replies, but what stopped it is raised, told
        apart: blocked bot or deleted account (Forbidden) and a chat Telegram does not know
        (BadRequest) are permanent, anything left after the retries is transient."""
        for reply in replies:
            for call in render(reply, self.lang):
                method = getattr(self.bot, call.method)
                name = api_name(call.method)
                try:
                    await with_retries(
                        lambda m=method, c=call: m(chat_id=chat_id, **c.kwargs), name, self.policy
                    )
                except (Forbidden, BadRequest) as error:
                    raise PermanentFailure(_short(error)) from error
                except TelegramError as error:
                    raise TransientFailure(_lost(error)) from error

    async def cosmetic(self, call: Callable[[], Awaitable[object]], what: str) -> bool:
        """A call whose failure only costs looks (spinner, stale keyboard); never raises."""
        try:
            await with_retries(call, what, COSMETIC)
        except TelegramError as error:
            log.info("telegram %s skipped: %s", what, _lost(error))
            return False
        return True


def api_name(method: str) -> str:
    """The Bot API's name of a PTB method (send_message → sendMessage), as ops know it."""
    first, *rest = method.split("_")
    return first + "".join(word.capitalize() for word in rest)


def _short(error: TelegramError) -> str:
    """ "HTTP 502" for a gateway page, else type and message; PTB's messages carry no token
    (httpx's URLs would), but a non-JSON body is cut off: it is a whole HTML page."""
    message = error.message.split(PARSE_FAILED, 1)[0]
    status = HTTP_STATUS.fullmatch(message)
    return f"HTTP {status[1]}" if status else f"{type(error).__name__}: {message}"


def _lost(error: TelegramError) -> str:
    """What failed and what became of the call: "…, lost after 8 attempts" or "…, lost"."""
    return ", ".join([_short(error), *getattr(error, "__notes__", ["lost"])])
