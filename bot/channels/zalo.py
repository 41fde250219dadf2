"""The Zalo channel: the Zalo Bot API (plain aiohttp) in front of the conversation engine.

Each event is validated and translated (zalo_translate), answered once by the engine (its
ProcessedUpdate table skips a redelivered `event_name:message_id`) and the replies are
rendered for a messenger without buttons (zalo_render) and sent (zalo_client). Events of
one user are answered in arrival order, different users concurrently (ordering.py).
Polling by default; webhook mode is served by bot/web.py and zalo_webhook.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import timedelta

from bot.channels.ordering import KeyedLocks
from bot.channels.progress import ProgressLine
from bot.channels.retry import COSMETIC, RetryPolicy
from bot.channels.zalo_client import ZaloApiError, ZaloClient
from bot.channels.zalo_render import Links, Outgoing, render
from bot.channels.zalo_translate import ZaloEvent, event_owner, parse_event, translate
from bot.links import LinkStore
from bot.outbox import PermanentFailure, TransientFailure, delivering
from bot.settings import Settings
from handlers.engine import Conversation
from handlers.texts import t
from handlers.types import Incoming, Outcome, Reply

log = logging.getLogger(__name__)

PROGRESS_SECONDS = 10.0
"""A file's progress line on Zalo (no edits there): a new message at most this often."""
MAX_CONCURRENT = 64  # events being answered at once; polling waits when all are busy
# Answers meaning the recipient cannot be reached this way: retrying would not help. (Zalo's
# 403 is a server error, ZALO.md; 401 is our token, which a later try may have fixed.)
UNREACHABLE = (400, 404)
POLL_FAILURES = RetryPolicy(attempts=1, base_delay=1.0, max_delay=30.0)  # pause after errors
DRAIN_SECONDS = 30.0  # on stop, time for events already fetched to be answered


def build_zalo_channel(
    settings: Settings, engine: Conversation, links: LinkStore | None = None
) -> ZaloChannel:
    """The channel with its client (no network I/O until it is started)."""
    assert settings.zalo_bot_token is not None, "ZALO_BOT_TOKEN is required"
    client = ZaloClient(settings.zalo_api_url, settings.zalo_bot_token.get_secret_value())
    return ZaloChannel(client, engine, settings, KeyedLocks(), links)


def image_name(data: bytes) -> str:
    """A file name whose extension matches the bytes (Zalo reads the content type)."""
    if data.startswith(b"\x89PNG"):
        return "image.png"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image.webp"
    return "image.jpg"


