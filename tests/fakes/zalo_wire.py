"""The Zalo Bot API wire format as the fake speaks it (see /work/shared/ZALO.md): documented
limits, event names, the `{"ok": …}` envelope, ids and timestamps, and reading a call's
parameters. Kept apart so the server, the recorder and the user side of the fake agree on one
shape without importing each other. Choices where the public docs are silent are marked "fake:".
"""

from __future__ import annotations

import json
import secrets
import time
from typing import Any

from aiohttp import web

__all__ = [
    "CHAT_ACTIONS",
    "DEFAULT_POLL_SECONDS",
    "IMAGE_RECEIVED",
    "PHOTO_MAX_BYTES",
    "SECRET_LENGTHS",
    "STICKER_RECEIVED",
    "TEXT_LIMIT",
    "TEXT_RECEIVED",
    "UNSUPPORTED_RECEIVED",
    "VOICE_RECEIVED",
    "Event",
    "bad_length",
    "error",
    "hex_id",
    "missing",
    "now_ms",
    "ok",
    "read_params",
]

TEXT_LIMIT = 2000  # sendMessage text and sendPhoto caption: 1-2000 characters
SECRET_LENGTHS = range(8, 257)  # setWebhook secret_token: 8-256 characters
CHAT_ACTIONS = frozenset({"typing", "upload_photo"})
DEFAULT_POLL_SECONDS = 30.0  # documented getUpdates default
PHOTO_MAX_BYTES = 20 * 1024 * 1024  # fake: Zalo publishes no limit; guards the test process

TEXT_RECEIVED = "message.text.received"
IMAGE_RECEIVED = "message.image.received"
STICKER_RECEIVED = "message.sticker.received"
VOICE_RECEIVED = "message.voice.received"
UNSUPPORTED_RECEIVED = "message.unsupported.received"

Event = dict[str, Any]


def now_ms() -> int:
    """Zalo's timestamps: epoch milliseconds."""
    return int(time.time() * 1000)


def hex_id() -> str:
    """A 20-char lowercase hex id, the shape of Zalo user and message ids."""
    return secrets.token_hex(10)


def ok(result: Any) -> web.Response:
    """A successful call: `{"ok": true, "result": …}`."""
    return web.json_response({"ok": True, "result": result})


def error(code: int, description: str) -> web.Response:
    """A failed call: the error envelope, with the HTTP status equal to `error_code`."""
    return web.json_response(
        {"ok": False, "error_code": code, "description": description}, status=code
    )


async def read_params(request: web.Request) -> dict[str, Any]:
    """Merge query parameters with a JSON, form or bare-JSON body; ValueError if malformed."""
    params: dict[str, Any] = dict(request.query)
    if request.method != "POST" or not request.can_read_body:
        return params
    if request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        form = await request.post()
        params.update({k: v for k, v in form.items() if isinstance(v, str)})
        return params
    raw = await request.text()  # JSON, also when sent as text/plain or with no content type
    if raw.strip():
        body = json.loads(raw)
        if not isinstance(body, dict):
            raise ValueError("body must be a JSON object")
        params.update(body)
    return params


def missing(params: dict[str, Any], *names: str) -> web.Response | None:
    """A 400 for the first required parameter that is absent or empty."""
    for name in names:
        if params.get(name) in (None, ""):
            return error(400, f"Bad Request: {name} is required")
    return None


def bad_length(params: dict[str, Any], name: str) -> web.Response | None:
    """A 400 when a text parameter exceeds the 2000-character limit."""
    value = params.get(name)
    if value is not None and len(str(value)) > TEXT_LIMIT:
        return error(400, f"Bad Request: {name} must be 1-{TEXT_LIMIT} characters")
    return None
