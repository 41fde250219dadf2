"""The one shape of a messenger webhook: secret → parse → handle under the user's lock → answer.

Both Telegram and Zalo redeliver on a non-2xx answer, so the route answers 200 only once the
update's effects are committed, 500 when handling failed (nothing was committed, it comes back;
one already handled is skipped by the engine), 400 for a body that is not an update, and 403
without the right secret. Adapters supply how to parse, whose update it is, and how to handle.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from aiohttp import web

from bot.channels.ordering import KeyedLocks

log = logging.getLogger(__name__)

Update = TypeVar("Update")


@dataclass(frozen=True, slots=True)
class WebhookRoute(Generic[Update]):
    """One messenger's webhook: what to check, how to read the body, how to handle it."""

    messenger: str  # for the logs only
    secret_header: str
    secret: str
    parse: Callable[[bytes], Update]  # raises ValueError (or TypeError/KeyError) when not one
    owner: Callable[[Update], str]  # the lock key: one user's updates run one at a time
    handle: Callable[[Update], Awaitable[None]]
    locks: KeyedLocks
    describe: Callable[[Update], str]  # names the update in an error log, without its content

    def authorised(self, header: str | None) -> bool:
        """Constant-time comparison, so the secret cannot be guessed byte by byte."""
        return header is not None and hmac.compare_digest(
            header.encode("utf-8", "replace"), self.secret.encode()
        )

    def mount(self, app: web.Application, path: str) -> None:
        """Serve this route at `path` on the shared web application."""
        app.router.add_post(path, self.received)

    async def received(self, request: web.Request) -> web.Response:
        """Check, parse, handle under the owner's lock, and answer as the module says."""
        if not self.authorised(request.headers.get(self.secret_header)):
            return web.Response(status=403, text="forbidden")
        try:
            update = self.parse(await request.read())
        except (ValueError, TypeError, KeyError) as problem:
            # JSONDecodeError, UnicodeDecodeError and pydantic's ValidationError are ValueErrors
            log.warning("%s webhook: rejected body (%s)", self.messenger, type(problem).__name__)
            return web.Response(status=400, text="not an update")
        try:
            async with self.locks.hold(self.owner(update)):
                await self.handle(update)
        except Exception:  # nothing committed: let the messenger deliver it again
            log.exception("%s webhook update %s failed", self.messenger, self.describe(update))
            return web.Response(status=500, text="retry later")
        return web.Response(text="ok")
