"""The floor for bench/load.py: a bare python-telegram-bot echo bot, nothing but PTB.

    TELEGRAM_BOT_TOKEN=... TELEGRAM_API_URL=http://127.0.0.1:PORT python bench/echo_bot.py

Polls like the real bot (same long-poll timeout, same 256 concurrent updates) and answers
every text with the same text, until SIGTERM or SIGINT.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
from datetime import timedelta

from telegram import Update
from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters

CONCURRENT_UPDATES = 256  # as bot/channels/telegram.py's PerUserOrder


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Say the same text back."""
    assert update.message is not None and update.message.text is not None
    await update.message.reply_text(update.message.text)


async def main() -> None:
    """Poll until told to stop."""
    logging.getLogger("httpx").setLevel(logging.WARNING)  # it logs URLs with the token
    root = os.environ["TELEGRAM_API_URL"].rstrip("/")
    app = (
        ApplicationBuilder()
        .token(os.environ["TELEGRAM_BOT_TOKEN"])
        .base_url(f"{root}/bot")
        .base_file_url(f"{root}/file/bot")
        .concurrent_updates(CONCURRENT_UPDATES)
        .build()
    )
    app.add_handler(MessageHandler(filters.TEXT, echo))
    stop = asyncio.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        asyncio.get_running_loop().add_signal_handler(signum, stop.set)
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(timeout=timedelta(seconds=10))
        await stop.wait()
        await app.updater.stop()
        await app.stop()


if __name__ == "__main__":
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    logging.basicConfig(level=logging.WARNING)
    asyncio.run(main())
