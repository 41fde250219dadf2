"""A fake Telegram Bot API server on 127.0.0.1 speaking the real wire format, so tests can run
python-telegram-bot over real HTTP (see /work/shared/TELEGRAM.md).

Point PTB at it with ``base_url=server.base_url`` and ``base_file_url=server.base_file_url``.
Play users with ``push_*`` (updates queued for getUpdates), read what the bot sent in
``server.sent`` or wait for it with ``wait_for_message``; inject 429/502 with ``server.faults``.

This module is the HTTP server and its Bot API methods; the user side (``push_*``, the update
queue, chat state) is in telegram_user.py and the record of the bot's traffic (``sent``,
``calls``, faults, ``wait_for_*``) in telegram_records.py. Import everything from here.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable
from typing import Any

from aiohttp import web

from tests.fakes import telegram_objects as tg
from tests.fakes.telegram_objects import (
    ApiError,
    Faults,
    Params,
    SentMessage,
    StoredFile,
    Upload,
    caption_param,
    chat_id_param,
)
from tests.fakes.telegram_records import RecordsMixin
from tests.fakes.telegram_user import DEFAULT_PUSH_SIZES, UserMixin

__all__ = ["DEFAULT_PUSH_SIZES", "FakeTelegramServer", "Faults", "SentMessage"]

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


class FakeTelegramServer(UserMixin, RecordsMixin):
    """Bot API endpoints, a getUpdates queue and a record of everything the bot sent."""

    def __init__(
        self, token: str = "123456:TEST-TOKEN", *, bot_username: str = "fake_test_bot"
    ) -> None:
        super().__init__()  # the user side's queue and chat state, then the records
        self.token = token
        prefix = token.split(":", 1)[0]
        self.bot_user = tg.bot_user(int(prefix) if prefix.isdigit() else 1, bot_username)
        self.webhook: Params = {"url": ""}
        self.blocked: set[int] = set()  # chats whose user blocked the bot: sends answer 403
        self.commands: dict[tuple[str, str], list[Any]] = {}
        self._runner: web.AppRunner | None = None
        self._port = 0
        self._closing = False
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
        self._record_call(method, params)
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

    # --- getUpdates ------------------------------------------------------------------------

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

    # --- files -----------------------------------------------------------------------------

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
        if chat_id in self.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        self._message_ids[chat_id] += 1
        message_id = self._message_ids[chat_id]
        markup = tg.inline_markup_only(p.get("reply_markup"))
        msg = tg.message(
            message_id, self._chat(chat_id), self.bot_user, reply_markup=markup, **content
        )
        self._messages[(chat_id, message_id)] = msg
        return msg

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


def _commands_key(p: Params) -> tuple[str, str]:
    """Commands are stored per (scope, language_code), as setMyCommands defines them."""
    scope = json.dumps(p.get("scope") or {"type": "default"}, sort_keys=True)
    return scope, p.get("language_code") or ""