class ZaloChannel:
    """Holds the client and the engine; answers events, whatever brought them."""

    def __init__(
        self,
        client: ZaloClient,
        engine: Conversation,
        settings: Settings,
        locks: KeyedLocks,
        links: LinkStore | None = None,
    ) -> None:
        self.client = client
        self.engine = engine
        self.settings = settings
        self.locks = locks
        self.links = links
        self.lang = settings.default_language
        self._tasks: set[asyncio.Task[None]] = set()
        self._slots = asyncio.Semaphore(MAX_CONCURRENT)

    # --- answering one event ------------------------------------------------------------------

    async def received_event(self, event: ZaloEvent, *, redelivered: bool = True) -> Outcome | None:
        """Translate, answer once, send the replies; the caller holds the user's lock.

        Raises if the engine failed and the event may come again (`redelivered`, webhooks):
        nothing was committed. An event given up by the engine is answered with an apology.
        """
        msg = translate(event, self.client.session, self.settings.max_photo_bytes)
        if msg is None:
            return None
        outcome = await self._handle(msg, redelivered)
        if not outcome.duplicate:
            await self.send_replies(msg.chat_id, outcome.replies, outcome.lang)
        return outcome

    async def _handle(self, msg: Incoming, redelivered: bool) -> Outcome:
        """The engine's answer; before slow work (a photo, a chart) the user sees "typing…"."""
        actions: list[asyncio.Task[None]] = []
        progress = ProgressLine(
            lambda text: self.client.send_message(msg.chat_id, text), every=PROGRESS_SECONDS
        )

        async def working(_key: str, line: str = "") -> None:
            # In the background: the chat action must not delay the download (the URL expires).
            # Zalo cannot edit a message: a file's progress is a new line, at most so often.
            if line:
                actions.append(asyncio.create_task(self._progress(progress, line)))
            else:
                actions.append(asyncio.create_task(self._typing(msg.chat_id)))

        try:
            return await self.engine.handle(msg, on_progress=working, redelivered=redelivered)
        finally:
            await asyncio.gather(*actions)

    async def _progress(self, progress: ProgressLine, line: str) -> None:
        """A cosmetic progress line: its failure is logged and forgotten."""
        try:
            await progress.show(line)
        except ZaloApiError as error:
            log.info("zalo progress line skipped: HTTP %s", error.status)

    async def _typing(self, chat_id: str) -> None:
        """A cosmetic chat action: its failure is logged and forgotten."""
        try:
            await self.client.retrying(
                "sendChatAction", lambda: self.client.send_chat_action(chat_id), COSMETIC
            )
        except ZaloApiError as error:
            log.info("zalo sendChatAction skipped: HTTP %s", error.status)

    async def send_replies(self, chat_id: str, replies: Sequence[Reply], lang: str = "") -> int:
        """Send every reply in order, our notes in `lang`; returns how many calls failed for
        good (logged). The engine committed the input before this runs, so a lost reply never
        loses input."""
        failed = 0
        for reply in replies:
            for call in render(reply, lang or self.lang, await self._publish(reply)):
                failed += not await self._send(chat_id, call, lang or self.lang)
        return failed

    async def _send(self, chat_id: str, call: Outgoing, lang: str) -> bool:
        """One call with retries; a photo Zalo could not fetch still gets its caption out."""
        try:
            if call.photo_url is not None:
                await self.client.send_photo(chat_id, call.photo_url, call.text)
            else:
                await self.client.send_message(chat_id, call.text)
        except ZaloApiError as error:
            log.warning("zalo %s to chat %s lost: %s", call.method, chat_id, error)
            if call.photo_url is not None:
                fallback = "\n".join(filter(None, [call.text, t(lang, "zalo_photo_failed")]))
                await self._send(chat_id, Outgoing("sendMessage", fallback), lang)
            return False
        return True

    async def _publish(self, reply: Reply) -> Links:
        """Expiring links for the reply's photo and file, when a public web server exists."""
        wanted = reply.photo is not None or reply.document is not None or reply.photos
        if self.links is None or not wanted:
            return Links()
        photo_url = file_url = None
        album: list[str] = []
        try:
            if reply.photo is not None:
                photo_url = await self.links.publish(reply.photo, image_name(reply.photo))
            if reply.document is not None:
                file_url = await self.links.publish(reply.document, reply.file_name)
            for data in reply.photos:  # a report's photos: one link each, in the text
                album.append(await self.links.publish(data, image_name(data)))
        except OSError as problem:
            log.error("zalo: could not publish a file: %s", problem)
        return Links(photo_url, file_url, self.links.valid_hours, tuple(album))

    async def received_polled(self, event: ZaloEvent) -> None:
        """A polled event under its user's lock; if the engine fails, the user is asked to
        repeat (getUpdates cannot deliver it again; nothing was committed)."""
        try:
            async with self.locks.hold(event_owner(event)):
                try:
                    await self.received_event(event, redelivered=False)
                except Exception:
                    log.exception("zalo event %s failed", event.event_name)
                    if event.message is not None:
                        apology = Reply(text=t(self.lang, "err_try_again"))
                        await self.send_replies(event.message.chat.id, [apology])
        finally:
            self._slots.release()

    # --- the outbox (bot/outbox.py) ---------------------------------------------------------

    channel = "zalo"
    native_buttons = False  # an outbox command is a text line: "→ Sửa báo cáo #12: gõ /sua 12"

    def hold(self, user_id: str) -> AbstractAsyncContextManager[None]:
        """An outbox message waits for the user's event being answered, and vice versa."""
        return self.locks.hold(user_id)

    async def deliver(self, chat_id: str, replies: Sequence[Reply], lang: str) -> None:
        """Send an outbox message; PermanentFailure / TransientFailure when it did not go."""
        for reply in replies:
            for call in render(reply, lang, await self._publish(reply)):
                try:
                    if call.photo_url is not None:
                        await self.client.send_photo(chat_id, call.photo_url, call.text)
                    else:
                        await self.client.send_message(chat_id, call.text)
                except ZaloApiError as error:
                    failure = PermanentFailure if error.status in UNREACHABLE else TransientFailure
                    raise failure(str(error)) from error

    @asynccontextmanager
    async def _delivering(self) -> AsyncIterator[None]:
        """This channel's outbox rows are delivered while it runs."""
        lease = timedelta(seconds=self.settings.outbox_lease_seconds)
        async with delivering(self, self.engine, self.settings.outbox_poll_seconds, lease):
            yield

    # --- polling ------------------------------------------------------------------------------

    @asynccontextmanager
    async def polling(self, poll_timeout: float = 10.0) -> AsyncIterator[None]:
        """getUpdates until the block exits; events already fetched are answered first.

        Zalo has no offset: an update is gone once getUpdates returned it, so a long poll
        is never cut short on stop (that could drop one); it ends within `poll_timeout`.
        """
        await self.client.start()
        try:
            await self._introduce()
            await self.client.delete_webhook()
            stop = asyncio.Event()
            poller = asyncio.create_task(self._poll(stop, poll_timeout))
            try:
                async with self._delivering():
                    yield
            finally:
                stop.set()
                await asyncio.wait({poller}, timeout=poll_timeout + 5)
                poller.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await poller
                await self._drain()
        finally:
            await self.client.stop()

    async def _poll(self, stop: asyncio.Event, poll_timeout: float) -> None:
        """One long poll after another; errors pause with backoff instead of spinning."""
        failures = 0
        while not stop.is_set():
            try:
                updates = await self.client.get_updates(poll_timeout)
            except ZaloApiError as error:
                failures += 1
                delay = POLL_FAILURES.backoff(min(failures, 6))
                log.warning("zalo getUpdates failed (%s), retry in %.1fs", error, delay)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), delay)
                continue
            failures = 0
            for update in updates:  # usually one; in order, so one user's stay in order
                await self._dispatch(update)

    async def _dispatch(self, update: object) -> None:
        """Start answering one polled update; tasks take the user's lock in this order."""
        try:
            event = parse_event(update)
        except ValueError as problem:
            log.warning("zalo: dropped an update: %s", problem)
            return
        await self._slots.acquire()
        task = asyncio.create_task(self.received_polled(event))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _drain(self) -> None:
        """Let events being answered finish (bounded), then cancel what is left."""
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=DRAIN_SECONDS)
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    # --- webhook ------------------------------------------------------------------------------

    @asynccontextmanager
    async def webhook(self) -> AsyncIterator[None]:
        """Register the webhook and answer events posted to bot/web.py until the block exits.

        The webhook is left registered on exit: other workers may still be serving it.
        """
        url, secret = self.settings.zalo_webhook_url, self.settings.zalo_webhook_secret
        assert url and secret, "webhook mode needs ZALO_WEBHOOK_URL and a secret"
        await self.client.start()
        try:
            await self._introduce()
            await self.client.set_webhook(url, secret.get_secret_value())
            async with self._delivering():
                yield
        finally:
            await self.client.stop()

    async def _introduce(self) -> None:
        """getMe: fails fast on a wrong token; logs which bot this is."""
        me = await self.client.get_me()
        log.info("zalo bot %s ready", me.get("account_name") or me.get("id") or "?")
