"""The load benchmark's side of Telegram: the fake Bot API server and the reporters who use it.

Both live in the driver process (bench/load.py); the bot runs in a process of its own. Every
timestamp is taken here, on one clock: when an update is made available to the bot (queued for
getUpdates, or the moment its webhook POST starts) and when the fake receives the bot's reply.
"""

from __future__ import annotations

import asyncio
import io
import random
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import ClientSession, ClientTimeout, TCPConnector
from PIL import Image, ImageDraw

from tests.fakes.telegram_server import FakeTelegramServer, SentMessage

Params = dict[str, Any]
PHOTO_SIZE = (1280, 960)  # what Telegram's client sends for an ordinary photo
REPORT_LOCATION = (21.9712, 106.7040)  # 1.2 km from the demo border post LS-DBP-HN
TELEGRAM_MAX_CONNECTIONS = 40  # setWebhook's default: Telegram never has more POSTs in flight
# One full report, as tests/bot/test_telegram_polling.py files it: (action, argument, the text
# of the reply that answers it). 14 updates; the photos arrive one by one, each acknowledged.
REPORT_SCRIPT: tuple[tuple[str, Any, str], ...] = (
    ("text", "/start {code}", "đã được đăng ký"),
    ("text", "/baocao", "Bước 1/"),
    ("press", "type:exhibition", "Bước 2/"),
    ("text", "Triển lãm ảnh Hoàng Sa, Trường Sa", "Bước 3/"),
    ("press", "date:0", "Bước 4/"),
    ("text", "Nhà văn hoá cửa khẩu", "Bước 5/"),
    ("location", REPORT_LOCATION, "Bước 6/"),
    ("text", "3000", "Bước 7/"),
    ("text", "Giới thiệu tư liệu về chủ quyền biển đảo.", "Bước 8/"),
    ("photo", 0, "Đã nhận 1/10 ảnh"),
    ("photo", 1, "Đã nhận 2/10 ảnh"),
    ("photo", 2, "Đã nhận 3/10 ảnh"),
    ("text", "xong", "Kiểm tra báo cáo"),
    ("press", "review:submit", "Đã gửi báo cáo số #"),
)
ECHO_SCRIPT: tuple[tuple[str, Any, str], ...] = tuple(
    ("text", f"tin nhắn số {i}", f"tin nhắn số {i}") for i in range(len(REPORT_SCRIPT))
)
# What a person waits on with the phone in hand: typed answers, pressed buttons and the shared
# location (a button of the reply keyboard on Telegram). Photos are judged apart: they are
# downloaded and processed, and people expect them to take a moment.
ANSWERS = ("text", "press", "location")


@dataclass(frozen=True)
class Pace:
    """Human think time: each reporter waits uniform(low, high) seconds before each answer,
    from a generator seeded by (seed, user), so a run repeats and reporters never march in step."""

    low: float
    high: float
    seed: int = 0

    @classmethod
    def parse(cls, text: str, seed: int = 0) -> Pace:
        """'2-5' → 2 to 5 seconds; '3' → always 3."""
        low, _, high = text.partition("-")
        pace = cls(float(low), float(high or low), seed)
        if not 0 <= pace.low <= pace.high:
            raise ValueError(f"pace {text!r}: want LOW-HIGH seconds, 0 ≤ LOW ≤ HIGH")
        return pace

    def rng(self, user_id: int) -> random.Random:
        """This reporter's own generator (a str seed is hashed stably across runs)."""
        return random.Random(f"{self.seed}:{user_id}")

    def __str__(self) -> str:
        return f"{self.low:g}-{self.high:g}"


