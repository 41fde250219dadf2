"""What the fake Telegram server's self-tests share (test_telegram_server_calls.py and
test_telegram_server_updates.py): ids, sample bytes, raw Bot API calls that bypass PTB, and a
PTB Application polling the fake."""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.ext import Application, ApplicationBuilder, BaseHandler, ContextTypes

from tests.fakes.telegram_server import FakeTelegramServer

logging.getLogger("httpx").setLevel(logging.WARNING)  # httpx logs URLs with the token

TOKEN = "123456:TEST-TOKEN"
USER = 42
JPEG = b"\xff\xd8\xff\xe0" + b"fake-jpeg-pixels" * 40
PNG = b"\x89PNG\r\n\x1a\n" + b"fake-png-pixels" * 20
KEYBOARD = InlineKeyboardMarkup([[InlineKeyboardButton("Đúng", callback_data="yes")]])


async def api(
    server: FakeTelegramServer, method: str, *, token: str = TOKEN, **params: Any
) -> tuple[int, dict[str, Any]]:
    """A raw form-urlencoded call, non-string values JSON-encoded as PTB does."""
    form = {k: v if isinstance(v, str) else json.dumps(v) for k, v in params.items()}
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{server.root}/bot{token}/{method}", data=form) as resp,
    ):
        return resp.status, await resp.json(content_type=None)


@contextlib.asynccontextmanager
async def running_app(
    server: FakeTelegramServer, *handlers: BaseHandler[Any, Any, Any]
) -> AsyncIterator[list[BaseException]]:
    """A PTB Application polling the fake; yields the errors its handlers raised."""
    app: Application[Any, Any, Any, Any, Any, Any] = (
        ApplicationBuilder()
        .token(TOKEN)
        .base_url(server.base_url)
        .base_file_url(server.base_file_url)
        .build()
    )
    errors: list[BaseException] = []

    async def record_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        errors.append(context.error or RuntimeError("unknown handler error"))

    app.add_handlers(handlers)
    app.add_error_handler(record_error)
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=1)
        try:
            yield errors
        finally:
            await app.updater.stop()
            await app.stop()


def largest(photo: list[dict[str, Any]]) -> dict[str, Any]:
    """The largest ``PhotoSize`` dict by area (Telegram does not sort them)."""
    return max(photo, key=lambda size: size["width"] * size["height"])
