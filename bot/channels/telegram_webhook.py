"""POST /telegram/webhook on the shared server (the route's shape: `webhook_route`).

PTB parses the update; the envelope is checked first so a body without a valid `update_id`
is refused before PTB sees it.
"""

from __future__ import annotations

from aiohttp import web
from pydantic import BaseModel, ConfigDict, Field
from telegram import Update

from bot.channels.telegram import TelegramChannel, update_owner
from bot.channels.webhook_route import WebhookRoute

WEBHOOK_PATH = "/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
SECRET_PATTERN = r"^[A-Za-z0-9_-]{1,256}$"  # what setWebhook accepts as secret_token


class WebhookBody(BaseModel):
    """The envelope checked before PTB parses the rest; unknown fields are kept."""

    model_config = ConfigDict(extra="allow")
    update_id: int = Field(ge=0)


def add_telegram_webhook(app: web.Application, channel: TelegramChannel, secret: str) -> None:
    """Mount the route on the shared web application."""

    def parse(raw: bytes) -> Update:
        body = WebhookBody.model_validate_json(raw)
        return Update.de_json(body.model_dump(), channel.bot)

    WebhookRoute(
        messenger="telegram",
        secret_header=SECRET_HEADER,
        secret=secret,
        parse=parse,
        owner=update_owner,
        handle=channel.received_update,
        locks=channel.locks,
        describe=lambda update: str(update.update_id),
    ).mount(app, WEBHOOK_PATH)
