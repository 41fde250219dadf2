"""The console channel: the same conversation in a terminal, for trying the bot with no token.

Choices are numbered (type the number), `/photo PATH` sends a local image and
`/location LAT LON` shares a point. Charts and files the bot sends are saved in a folder and
their path is printed, so a spreadsheet asked for here can be opened.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import Any, TextIO

from bot.outbox import PermanentFailure, delivering
from handlers.commands import REASK_COMMAND
from handlers.engine import Conversation
from handlers.texts import t
from handlers.types import (
    Attachment,
    Channel,
    FetchBytes,
    FetchFailed,
    Incoming,
    Kind,
    Reply,
)

CONSOLE_USER = "local"


class ConsoleChannel:
    """Reads lines, hands them to the engine, prints the replies."""

    def __init__(
        self,
        engine: Conversation,
        reader: TextIO,
        writer: TextIO,
        lang: str = "vi",
        files_dir: Path | None = None,
        outbox_poll_seconds: float = 1.0,
    ) -> None:
        self.engine = engine
        self.reader = reader
        self.writer = writer
        self.lang = lang
        self.files_dir = files_dir
        self.outbox_poll_seconds = outbox_poll_seconds
        self._turn = asyncio.Lock()  # a message the bot sends first is printed between lines
        self._charts = itertools.count(1)
        # Keys must not repeat across runs, or a restarted console would look like redelivery.
        self._keys = (f"{time.time_ns()}-{n}" for n in itertools.count())

    def print(self, text: str) -> None:
        """Write and flush (the test drives us through a pipe)."""
        self.writer.write(text + "\n")
        self.writer.flush()

    async def run(self) -> None:
        """Until end of input; outbox messages to the console user are printed meanwhile."""
        self.print(t(self.lang, "console_intro"))
        async with delivering(self, self.engine, self.outbox_poll_seconds):
            async for msg in self.messages():
                async with self._turn:
                    outcome = await self.engine.handle(msg, self._show_progress, redelivered=False)
                    await self.show(outcome.replies)

    async def show(self, replies: Sequence[Reply]) -> None:
        """Print replies, saving their files first."""
        for reply in replies:
            saved = await asyncio.to_thread(self.save_file, reply)
            self.print(self.render(reply, saved))

    # --- the outbox (bot/outbox.py) -----------------------------------------------------------

    channel = "console"
    native_buttons = False  # an outbox command is a line: "→ Sửa báo cáo #12: gõ /sua 12"

    def hold(self, user_id: str) -> AbstractAsyncContextManager[None]:
        """Not in the middle of a typed line's answer."""
        return self._turn

    async def deliver(self, chat_id: str, replies: Sequence[Reply], lang: str) -> None:
        """Print an outbox message; this terminal is the console user's only."""
        if chat_id != CONSOLE_USER:
            raise PermanentFailure(f"no console user {chat_id!r}")
        await self.show(replies)

    async def messages(self) -> AsyncIterator[Incoming]:
        """A re-ask first (a draft left from last time is announced), then each typed line;
        an empty line asks the current question again."""
        yield self.reask(resume=True)
        while True:
            line = await asyncio.to_thread(self.reader.readline)
            if not line:
                return
            msg = self.translate(line.strip()) if line.strip() else self.reask()
            if msg is not None:
                yield msg

    def reask(self, *, resume: bool = False) -> Incoming:
        """The hidden command the engine answers by asking the pending question again."""
        return Incoming(
            kind=Kind.COMMAND,
            text="",
            command=REASK_COMMAND,
            args=("resume",) if resume else (),
            **self._base(),
        )

    def translate(self, line: str) -> Incoming | None:
        """A typed line as a neutral message; usage errors are printed here."""
        base = self._base()
        if line.startswith("/photo"):
            path = Path(line.removeprefix("/photo").strip()).expanduser()
            if not path.is_file():
                self.print(t(self.lang, "console_photo_missing", path=path))
                return None
            attachment = Attachment(fetch=_file_reader(path), file_name=path.name)
            return Incoming(kind=Kind.PHOTO, attachment=attachment, **base)
        if line.startswith("/location"):
            parts = line.split()[1:]
            try:
                lat, lon = (float(p.replace(",", ".")) for p in parts)
            except ValueError:
                self.print(t(self.lang, "console_location_usage"))
                return None
            return Incoming(kind=Kind.LOCATION, latitude=lat, longitude=lon, **base)
        if line.startswith("/"):
            command, *args = line[1:].split()
            return Incoming(kind=Kind.COMMAND, text=line, command=command, args=tuple(args), **base)
        return Incoming(kind=Kind.TEXT, text=line, **base)

    def _base(self) -> dict[str, Any]:
        """Who and which update, the same for every message typed here."""
        return {
            "channel": Channel.CONSOLE,
            "user_id": CONSOLE_USER,
            "chat_id": CONSOLE_USER,
            "update_key": next(self._keys),
            "display_name": "Console",
        }

    async def _show_progress(self, key: str, line: str = "") -> None:
        """Slow steps (photo processing) print a line first; a file being built prints its
        count as it goes."""
        self.print(line or t(self.lang, key))

    def save_file(self, reply: Reply) -> Path | None:
        """Write a reply's document or picture into `files_dir`; its path, or None. A
        report's photos go into one folder of their own, whose path is returned."""
        if reply.photos and self.files_dir is not None:
            return self._save_album(reply.photos)
        content = reply.document if reply.document is not None else reply.photo
        if content is None or self.files_dir is None:
            return None
        name = (
            reply.file_name or f"bieu_do_{time.strftime('%Y%m%d_%H%M%S')}_{next(self._charts)}.png"
        )
        self.files_dir.mkdir(parents=True, exist_ok=True)
        path = self.files_dir / Path(name).name  # never a path from elsewhere
        path.write_bytes(content)
        return path

    def _save_album(self, photos: tuple[bytes, ...]) -> Path:
        """anh_<time>_<n>/1.jpg, 2.jpg … (display copies are JPEG)."""
        assert self.files_dir is not None
        folder = self.files_dir / f"anh_{time.strftime('%Y%m%d_%H%M%S')}_{next(self._charts)}"
        folder.mkdir(parents=True, exist_ok=True)
        for number, data in enumerate(photos, start=1):
            (folder / f"{number}.jpg").write_bytes(data)
        return folder

    def render(self, reply: Reply, saved: Path | None = None) -> str:
        """Text, where a sent file was saved, then the choices numbered from 1."""
        lines = [reply.text] if reply.text else []
        if saved is not None and reply.photos:
            lines.append(
                "  " + t(self.lang, "console_photos_saved", count=len(reply.photos), path=saved)
            )
        elif saved is not None:
            lines.append("  " + t(self.lang, "console_file_saved", path=saved))
        lines += [f"  {n}) {b.label}" for n, b in enumerate(reply.choices(), start=1)]
        if reply.request_location:
            lines.append("  " + t(self.lang, "console_location_button"))
        return "\n".join(lines)


def _file_reader(path: Path) -> FetchBytes:
    """Read the file when the engine asks for it (only at the photo step)."""

    async def fetch() -> bytes:
        try:
            return await asyncio.to_thread(path.read_bytes)
        except OSError as problem:
            raise FetchFailed(str(problem)) from problem

    return fetch