def camera_jpeg(seed: int) -> bytes:
    """A distinct 1280×960 JPEG with photo-like detail (noise and shapes), ~140 kB."""
    rng = random.Random(seed)
    width, height = PHOTO_SIZE
    img = Image.effect_noise((width // 8, height // 8), 40).convert("RGB")
    img = img.resize(PHOTO_SIZE, Image.Resampling.BILINEAR)
    draw = ImageDraw.Draw(img)
    for _ in range(12):
        x, y = rng.randrange(width), rng.randrange(height)
        colour = tuple(rng.randrange(256) for _ in range(3))
        draw.ellipse((x, y, x + rng.randrange(80, 600), y + rng.randrange(80, 500)), fill=colour)
    out = io.BytesIO()
    img.save(out, "JPEG", quality=85)
    return out.getvalue()


class TimedFake(FakeTelegramServer):
    """The test fake, plus a timestamped inbox per chat (the base class's wait_for_message
    rescans every sent message on each send, which is quadratic with hundreds of chats)."""

    def __init__(self, token: str) -> None:
        super().__init__(token)
        self._inbox: dict[int, asyncio.Queue[tuple[float, SentMessage]]] = defaultdict(
            asyncio.Queue
        )

    def _record(self, *args: Any, **kwargs: Any) -> None:
        super()._record(*args, **kwargs)
        sent = self.sent[-1]
        self._inbox[sent.chat_id].put_nowait((time.perf_counter(), sent))

    def _enqueue(self, update: Params) -> Params:
        update = super()._enqueue(update)
        if self.webhook["url"]:
            self._pending.clear()  # webhook mode: the driver POSTs it instead
        return update

    async def reply(self, chat_id: int, expect: str) -> tuple[float, SentMessage]:
        """The next message to ``chat_id`` containing ``expect``, and when it arrived."""
        while True:
            arrived, message = await self._inbox[chat_id].get()
            if message.text and expect in message.text:
                return arrived, message


class Delivery:
    """Makes updates available to the bot: queued for getUpdates, or POSTed to its webhook."""

    def __init__(self, webhook_url: str | None = None, secret: str = "") -> None:
        self.webhook_url = webhook_url
        self.secret = secret
        self._session: ClientSession | None = None
        self._slots = asyncio.Semaphore(TELEGRAM_MAX_CONNECTIONS)

    async def __aenter__(self) -> Delivery:
        if self.webhook_url:
            connector = TCPConnector(limit=TELEGRAM_MAX_CONNECTIONS)
            self._session = ClientSession(connector=connector, timeout=ClientTimeout(total=120))
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        if self._session is not None:
            await self._session.close()

    async def deliver(self, push: Callable[[], Params]) -> tuple[float, asyncio.Task[int] | None]:
        """Make one update available; returns when that happened and the POST, if any."""
        if self._session is None:
            return time.perf_counter(), None  # push() below queues it for getUpdates
        update = push()
        await self._slots.acquire()
        started = time.perf_counter()
        return started, asyncio.create_task(self._post(update))

    async def _post(self, update: Params) -> int:
        assert self._session is not None and self.webhook_url
        headers = {"X-Telegram-Bot-Api-Secret-Token": self.secret}
        try:
            async with self._session.post(self.webhook_url, json=update, headers=headers) as r:
                await r.read()
                return r.status
        finally:
            self._slots.release()


@dataclass
class Tally:
    """What the reporters measured."""

    latencies: list[float] = field(default_factory=list)  # seconds, one per answered update
    by_action: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    # Webhook mode: from the update's creation, i.e. with the wait for one of Telegram's
    # TELEGRAM_MAX_CONNECTIONS; the same as `latencies` in polling mode.
    from_creation: list[float] = field(default_factory=list)
    from_creation_by_action: dict[str, list[float]] = field(
        default_factory=lambda: defaultdict(list)
    )
    failures: list[str] = field(default_factory=list)
    first_push: float = 0.0
    last_reply: float = 0.0


async def play(
    server: TimedFake,
    delivery: Delivery,
    tally: Tally,
    user_id: int,
    script: tuple[tuple[str, Any, str], ...],
    code: str = "",
    photos: tuple[bytes, ...] = (),
    pace: Pace | None = None,
) -> None:
    """One user: each update is sent as soon as the previous one was answered, or, with a
    pace, after a person's pause; paced users start spread over the first pause."""
    keyboard_message: int | None = None
    keyboard: list[str] = []
    rng = pace.rng(user_id) if pace else None
    if pace and rng:
        await asyncio.sleep(rng.uniform(0, pace.high))
    for step, (action, argument, expect) in enumerate(script):
        if step and pace and rng:
            await asyncio.sleep(rng.uniform(pace.low, pace.high))
        if action == "press":  # the button as the last keyboard shows it (with its draft tag)
            argument = shown_payload(keyboard, argument)
        push = _pusher(server, user_id, action, argument, code, photos, keyboard_message)
        created = time.perf_counter()
        made_available, post = await delivery.deliver(push)
        if post is None:
            push()
        arrived, reply = await server.reply(user_id, expect)
        if post is not None and (status := await post) != 200:
            tally.failures.append(f"user {user_id}: webhook answered {status} to {action}")
        tally.latencies.append(arrived - made_available)
        tally.by_action[action].append(arrived - made_available)
        tally.from_creation.append(arrived - created)
        tally.from_creation_by_action[action].append(arrived - created)
        tally.last_reply = max(tally.last_reply, arrived)
        if reply.reply_markup and "inline_keyboard" in reply.reply_markup:
            keyboard_message = reply.message_id
            rows = reply.reply_markup["inline_keyboard"]
            keyboard = [button["callback_data"] for row in rows for button in row]


def shown_payload(keyboard: list[str], wanted: str) -> str:
    """The callback data of the button a person would press for `wanted` (`review:submit`
    is shown as `review:submit#<draft tag>`); a benchmark must not press what was not shown."""
    for data in keyboard:
        if data == wanted or data.rpartition("#")[0] == wanted:
            return data
    raise LookupError(f"no button {wanted!r} on the last keyboard: {keyboard}")


def _pusher(
    server: TimedFake,
    user_id: int,
    action: str,
    argument: Any,
    code: str,
    photos: tuple[bytes, ...],
    keyboard_message: int | None,
) -> Callable[[], Params]:
    """The push_* call of one script line (queued on call)."""
    if action == "text":
        text = argument.format(code=code)
        return lambda: server.push_text(user_id, text, first_name=f"Cán bộ {user_id}")
    if action == "press":  # on the message that carried the keyboard, without a scan
        return lambda: server.push_callback(user_id, argument, keyboard_message)
    if action == "location":
        return lambda: server.push_location(user_id, *argument)
    if action == "photo":
        return lambda: server.push_photo(user_id, photos[argument])
    raise ValueError(action)
