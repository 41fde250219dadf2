"""POST /zalo/webhook on the shared server: secret checked, event committed, then 200.

Zalo redelivers on a non-2xx answer, so an event whose processing failed (nothing was
committed) answers 500 and comes back; one already handled is skipped by the engine.
"""

from __future__ import annotations

import hmac
import json
import logging
import re
from dataclasses import dataclass

from aiohttp import web

from bot.channels.zalo import ZaloChannel
from bot.channels.zalo_translate import event_owner, parse_event

log = logging.getLogger(__name__)

WEBHOOK_PATH = "/zalo/webhook"
SECRET_HEADER = "X-Bot-Api-Secret-Token"
SECRET_PATTERN = re.compile(r"^[\x21-\x7e]{8,256}$")  # setWebhook: 8-256 characters; a header


@dataclass(frozen=True, slots=True)
class ZaloWebhook:
    """What the route needs: the channel and the expected secret."""

    channel: ZaloChannel
    secret: str

    def authorised(self, header: str | None) -> bool:
        """Constant-time comparison, so the secret cannot be guessed byte by byte."""
        return header is not None and hmac.compare_digest(
            header.encode("utf-8", "replace"), self.secret.encode()
        )


ZALO_WEBHOOK = web.AppKey("zalo_webhook", ZaloWebhook)


def add_zalo_webhook(app: web.Application, channel: ZaloChannel, secret: str) -> None:
    """Mount the route on the shared web application."""
    app[ZALO_WEBHOOK] = ZaloWebhook(channel, secret)
    app.router.add_post(WEBHOOK_PATH, received_webhook)


async def received_webhook(request: web.Request) -> web.Response:
    """403 without the right secret, 400 for a body that is not an event, 500 if the engine
    failed (Zalo retries), 200 once the event's effects are committed."""
    hook = request.app[ZALO_WEBHOOK]
    if not hook.authorised(request.headers.get(SECRET_HEADER)):
        return web.Response(status=403, text="forbidden")
    try:
        event = parse_event(json.loads(await request.read()))
    except ValueError as problem:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        log.warning("zalo webhook: rejected body (%s)", type(problem).__name__)
        return web.Response(status=400, text="not an event")
    try:
        async with hook.channel.locks.hold(event_owner(event)):
            await hook.channel.received_event(event)
    except Exception:  # nothing committed: let Zalo deliver it again
        log.exception("zalo webhook event %s failed", event.event_name)
        return web.Response(status=500, text="retry later")
    return web.Response(text="ok")
