"""POST /telegram/webhook on the shared server: secret checked, update committed, then 200.

Telegram redelivers on any non-2xx answer, so an update whose processing failed (nothing was
committed) answers 500 and comes back; one already handled is skipped by the engine.
"""

from __future__ import annotations

import hmac
import logging
from dataclasses import dataclass

from aiohttp import web
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from telegram import Update

from bot.channels.telegram import TelegramChannel, update_owner

log = logging.getLogger(__name__)

WEBHOOK_PATH = "/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
SECRET_PATTERN = r"^[A-Za-z0-9_-]{1,256}$"  # what setWebhook accepts as secret_token


class WebhookBody(BaseModel):
    """The envelope checked before PTB parses the rest; unknown fields are kept."""

    model_config = ConfigDict(extra="allow")
    update_id: int = Field(ge=0)


@dataclass(frozen=True, slots=True)
class TelegramWebhook:
    """What the route needs: the channel and the expected secret."""

    channel: TelegramChannel
    secret: str

    def authorised(self, header: str | None) -> bool:
        """Constant-time comparison, so the secret cannot be guessed byte by byte."""
        return header is not None and hmac.compare_digest(
            header.encode("utf-8", "replace"), self.secret.encode()
        )


TELEGRAM_WEBHOOK = web.AppKey("telegram_webhook", TelegramWebhook)


def add_telegram_webhook(app: web.Application, channel: TelegramChannel, secret: str) -> None:
    """Mount the route on the shared web application."""
    app[TELEGRAM_WEBHOOK] = TelegramWebhook(channel, secret)
    app.router.add_post(WEBHOOK_PATH, received_webhook)


async def received_webhook(request: web.Request) -> web.Response:
    """403 without the right secret, 400 for a body that is not an update, 500 if the engine
    failed (Telegram retries), 200 once the update's effects are committed."""
    hook = request.app[TELEGRAM_WEBHOOK]
    if not hook.authorised(request.headers.get(SECRET_HEADER)):
        return web.Response(status=403, text="forbidden")
    raw = await request.read()
    try:
        body = WebhookBody.model_validate_json(raw)
        update = Update.de_json(body.model_dump(), hook.channel.bot)
    except (ValidationError, ValueError, TypeError, KeyError) as problem:
        log.warning("telegram webhook: rejected body (%s)", type(problem).__name__)
        return web.Response(status=400, text="not an update")
    try:
        async with hook.channel.locks.hold(update_owner(update)):
            await hook.channel.received_update(update)
    except Exception:  # nothing committed: let Telegram deliver it again
        log.exception("telegram webhook update %s failed", body.update_id)
        return web.Response(status=500, text="retry later")
    return web.Response(text="ok")
