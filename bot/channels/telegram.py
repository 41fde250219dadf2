"""The Telegram channel: python-telegram-bot 22 in front of the conversation engine.

One catch-all handler translates each update (telegram_translate), lets the engine answer it
once (its ProcessedUpdate table skips redelivered update_ids) and sends the replies
(telegram_render, telegram_send). Updates of one user are handled in order, different users
concurrently (see ordering.py). Polling by default; webhook mode is served by bot/web.py and
telegram_webhook.py, never by PTB's own webhook server, which answers before processing.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import timedelta
from typing import Any

from telegram import BotCommand, CallbackQuery, Update
from telegram.constants import ChatAction
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    BaseUpdateProcessor,
    ContextTypes,
    ExtBot,
    TypeHandler,
)

from bot.channels.ordering import KeyedLocks
from bot.channels.progress import ProgressLine
from bot.channels.telegram_send import SENDS, Sender, quiet_invalid_json, with_retries
from bot.channels.telegram_translate import translate
from bot.outbox import Deliverer, delivering
from bot.settings import Settings
from handlers.engine import Conversation
from handlers.texts import LANGUAGES, t
from handlers.types import Incoming, Outcome, Reply

log = logging.getLogger(__name__)

ALLOWED_UPDATES = ("message", "callback_query")
RATE_LIMIT_RETRIES = 3
# Connections to the Bot API. PTB's default is 256, but httpcore checks every idle pooled
# connection (two syscalls each) on every request, so a big pool costs CPU per call; 32
# carries far more than Telegram's ~30 messages/s (bench/README.md, load benchmark).
API_CONNECTIONS = 32
# Waiting for a free connection is our own queue, not a network fault: allow for it.
API_POOL_TIMEOUT_SECONDS = 30.0
# The command menu: canonical command → its name per language (all map to the same command).
MENU: dict[str, dict[str, str]] = {
    "report": {"vi": "baocao", "en": "report"},
    "mine": {"vi": "cuatoi", "en": "mine"},
    "summary": {"vi": "tonghop", "en": "summary"},
    "reports": {"vi": "xem", "en": "reports"},
    "cancel": {"vi": "huy", "en": "cancel"},
    "invite": {"vi": "moi", "en": "invite"},
    "link": {"vi": "lienket", "en": "link"},
    "help": {"vi": "trogiup", "en": "help"},
}
AnyApplication = Application[Any, Any, Any, Any, Any, Any]


def build_telegram_app(settings: Settings, engine: Conversation) -> TelegramChannel:
    """The channel with its PTB Application (no network I/O until it is started)."""
    assert settings.telegram_bot_token is not None, "TELEGRAM_BOT_TOKEN is required"
    logging.getLogger("httpx").setLevel(logging.WARNING)  # it logs request URLs with the token
    quiet_invalid_json()  # PTB's ERROR for each 502 page; with_retries logs the outcome instead
    root = settings.telegram_api_url.rstrip("/")
    locks = KeyedLocks()
    builder = (
        ApplicationBuilder()
        .token(settings.telegram_bot_token.get_secret_value())
        .base_url(f"{root}/bot")
        .base_file_url(f"{root}/file/bot")
        .concurrent_updates(PerUserOrder(locks))
        .connection_pool_size(API_CONNECTIONS)
        .pool_timeout(API_POOL_TIMEOUT_SECONDS)
    )
    if settings.telegram_rate_limit:
        # Overall (~30/s) and group limits, and a bot-wide pause on 429; per process.
        builder = builder.rate_limiter(AIORateLimiter(max_retries=RATE_LIMIT_RETRIES))
    if settings.telegram_webhook_url:
        builder = builder.updater(None)  # updates arrive through bot/web.py
    application = builder.build()
    channel = TelegramChannel(application, engine, settings, locks)
    application.add_handler(TypeHandler(Update, channel.on_update))
    application.add_error_handler(channel.on_error)
    return channel


def update_owner(update: object) -> str:
    """Whose conversation an update belongs to: the sender, else the chat."""
    if isinstance(update, Update):
        if update.effective_user is not None:
            return str(update.effective_user.id)
        if update.effective_chat is not None:
            return str(update.effective_chat.id)
    return "-"


class PerUserOrder(BaseUpdateProcessor):
    """Concurrent updates, but one user's in arrival order.

    PTB starts one task per update in the order getUpdates returned them; each takes its
    user's FIFO lock before anything else, so a user's updates run one by one, in order.
    """

    def __init__(self, locks: KeyedLocks, max_concurrent_updates: int = 256) -> None:
        super().__init__(max_concurrent_updates)
        self.locks = locks

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Run the update's handlers while holding its user's lock."""
        async with self.locks.hold(update_owner(update)):
            await coroutine

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""


