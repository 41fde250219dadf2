"""A small client of the Zalo Bot API: `POST {root}/bot{token}/{method}` with a JSON body.

One aiohttp ClientSession, opened by `start` and closed by `stop` (nothing happens in
__init__). Answers come in the `{"ok": …, "result": …}` envelope; failures raise ZaloApiError.
The token is part of every URL, so logs and errors name the method, never the URL.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import aiohttp

from bot.channels.retry import SENDS, RetryPolicy
from bot.channels.text_split import split_text

log = logging.getLogger(__name__)
T = TypeVar("T")

MAX_TEXT = 2000  # sendMessage text and sendPhoto caption
CALL_TIMEOUT = 30.0  # seconds for an ordinary call; long polls add their own timeout
POLL_MARGIN = 10.0  # the server ends a long poll itself; this only guards a dead connection


class ZaloApiError(Exception):
    """A call that failed: an HTTP status and Zalo's description (never the URL)."""

    def __init__(self, method: str, status: int, description: str) -> None:
        super().__init__(f"zalo {method}: HTTP {status} {description}")
        self.method = method
        self.status = status
        self.description = description

    @property
    def transient(self) -> bool:
        """Worth retrying: rate limits, timeouts and server-side failures (Zalo's error
        table calls 403 an internal server error, so it is one of them)."""
        return self.status in (403, 408, 429) or self.status >= 500


class ZaloClient:
    """Holds the token and one HTTP session; the channel calls it, never subclasses it."""

    def __init__(self, root: str, token: str, *, policy: RetryPolicy = SENDS) -> None:
        self._base = f"{root.rstrip('/')}/bot{token}"
        self.policy = policy
        self._session: aiohttp.ClientSession | None = None

    async def start(self) -> None:
        """Open the HTTP session (once)."""
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=CALL_TIMEOUT))

    async def stop(self) -> None:
        """Close the HTTP session."""
        if self._session is not None:
            await self._session.close()
            self._session = None

    @property
    def session(self) -> aiohttp.ClientSession:
        """The open session (downloads of incoming photos share it)."""
        assert self._session is not None, "ZaloClient.start() first"
        return self._session

    # --- the API ------------------------------------------------------------------------------

    async def call(self, method: str, params: dict[str, Any], seconds: float = CALL_TIMEOUT) -> Any:
        """One call, no retries: the envelope's `result` (None when absent), or ZaloApiError."""
        try:
            async with self.session.post(
                f"{self._base}/{method}",
                json=params,
                timeout=aiohttp.ClientTimeout(total=seconds),
            ) as response:
                raw = await response.read()
                status = response.status
        # aiohttp's messages (timeouts too) may contain the URL, and so the token: keep only
        # the type, and do not chain the original (a logged traceback would print it).
        except TimeoutError:
            raise ZaloApiError(method, 408, "client timeout") from None
        except aiohttp.ClientError as problem:
            raise ZaloApiError(method, 599, type(problem).__name__) from None
        return _result(method, status, raw)

    async def get_me(self) -> dict[str, Any]:
        """The bot's own account (checks the token at start-up)."""
        return await self.retrying("getMe", lambda: self.call("getMe", {})) or {}

    async def get_updates(self, poll_seconds: float) -> list[Any]:
        """The updates of one long poll; [] when it ended empty (HTTP 408 "Request timeout")."""
        try:
            result = await self.call(
                "getUpdates",
                {"timeout": str(max(1, round(poll_seconds)))},  # whole seconds, no busy loop
                seconds=poll_seconds + POLL_MARGIN,
            )
        except ZaloApiError as error:
            if error.status == 408:
                return []
            raise
        return updates_of(result)

    async def set_webhook(self, url: str, secret_token: str) -> None:
        """Deliver updates to `url` with the secret in X-Bot-Api-Secret-Token."""
        params = {"url": url, "secret_token": secret_token}
        await self.retrying("setWebhook", lambda: self.call("setWebhook", params))

    async def delete_webhook(self) -> None:
        """Polling and webhook are exclusive: clear the webhook before polling."""
        await self.retrying("deleteWebhook", lambda: self.call("deleteWebhook", {}))

    async def send_message(self, chat_id: str, text: str) -> None:
        """Send a text; longer than 2000 characters, it goes as several, cut at line breaks."""
        for chunk in split_text(text, MAX_TEXT):
            params = {"chat_id": chat_id, "text": chunk}
            await self.retrying("sendMessage", lambda p=params: self.call("sendMessage", p))

    async def send_photo(self, chat_id: str, photo_url: str, caption: str = "") -> None:
        """Send an image that Zalo downloads from `photo_url` (a public URL)."""
        params = {"chat_id": chat_id, "photo": photo_url}
        if caption:
            params["caption"] = caption[:MAX_TEXT]
        await self.retrying("sendPhoto", lambda: self.call("sendPhoto", params))

    async def send_chat_action(self, chat_id: str, action: str = "typing") -> None:
        """Show "typing…" (the answer is {"ok": true} without a result)."""
        await self.call("sendChatAction", {"chat_id": chat_id, "action": action})

    # --- retries ------------------------------------------------------------------------------

    async def retrying(
        self, what: str, call: Callable[[], Awaitable[T]], policy: RetryPolicy | None = None
    ) -> T:
        """Await `call()`, again after 429, 403, 5xx, timeouts and network errors (with backoff).

        Definite answers (400 bad request, 401 bad token, 404) are raised at once. A retried
        timeout may, rarely, send a message twice; losing it would be worse.
        """
        policy = policy or self.policy
        for attempt in range(1, policy.attempts + 1):
            try:
                return await call()
            except ZaloApiError as error:
                if not error.transient or attempt == policy.attempts:
                    raise
                delay = policy.backoff(attempt)
                log.info("zalo %s failed (HTTP %s), retry in %.1fs", what, error.status, delay)
            await asyncio.sleep(delay)
        raise AssertionError("unreachable: the last attempt returns or raises")


def updates_of(result: Any) -> list[Any]:
    """getUpdates' result as a list: Zalo documents one event object, a list is taken item
    by item, and any other shape is logged (its type only, never its content), not dropped
    unseen. A missing result carries nothing to drop (an empty poll)."""
    if isinstance(result, dict):
        return [result]
    if isinstance(result, list):
        return result
    if result is not None:
        log.warning("zalo getUpdates: ignored a result of type %s", type(result).__name__)
    return []


def _result(method: str, status: int, raw: bytes) -> Any:
    """The envelope's result; any non-ok answer (also an HTML gateway page) as ZaloApiError."""
    try:
        body = json.loads(raw) if raw else {}
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise ZaloApiError(method, status if status >= 400 else 502, "not a JSON envelope")
    if status < 400 and body.get("ok") is True:
        return body.get("result")
    code = body.get("error_code")
    if status >= 400:
        code = status  # the HTTP status decides (Zalo repeats it as error_code)
    elif not isinstance(code, int) or code < 400:
        code = 400
    raise ZaloApiError(method, code, str(body.get("description") or "error")[:200])
