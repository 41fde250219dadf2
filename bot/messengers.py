"""Running the messenger channels: Telegram and/or Zalo, each polling unless its webhook URL is
set, one aiohttp server for every webhook route, /healthz, /metrics and the expiring links.

Tortoise is opened here, in the main coroutine, before any channel starts its tasks (it
keeps its context in a ContextVar that tasks inherit).
"""

from __future__ import annotations

import asyncio
import errno
import re
import signal
import sys
from collections.abc import AsyncIterator, Iterator
from contextlib import AsyncExitStack, asynccontextmanager, contextmanager

from aiohttp import web

from bot.app import build_engine
from bot.channels.telegram import build_telegram_app
from bot.channels.telegram_webhook import SECRET_PATTERN, add_telegram_webhook
from bot.channels.zalo import build_zalo_channel
from bot.channels.zalo_client import ZaloApiError
from bot.channels.zalo_webhook import SECRET_PATTERN as ZALO_SECRET_PATTERN
from bot.channels.zalo_webhook import add_zalo_webhook
from bot.links import LinkStore, add_link_routes
from bot.observability import configure_logging
from bot.settings import Settings
from bot.web import CannotListen, build_web_app, parse_listen, serving
from handlers.engine import Conversation
from models.db import close_database, database_ok, open_database

SIGNALS = (signal.SIGINT, signal.SIGTERM)


async def run_messengers(settings: Settings) -> int:
    """Every channel whose token is set, until SIGINT/SIGTERM; 2 on bad settings, 1 when
    Zalo refuses to start (wrong token, unreachable API)."""
    problem = setup_problem(settings)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    configure_logging(settings.log_level)
    await open_database(settings.database_url)
    try:
        with stopped_by_signals() as stop:
            async with running_channels(settings):
                await stop.wait()
    except ZaloApiError as error:
        print(
            f"Zalo could not start: {error} (check ZALO_BOT_TOKEN, ZALO_API_URL)", file=sys.stderr
        )
        return 1
    except CannotListen as error:
        print(listen_problem(settings, error), file=sys.stderr)
        return 1
    finally:
        await close_database()
    return 0


@asynccontextmanager
async def running_channels(settings: Settings) -> AsyncIterator[web.Application | None]:
    """Start the configured channels and, when needed, the web server; stop them in reverse.

    The web server starts last and stops first, so in-flight webhook requests finish while
    their channels are still open.
    """
    engine = build_engine(settings)
    web_app = build_web_app(database_ok, engine.metrics) if needs_web_server(settings) else None
    links = link_store(settings)
    if web_app is not None and links is not None:
        add_link_routes(web_app, links)
    async with AsyncExitStack() as stack:
        if settings.telegram_bot_token is not None:
            await stack.enter_async_context(_telegram(settings, engine, web_app))
        if settings.zalo_bot_token is not None:
            await stack.enter_async_context(_zalo(settings, engine, web_app, links))
        if web_app is not None:
            host, port = parse_listen(settings.webhook_listen)
            share = settings.webhook_share_port
            await stack.enter_async_context(serving(web_app, host, port, share_port=share))
        yield web_app


@asynccontextmanager
async def _telegram(
    settings: Settings, engine: Conversation, web_app: web.Application | None
) -> AsyncIterator[None]:
    """Telegram: its webhook route on the shared server, or getUpdates."""
    channel = build_telegram_app(settings, engine)
    if settings.telegram_webhook_url and settings.telegram_webhook_secret:
        assert web_app is not None
        add_telegram_webhook(web_app, channel, settings.telegram_webhook_secret.get_secret_value())
        async with channel.webhook():
            yield
    else:
        async with channel.polling():
            yield


@asynccontextmanager
async def _zalo(
    settings: Settings,
    engine: Conversation,
    web_app: web.Application | None,
    links: LinkStore | None,
) -> AsyncIterator[None]:
    """Zalo: its webhook route on the shared server, or getUpdates."""
    channel = build_zalo_channel(settings, engine, links)
    if settings.zalo_webhook_url and settings.zalo_webhook_secret:
        assert web_app is not None
        add_zalo_webhook(web_app, channel, settings.zalo_webhook_secret.get_secret_value())
        async with channel.webhook():
            yield
    else:
        async with channel.polling(settings.zalo_poll_timeout):
            yield


def needs_web_server(settings: Settings) -> bool:
    """A webhook to receive, or generated files to serve at PUBLIC_BASE_URL."""
    webhooks = (
        settings.telegram_bot_token is not None and bool(settings.telegram_webhook_url),
        settings.zalo_bot_token is not None and bool(settings.zalo_webhook_url),
    )
    return any(webhooks) or bool(settings.public_base_url)


def link_store(settings: Settings) -> LinkStore | None:
    """Expiring links under MEDIA_DIR, when PUBLIC_BASE_URL says where they are reachable."""
    if not settings.public_base_url:
        return None
    return LinkStore(settings.media_dir, settings.public_base_url, settings.link_valid_hours * 3600)


def listen_problem(settings: Settings, error: OSError) -> str:
    """What to do when WEBHOOK_LISTEN cannot be bound (most often: another bot holds it)."""
    hint = ""
    if error.errno == errno.EADDRINUSE and not settings.webhook_share_port:
        hint = " (another bot already listens there: set WEBHOOK_SHARE_PORT=true on every worker)"
    return f"cannot listen on WEBHOOK_LISTEN {settings.webhook_listen}: {error.strerror}{hint}"


def setup_problem(settings: Settings) -> str | None:
    """Why the channels cannot start safely, if they cannot."""
    problems = [
        telegram_webhook_problem(settings) if settings.telegram_bot_token is not None else None,
        zalo_webhook_problem(settings) if settings.zalo_bot_token is not None else None,
    ]
    if settings.public_base_url and not re.match(r"^https?://", settings.public_base_url):
        problems.append("PUBLIC_BASE_URL must start with https:// (or http://)")
    if needs_web_server(settings):
        try:
            parse_listen(settings.webhook_listen)
        except ValueError as bad:
            problems.append(str(bad))
    return "\n".join(p for p in problems if p) or None


def telegram_webhook_problem(settings: Settings) -> str | None:
    """Telegram's webhook mode needs a well-formed secret."""
    if not settings.telegram_webhook_url:
        return None
    secret = settings.telegram_webhook_secret
    if secret is None or not re.fullmatch(SECRET_PATTERN, secret.get_secret_value()):
        return (
            "TELEGRAM_WEBHOOK_URL is set: TELEGRAM_WEBHOOK_SECRET must be set too "
            "(1-256 characters A-Z a-z 0-9 _ -), or anyone could post fake updates."
        )
    return None


def zalo_webhook_problem(settings: Settings) -> str | None:
    """Zalo's webhook mode needs a secret of 8-256 characters (setWebhook's rule)."""
    if not settings.zalo_webhook_url:
        return None
    secret = settings.zalo_webhook_secret
    if secret is None or not ZALO_SECRET_PATTERN.fullmatch(secret.get_secret_value()):
        return (
            "ZALO_WEBHOOK_URL is set: ZALO_WEBHOOK_SECRET must be set too (8-256 visible "
            "characters, no spaces), or anyone could post fake updates."
        )
    return None


@contextmanager
def stopped_by_signals() -> Iterator[asyncio.Event]:
    """An event set by SIGINT or SIGTERM (Ctrl+C, `docker stop`, systemd) while in the block."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in SIGNALS:
        loop.add_signal_handler(signum, stop.set)
    try:
        yield stop
    finally:
        for signum in SIGNALS:
            loop.remove_signal_handler(signum)
