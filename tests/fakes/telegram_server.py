"""A fake Telegram Bot API server on 127.0.0.1 speaking the real wire format, so tests can run
python-telegram-bot over real HTTP (see /work/shared/TELEGRAM.md).

Point PTB at it with ``base_url=server.base_url`` and ``base_file_url=server.base_file_url``.
Play users with ``push_*`` (updates queued for getUpdates), read what the bot sent in
``server.sent`` or wait for it with ``wait_for_message``; inject 429/502 with ``server.faults``.
"""

from __future__ import annotations

import asyncio
import bisect
import json
import logging
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from aiohttp import ClientSession, ClientTimeout, web

from tests.fakes import telegram_objects as tg
from tests.fakes.telegram_objects import (
    ApiError,
    Faults,
    Params,
    SentMessage,
    Signal,
    StoredFile,
    Upload,
    caption_param,
    chat_id_param,
)

__all__ = ["DEFAULT_PUSH_SIZES", "FakeTelegramServer", "Faults", "SentMessage"]

DEFAULT_PUSH_SIZES = ((320, 240), (1280, 960), (90, 68))  # deliberately not sorted by size
_SENT_PHOTO_SIZES = ((90, 68), (1280, 960))
_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
_OLD_QUERY = "Bad Request: query is too old and response timeout expired or query ID is invalid"
Method = Callable[[Params, dict[str, Upload]], Any]


