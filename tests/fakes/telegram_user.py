"""The fake Telegram server's user side: tests play users by queueing what a person would send
(texts, commands, photos, albums, documents, locations, stickers, voice notes, button presses)
as updates for getUpdates, or by POSTing an update to a bot's webhook; redelivery helpers
reproduce Telegram's at-least-once delivery.

It also keeps the chat state both sides share (users, chats, message ids, the bot's messages
that buttons can be pressed on, callback query ids) and the stored files users and the bot send.
``UserMixin`` is one of the bases of ``FakeTelegramServer`` (tests/fakes/telegram_server.py).
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from aiohttp import ClientSession, ClientTimeout

from tests.fakes import telegram_objects as tg
from tests.fakes.telegram_objects import Params, Signal, StoredFile

__all__ = ["DEFAULT_PUSH_SIZES", "UserMixin"]

DEFAULT_PUSH_SIZES = ((320, 240), (1280, 960), (90, 68))  # deliberately not sorted by size


class UserMixin:
    """The getUpdates queue, the ``push_*`` helpers that fill it, and the shared chat state."""

    def __init__(self) -> None:
        super().__init__()
        self._pending: list[Params] = []  # updates not yet confirmed by a getUpdates offset
        self._ack_lost: dict[int, int] = defaultdict(int)
        self._next_update_id = 1
        self._updates_signal = Signal()
        self._files: dict[str, StoredFile] = {}
        self._paths: dict[str, StoredFile] = {}
        self._users: dict[int, Params] = {}
        self._chats: dict[int, Params] = {}
        self._message_ids: dict[int, int] = defaultdict(int)  # shared by user and bot messages
        self._messages: dict[tuple[int, int], Params] = {}  # the bot's messages
        self._callback_ids: set[str] = set()

    # --- the update queue: confirmation and redelivery ---------------------------------------

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

    # --- what a user sends -------------------------------------------------------------------

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

    # --- stored files (users' uploads and the bot's) -----------------------------------------

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