class TelegramChannel:
    """Holds the PTB Application and the engine; answers updates, whatever brought them."""

    def __init__(
        self,
        application: AnyApplication,
        engine: Conversation,
        settings: Settings,
        locks: KeyedLocks,
    ) -> None:
        self.application = application
        self.engine = engine
        self.settings = settings
        self.locks = locks
        self.lang = settings.default_language
        self.sender = Sender(application.bot, self.lang, SENDS)
        self.deliverer: Deliverer | None = None  # while polling or serving the webhook

    @property
    def bot(self) -> ExtBot[Any]:
        """The PTB bot used for every call (with the rate limiter when enabled)."""
        return self.application.bot

    # --- answering one update ---------------------------------------------------------------

    async def received_update(self, update: Update, *, redelivered: bool = True) -> Outcome | None:
        """Translate, answer once, send the replies; the caller holds the user's lock.

        Raises if the engine failed and the update may come again (`redelivered`, webhooks):
        nothing was committed. An update given up by the engine is answered with an apology.
        """
        msg = translate(update, self.bot)
        if msg is None:
            return None
        if update.callback_query is not None:
            await self._retire_keyboard(update.callback_query)
        outcome = await self._handle(msg, redelivered)
        if outcome.duplicate:
            return outcome
        await self.sender.send_replies(int(msg.chat_id), outcome.replies)
        if outcome.album and self.deliverer is not None:
            self.deliverer.wake()  # its acknowledgement is an outbox row due soon
        return outcome

    async def _handle(self, msg: Incoming, redelivered: bool) -> Outcome:
        """The engine's answer; before slow work (a photo) it says so, and the user sees
        "sending a photo…" while we download and check it."""
        actions: list[asyncio.Task[bool]] = []
        chat_id = int(msg.chat_id)
        progress = ProgressLine(
            lambda text: self.bot.send_message(chat_id=chat_id, text=text),
            lambda sent, text: self.bot.edit_message_text(
                text, chat_id=chat_id, message_id=sent.message_id
            ),
        )

        async def working(_key: str, line: str = "") -> None:
            # In the background: the chat action must not delay the download. A file being
            # built shows one message that is edited as the count grows.
            if line:
                action = self.sender.cosmetic(lambda: progress.show(line), "progress")
            else:
                action = self.sender.cosmetic(
                    lambda: self.bot.send_chat_action(chat_id, ChatAction.UPLOAD_PHOTO),
                    "sendChatAction",
                )
            actions.append(asyncio.create_task(action))

        try:
            return await self.engine.handle(msg, on_progress=working, redelivered=redelivered)
        finally:
            await asyncio.gather(*actions)

    async def _retire_keyboard(self, query: CallbackQuery) -> None:
        """Stop the spinner and remove the pressed keyboard, so it cannot be pressed twice.

        Both are cosmetic: "message is not modified" (already removed) or "query is too old"
        (a redelivered update) are expected and ignored.
        """
        calls = [self.sender.cosmetic(query.answer, "answerCallbackQuery")]
        message = query.message
        if message is not None:
            calls.append(
                self.sender.cosmetic(
                    lambda: self.bot.edit_message_reply_markup(
                        chat_id=message.chat.id, message_id=message.message_id, reply_markup=None
                    ),
                    "editMessageReplyMarkup",
                )
            )
        await asyncio.gather(*calls)

    async def on_update(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """PTB's handler (polling): as received_update; polling cannot get the update again,
        so the engine gives it up at its first failure and the user is asked to repeat (the
        draft is as it was before the message). Only when even that fails do we apologise."""
        try:
            await self.received_update(update, redelivered=False)
        except Exception:
            log.exception("telegram update %s failed", update.update_id)
            chat = update.effective_chat
            if chat is not None:
                apology = Reply(text=t(self.lang, "err_try_again"))
                await self.sender.send_replies(chat.id, [apology])

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Anything PTB itself raised (handlers catch their own)."""
        log.error("telegram error: %r", context.error)

    # --- the outbox (bot/outbox.py) ---------------------------------------------------------

    channel = "telegram"
    native_buttons = True  # an outbox command is an inline button ("cmd:/sua 12")

    def hold(self, user_id: str) -> AbstractAsyncContextManager[None]:
        """An outbox message waits for the user's update being answered, and vice versa."""
        return self.locks.hold(user_id)

    async def deliver(self, chat_id: str, replies: Sequence[Reply], lang: str) -> None:
        """Send an outbox message; PermanentFailure / TransientFailure when it did not go."""
        await self.sender.deliver(int(chat_id), replies)

    @asynccontextmanager
    async def _delivering(self) -> AsyncIterator[None]:
        """This channel's outbox rows are delivered while it runs."""
        poll = self.settings.outbox_poll_seconds
        lease = timedelta(seconds=self.settings.outbox_lease_seconds)
        async with delivering(self, self.engine, poll, lease) as deliverer:
            self.deliverer = deliverer
            try:
                yield
            finally:
                self.deliverer = None

    # --- lifecycles ---------------------------------------------------------------------------

    async def _set_commands(self) -> None:
        """The command menu: the default language for everyone, then per client language."""
        for lang, code in ((self.lang, None), *((lang, lang) for lang in LANGUAGES)):
            commands = [
                BotCommand(names[lang], t(lang, f"menu_{key}")) for key, names in MENU.items()
            ]
            await self.sender.cosmetic(
                lambda c=commands, code=code: self.bot.set_my_commands(c, language_code=code),
                "setMyCommands",
            )

    @asynccontextmanager
    async def polling(self, poll_timeout: float = 10.0) -> AsyncIterator[None]:
        """getUpdates until the block exits; pending updates are finished before stopping."""
        app = self.application
        assert app.updater is not None, "built for webhook mode"
        async with app:
            await self._set_commands()
            await app.start()
            await app.updater.start_polling(
                timeout=timedelta(seconds=poll_timeout),
                allowed_updates=list(ALLOWED_UPDATES),
                bootstrap_retries=3,
            )
            try:
                async with self._delivering():
                    yield
            finally:
                await app.updater.stop()
                await app.stop()

    @asynccontextmanager
    async def webhook(self) -> AsyncIterator[None]:
        """Register the webhook and answer updates posted to bot/web.py until the block exits.

        The webhook is left registered on exit: other workers may still be serving it.
        """
        url, secret = self.settings.telegram_webhook_url, self.settings.telegram_webhook_secret
        assert url and secret, "webhook mode needs TELEGRAM_WEBHOOK_URL and a secret"
        async with self.application:
            await self._set_commands()
            await with_retries(
                lambda: self.bot.set_webhook(
                    url,
                    secret_token=secret.get_secret_value(),
                    allowed_updates=list(ALLOWED_UPDATES),
                ),
                "setWebhook",
                SENDS,
            )
            async with self._delivering():
                yield