class FakeTelegramServer:
    """Bot API endpoints, a getUpdates queue and a record of everything the bot sent."""

    def __init__(self, token: str = "123456:TEST-TOKEN", *, bot_username: str = "fake_test_bot"):
        self.token = token
        prefix = token.split(":", 1)[0]
        self.bot_user = tg.bot_user(int(prefix) if prefix.isdigit() else 1, bot_username)
        self.sent: list[SentMessage] = []
        self.calls: list[tuple[str, Params]] = []  # answered calls (not pre-processing faults)
        self.faulted: list[tuple[str, str]] = []  # (method, fault kind)
        self.downloads: list[str] = []  # file paths fetched from /file/bot<token>/
        self.faults = Faults()
        self.webhook: Params = {"url": ""}
        self.commands: dict[tuple[str, str], list[Any]] = {}
        self._runner: web.AppRunner | None = None
        self._port = 0
        self._closing = False
        self._pending: list[Params] = []  # updates not yet confirmed by a getUpdates offset
        self._ack_lost: dict[int, int] = defaultdict(int)
        self._next_update_id = 1
        self._updates_signal, self._sent_signal, self._calls_signal = Signal(), Signal(), Signal()
        self._files: dict[str, StoredFile] = {}
        self._paths: dict[str, StoredFile] = {}
        self._users: dict[int, Params] = {}
        self._chats: dict[int, Params] = {}
        self._message_ids: dict[int, int] = defaultdict(int)  # shared by user and bot messages
        self._messages: dict[tuple[int, int], Params] = {}  # the bot's messages
        self._callback_ids: set[str] = set()
        self._cursors: dict[int, int] = defaultdict(int)
        self._call_cursors: dict[str, int] = defaultdict(int)
        self._methods: dict[str, Method] = {
            "getMe": lambda p, u: self.bot_user,
            "close": lambda p, u: True,
            "logOut": lambda p, u: True,
            "sendChatAction": lambda p, u: True,
            "getUpdates": self._get_updates,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "sendMessage": self._send_message,
            "sendPhoto": self._send_photo,
            "sendDocument": self._send_document,
            "sendMediaGroup": self._send_media_group,
            "answerCallbackQuery": self._answer_callback_query,
            "editMessageText": self._edit_message,
            "editMessageReplyMarkup": self._edit_message,
            "getFile": self._get_file,
        }

    # --- lifecycle -------------------------------------------------------------------------

    async def start(self) -> FakeTelegramServer:
        """Listen on 127.0.0.1 on an ephemeral port."""
        logging.getLogger("httpx").setLevel(logging.WARNING)  # it logs URLs with the token
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{file_path:.+}", self._handle_download)
        self._runner = web.AppRunner(app, shutdown_timeout=2.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self._port = self._runner.addresses[0][1]
        return self

    async def stop(self) -> None:
        """Answer pending long polls with [] and shut down."""
        self._closing = True
        self._updates_signal.notify()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeTelegramServer:
        return await self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def root(self) -> str:
        assert self._port, "FakeTelegramServer is not started"
        return f"http://127.0.0.1:{self._port}"

    @property
    def base_url(self) -> str:
        return f"{self.root}/bot"

    @property
    def base_file_url(self) -> str:
        return f"{self.root}/file/bot"

    # --- HTTP ------------------------------------------------------------------------------

    async def _handle_api(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return tg.error_response(401, "Unauthorized")
        method = request.match_info["method"]
        handler = self._methods.get(method)
        if handler is None:
            return tg.error_response(404, "Not Found: method not found")
        params, uploads = await tg.read_params(request)
        fault = self.faults.draw(method)
        if method in self.faults.methods and self.faults.delay_seconds:
            await asyncio.sleep(self.faults.delay_seconds)  # simulated latency, not polling
        if fault in ("429", "502"):
            self._count_fault(method, fault)
            if fault == "502":
                return tg.bad_gateway()
            retry = self.faults.retry_after
            return tg.error_response(
                429, f"Too Many Requests: retry after {retry}", retry_after=retry
            )
        self.calls.append((method, params))
        self._calls_signal.notify()
        try:
            result = handler(params, uploads)
            if asyncio.iscoroutine(result):
                result = await result
        except ApiError as exc:
            return tg.error_response(exc.status, exc.description)
        if fault == "502-after":
            self._count_fault(method, fault)
            return tg.bad_gateway()
        return web.json_response({"ok": True, "result": result})

    async def _handle_download(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return tg.error_response(401, "Unauthorized")
        stored = self._paths.get(request.match_info["file_path"])
        if stored is None:
            return tg.error_response(404, "Not Found")
        self.downloads.append(stored.file_path)
        return web.Response(body=stored.data, content_type="application/octet-stream")

    @property
    def fault_count(self) -> int:
        return len(self.faulted)

    def _count_fault(self, method: str, kind: str) -> None:
        self.faulted.append((method, kind))

    # --- updates: getUpdates, push_*, redelivery -------------------------------------------

    async def _get_updates(self, p: Params, _: dict[str, Upload]) -> list[Params]:
        if self.webhook["url"]:
            raise ApiError(409, _CONFLICT)
        offset = int(p.get("offset") or 0)
        limit = min(max(int(p.get("limit") or 100), 1), 100)
        lost = self._confirm(offset)

        def deliverable() -> list[Params] | None:
            ready = [u for u in self._pending if u["update_id"] >= offset or u["update_id"] in lost]
            return ready[:limit] if ready or self._closing else None

        try:
            return await self._updates_signal.wait_for(deliverable, float(p.get("timeout") or 0))
        except TimeoutError:
            return []

    def _confirm(self, offset: int) -> set[int]:
        """Forget updates below ``offset`` except those whose confirmation is to be 'lost'."""
        if offset < 0:  # Bot API: -N means "the last N updates", older ones are forgotten
            self._pending = self._pending[offset:]
            return set()
        lost = {uid for uid, n in self._ack_lost.items() if n > 0 and uid < offset}
        for uid in lost:
            self._ack_lost[uid] -= 1
        self._pending = [
            u for u in self._pending if u["update_id"] >= offset or u["update_id"] in lost
        ]
        return lost

    def _enqueue(self, update: Params) -> Params:
        if "update_id" not in update:
            update["update_id"] = self._next_update_id
        self._next_update_id = max(self._next_update_id, update["update_id"] + 1)
        bisect.insort_right(self._pending, update, key=lambda u: u["update_id"])
        self._updates_signal.notify()
        return update

    def push_raw(self, update: Params) -> Params:
        """Queue any update dict; an update_id is assigned unless it has one."""
        query = update.get("callback_query")
        if query:
            self._callback_ids.add(query["id"])
        return self._enqueue(update)

    def redeliver(self, update: Params) -> Params:
        """Queue a copy with the SAME update_id. Like the real server, getUpdates returns it only
        while the caller's offset is <= its id (e.g. a restarted client that never confirmed it);
        for a client that already moved past it use ``duplicate_delivery`` or ``post_webhook``."""
        return self._enqueue(dict(update))

    def duplicate_delivery(self, update: Params, *, same_batch: bool = False) -> None:
        """Deliver a still-pending update twice: in one getUpdates batch (``same_batch``) or in
        two consecutive batches, as if the client's confirming offset was lost once."""
        uid = update["update_id"]
        if not any(u["update_id"] == uid for u in self._pending):
            raise ValueError(f"update {uid} was already confirmed; use redeliver()")
        if same_batch:
            self._enqueue(dict(update))
        else:
            self._ack_lost[uid] += 1

    def push_text(
        self,
        user_id: int,
        text: str,
        *,
        chat_id: int | None = None,
        first_name: str | None = None,
        username: str | None = None,
    ) -> Params:
        """A text message; "/cmd ..." gets the bot_command entity CommandHandler needs.
        ``first_name``/``username`` update the user's profile (first_name defaults to "Test")."""
        known = self._users.get(user_id)
        self._users[user_id] = tg.user(
            user_id,
            first_name or (known["first_name"] if known else "Test"),
            username or (known or {}).get("username"),
        )
        entities = tg.command_entities(text) or None
        return self._push_message(user_id, chat_id, text=text, entities=entities)

    def push_command(
        self, user_id: int, command: str, *args: str, chat_id: int | None = None
    ) -> Params:
        """``push_command(7, "start", "a")`` sends "/start a"."""
        return self.push_text(
            user_id, " ".join(["/" + command.lstrip("/"), *args]), chat_id=chat_id
        )

    def push_photo(
        self,
        user_id: int,
        image_bytes: bytes,
        *,
        caption: str | None = None,
        media_group_id: str | None = None,
        sizes: Sequence[tuple[int, int]] = DEFAULT_PUSH_SIZES,
        chat_id: int | None = None,
    ) -> Params:
        """A photo with one PhotoSize per (width, height) in ``sizes``, unsorted. All serve
        ``image_bytes``; the largest by area carries its true file_size, the others a scaled one."""
        photo = self._photo_sizes(image_bytes, sizes)
        return self._push_message(
            user_id, chat_id, photo=photo, caption=caption, media_group_id=media_group_id
        )

    def push_album(
        self,
        user_id: int,
        images: Iterable[bytes],
        caption: str | None = None,
        *,
        chat_id: int | None = None,
    ) -> list[Params]:
        """One update per photo sharing a media_group_id; the caption rides on the first."""
        group_id = tg.random_digits(17)
        return [
            self.push_photo(
                user_id,
                data,
                caption=caption if i == 0 else None,
                media_group_id=group_id,
                chat_id=chat_id,
            )
            for i, data in enumerate(images)
        ]

    def push_document(
        self,
        user_id: int,
        data: bytes,
        file_name: str,
        mime_type: str,
        *,
        caption: str | None = None,
        chat_id: int | None = None,
    ) -> Params:
        """A file sent as a document (e.g. an uncompressed photo)."""
        doc = tg.document(self._store(data, file_name), file_name, mime_type)
        return self._push_message(user_id, chat_id, document=doc, caption=caption)

    def push_location(
        self, user_id: int, latitude: float, longitude: float, *, chat_id: int | None = None
    ) -> Params:
        """A shared location (what a request_location keyboard button sends)."""
        location = {"latitude": latitude, "longitude": longitude}
        return self._push_message(user_id, chat_id, location=location)

    def push_sticker(
        self, user_id: int, *, emoji: str = "👍", chat_id: int | None = None
    ) -> Params:
        """A sticker, i.e. input the bot did not ask for."""
        stored = self._store(b"RIFF-fake-webp", "sticker.webp")
        return self._push_message(user_id, chat_id, sticker=tg.sticker(stored, emoji))

    def push_voice(
        self,
        user_id: int,
        data: bytes = b"OggS-fake-voice",
        *,
        duration: int = 2,
        chat_id: int | None = None,
    ) -> Params:
        """A voice note."""
        stored = self._store(data, "voice.oga")
        return self._push_message(user_id, chat_id, voice=tg.voice(stored, duration))

    def push_callback(
        self, user_id: int, data: str, message_id: int | None = None, *, chat_id: int | None = None
    ) -> Params:
        """A button press on a bot message (default: its last one with an inline keyboard)."""
        chat_id = user_id if chat_id is None else chat_id
        if message_id is None:
            with_keyboard = [
                mid
                for (cid, mid), m in self._messages.items()
                if cid == chat_id and "reply_markup" in m
            ]
            message_id = max(with_keyboard, default=None)
        msg = self._messages.get((chat_id, message_id)) if message_id is not None else None
        if msg is None:
            raise LookupError(
                f"no bot message with an inline keyboard in chat {chat_id} "
                f"(message_id={message_id}) to press a button on"
            )
        query_id = tg.random_digits(19)
        self._callback_ids.add(query_id)
        query = {
            "id": query_id,
            "from": self._user(user_id),
            "message": msg,
            "chat_instance": tg.random_digits(19),
            "data": data,
        }
        return self._enqueue({"callback_query": query})

    def _user(self, user_id: int) -> Params:
        return self._users.setdefault(user_id, tg.user(user_id))

    def _chat(self, chat_id: int, owner: Params | None = None) -> Params:
        return self._chats.setdefault(chat_id, tg.chat(chat_id, owner))

    def _push_message(self, user_id: int, chat_id: int | None, **content: Any) -> Params:
        user = self._user(user_id)
        chat = self._chat(user_id if chat_id is None else chat_id, user)
        self._message_ids[chat["id"]] += 1
        msg = tg.message(self._message_ids[chat["id"]], chat, user, **content)
        return self._enqueue({"message": msg})

    async def post_webhook(
        self, url: str, update: Params, secret_token: str | None = None
    ) -> tuple[int, str]:
        """POST an update to a bot's webhook the way Telegram does; returns (status, body)."""
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret_token} if secret_token else {}
        async with (
            ClientSession(timeout=ClientTimeout(total=10)) as session,
            session.post(url, json=update, headers=headers) as response,
        ):
            return response.status, await response.text()

    # --- files -----------------------------------------------------------------------------

    def _store(self, data: bytes, file_name: str, file_size: int | None = None) -> StoredFile:
        stored = tg.new_file(data, file_name, file_size)
        self._files[stored.file_id] = self._paths[stored.file_path] = stored
        return stored

    def _photo_sizes(self, data: bytes, sizes: Sequence[tuple[int, int]]) -> list[Params]:
        largest = max(w * h for w, h in sizes)
        return [
            tg.photo_size(
                self._store(data, "photo.jpg", max(1, len(data) * w * h // largest)), w, h
            )
            for w, h in sizes
        ]

    def _resolve_file(
        self, ref: Any, uploads: dict[str, Upload], name: str
    ) -> tuple[StoredFile, Upload | None]:
        """An input file: an uploaded part, an attach:// reference, a known file_id or a URL."""
        if isinstance(ref, str) and ref.startswith("attach://"):
            name, ref = ref.removeprefix("attach://"), None
        if ref is None and name in uploads:
            upload = uploads[name]
            return self._store(upload.data, upload.filename or name), upload
        if isinstance(ref, str) and ref in self._files:
            return self._files[ref], None
        if isinstance(ref, str) and ref.startswith(("http://", "https://")):
            return self._store(b"", ref.rsplit("/", 1)[-1] or name), None
        raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")

    async def _get_file(self, p: Params, _: dict[str, Upload]) -> Params:
        stored = self._files.get(str(p.get("file_id")))
        if stored is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": stored.file_size,
            "file_path": stored.file_path,
        }

    # --- the bot's sends and edits ---------------------------------------------------------

    def _bot_message(self, p: Params, chat_id: int, **content: Any) -> Params:
        self._message_ids[chat_id] += 1
        message_id = self._message_ids[chat_id]
        markup = tg.inline_markup_only(p.get("reply_markup"))
        msg = tg.message(
            message_id, self._chat(chat_id), self.bot_user, reply_markup=markup, **content
        )
        self._messages[(chat_id, message_id)] = msg
        return msg

    def _record(
        self, method: str, p: Params, msg: Params, text: str | None, files: dict[str, bytes]
    ) -> None:
        self.sent.append(
            SentMessage(
                method=method,
                chat_id=msg["chat"]["id"],
                text=text,
                reply_markup=p.get("reply_markup"),
                files=files,
                params=p,
                message_id=msg["message_id"],
            )
        )
        self._sent_signal.notify()

    async def _send_message(self, p: Params, _: dict[str, Upload]) -> Params:
        text = p.get("text")
        if not text:
            raise ApiError(400, "Bad Request: message text is empty")
        if len(text) > 4096:
            raise ApiError(400, "Bad Request: message is too long")
        msg = self._bot_message(p, chat_id_param(p), text=text)
        self._record("sendMessage", p, msg, text, {})
        return msg

    async def _send_photo(self, p: Params, uploads: dict[str, Upload]) -> Params:
        chat_id, caption = chat_id_param(p), caption_param(p)
        stored, upload = self._resolve_file(p.get("photo"), uploads, "photo")
        photo = self._photo_sizes(stored.data, _SENT_PHOTO_SIZES)
        msg = self._bot_message(p, chat_id, photo=photo, caption=caption)
        self._record("sendPhoto", p, msg, caption, {"photo": upload.data} if upload else {})
        return msg

    async def _send_document(self, p: Params, uploads: dict[str, Upload]) -> Params:
        chat_id, caption = chat_id_param(p), caption_param(p)
        stored, upload = self._resolve_file(p.get("document"), uploads, "document")
        file_name = stored.file_path.rsplit("/", 1)[-1]
        doc = tg.document(stored, file_name, upload.content_type if upload else None)
        msg = self._bot_message(p, chat_id, document=doc, caption=caption)
        self._record("sendDocument", p, msg, caption, {"document": upload.data} if upload else {})
        return msg

    async def _send_media_group(self, p: Params, uploads: dict[str, Upload]) -> list[Params]:
        chat_id, items = chat_id_param(p), p.get("media")
        if not isinstance(items, list) or not 2 <= len(items) <= 10:
            raise ApiError(400, "Bad Request: wrong number of media items (need 2-10)")
        group_id, messages = tg.random_digits(17), []
        for item in items:
            ref = item.get("media")
            stored, upload = self._resolve_file(ref, uploads, str(ref))
            caption, kind = caption_param(item), item.get("type", "photo")
            if kind == "photo":
                content = {"photo": self._photo_sizes(stored.data, _SENT_PHOTO_SIZES)}
            elif kind == "document":
                content = {
                    "document": tg.document(
                        stored,
                        stored.file_path.rsplit("/", 1)[-1],
                        upload.content_type if upload else None,
                    )
                }
            else:
                content = {kind: tg.media(kind, stored)}
            msg = self._bot_message(
                {}, chat_id, media_group_id=group_id, caption=caption, **content
            )
            files = {ref.removeprefix("attach://"): upload.data} if upload else {}
            self._record("sendMediaGroup", p, msg, caption, files)
            messages.append(msg)
        return messages

    async def _edit_message(self, p: Params, _: dict[str, Upload]) -> Params | bool:
        if "inline_message_id" in p:
            return True
        key = (chat_id_param(p), int(p.get("message_id") or 0))
        msg = self._messages.get(key)
        if msg is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        text = p.get("text", msg.get("text"))
        markup = tg.inline_markup_only(p.get("reply_markup"))
        if text == msg.get("text") and markup == msg.get("reply_markup"):
            raise ApiError(400, _NOT_MODIFIED)
        msg.pop("reply_markup", None)  # an edit without reply_markup removes the keyboard
        if markup:
            msg["reply_markup"] = markup
        if text is not None:
            msg["text"] = text
        msg["edit_date"] = max(int(time.time()), msg["date"])
        return msg

    async def _answer_callback_query(self, p: Params, _: dict[str, Upload]) -> bool:
        query_id = str(p.get("callback_query_id"))
        if query_id not in self._callback_ids:
            raise ApiError(400, _OLD_QUERY)
        self._callback_ids.discard(query_id)
        return True

    # --- webhook and commands ----------------------------------------------------------------

    async def _set_webhook(self, p: Params, _: dict[str, Upload]) -> bool:
        if p.get("drop_pending_updates"):
            self._pending.clear()
        self.webhook = {"url": p.get("url") or "", "secret_token": p.get("secret_token")}
        return True

    async def _delete_webhook(self, p: Params, _: dict[str, Upload]) -> bool:
        if p.get("drop_pending_updates"):
            self._pending.clear()
        self.webhook = {"url": ""}
        return True

    async def _get_webhook_info(self, p: Params, _: dict[str, Upload]) -> Params:
        return {
            "url": self.webhook["url"],
            "has_custom_certificate": False,
            "pending_update_count": len(self._pending),
        }

    async def _set_my_commands(self, p: Params, _: dict[str, Upload]) -> bool:
        self.commands[_commands_key(p)] = list(p.get("commands") or [])
        return True

    async def _get_my_commands(self, p: Params, _: dict[str, Upload]) -> list[Any]:
        return self.commands.get(_commands_key(p), [])

    # --- assertion helpers -----------------------------------------------------------------

    def sent_to(self, chat_id: int) -> list[SentMessage]:
        """Everything the bot sent to ``chat_id``, oldest first."""
        return [m for m in self.sent if m.chat_id == chat_id]

    async def wait_for_message(
        self,
        chat_id: int,
        predicate: Callable[[SentMessage], bool] | str | None = None,
        *,
        timeout: float = 10.0,  # noqa: ASYNC109 -- a test-helper deadline, not a cancel scope
        since: int | None = None,
    ) -> SentMessage:
        """Wait for the next message to ``chat_id`` after the chat's read cursor (or from index
        ``since`` of ``self.sent``) matching ``predicate`` (a callable, or a substring of the
        text); the cursor then moves past it. On timeout, AssertionError lists what was sent."""
        start = self._cursors[chat_id] if since is None else since
        match = _matcher(predicate)
        try:
            index = await _wait_next(
                self._sent_signal,
                self.sent,
                start,
                lambda m: m.chat_id == chat_id and match(m),
                timeout,
            )
        except TimeoutError:
            seen = "\n".join(
                f"  [{i}] {m.method} #{m.message_id}: {m.text!r}"
                for i, m in enumerate(self.sent)
                if m.chat_id == chat_id
            )
            raise AssertionError(
                f"no message to chat {chat_id} matching {predicate!r} at index >= {start} "
                f"within {timeout}s; sent to this chat:\n{seen or '  (nothing)'}"
            ) from None
        self._cursors[chat_id] = index + 1
        return self.sent[index]

    async def wait_for_call(
        self,
        method: str,
        predicate: Callable[[Params], bool] | None = None,
        *,
        timeout: float = 10.0,  # noqa: ASYNC109 -- as in wait_for_message
        since: int | None = None,
    ) -> Params:
        """Wait for the next answered call of ``method`` after its cursor (or from index
        ``since`` of ``self.calls``) whose params match ``predicate``; returns the params."""
        start = self._call_cursors[method] if since is None else since
        try:
            index = await _wait_next(
                self._calls_signal,
                self.calls,
                start,
                lambda c: c[0] == method and (predicate is None or predicate(c[1])),
                timeout,
            )
        except TimeoutError:
            seen = [name for name, _ in self.calls[start:]]
            raise AssertionError(f"no {method} call within {timeout}s; calls: {seen}") from None
        self._call_cursors[method] = index + 1
        return self.calls[index][1]


async def _wait_next(
    signal: Signal, items: list[Any], start: int, match: Callable[[Any], bool], seconds: float
) -> int:
    """Index of the first item from ``start`` on that matches, waiting for appends."""

    def find() -> int | None:
        return next((i for i in range(start, len(items)) if match(items[i])), None)

    return await signal.wait_for(find, seconds)


def _commands_key(p: Params) -> tuple[str, str]:
    """Commands are stored per (scope, language_code), as setMyCommands defines them."""
    scope = json.dumps(p.get("scope") or {"type": "default"}, sort_keys=True)
    return scope, p.get("language_code") or ""


def _matcher(
    predicate: Callable[[SentMessage], bool] | str | None,
) -> Callable[[SentMessage], bool]:
    if predicate is None:
        return lambda m: True
    if isinstance(predicate, str):
        return lambda m: m.text is not None and predicate in m.text
    return predicate
