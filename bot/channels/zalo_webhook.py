"""POST /zalo/webhook on the shared server (the route's shape: `webhook_route`)."""

from __future__ import annotations

import json
import re

from aiohttp import web

from bot.channels.webhook_route import WebhookRoute
from bot.channels.zalo import ZaloChannel
from bot.channels.zalo_translate import event_owner, parse_event

WEBHOOK_PATH = "/zalo/webhook"
SECRET_HEADER = "X-Bot-Api-Secret-Token"
SECRET_PATTERN = re.compile(r"^[\x21-\x7e]{8,256}$")  # setWebhook: 8-256 characters; a header


def add_zalo_webhook(app: web.Application, channel: ZaloChannel, secret: str) -> None:
    """Mount the route on the shared web application."""
    WebhookRoute(
        messenger="zalo",
        secret_header=SECRET_HEADER,
        secret=secret,
        parse=lambda raw: parse_event(json.loads(raw)),
        owner=event_owner,
        handle=channel.received_event,
        locks=channel.locks,
        describe=lambda event: event.event_name,
    ).mount(app, WEBHOOK_PATH)
