"""Translation (Update → Incoming), rendering (Reply → Bot API calls) and retries, in pieces."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from telegram.error import BadRequest

from bot.channels.ordering import KeyedLocks
from bot.channels.telegram_render import MAX_TEXT, render, split_text
from bot.channels.telegram_send import RetryPolicy, Sender, with_retries
from bot.channels.telegram_translate import translate
from handlers.types import Button, FetchFailed, Kind, Reply
from tests.bot.telegram_harness import TOKEN, jpeg
from tests.fakes.telegram_server import FakeTelegramServer, Faults

USER = 77
QUICK = RetryPolicy(attempts=4, base_delay=0.01)


@pytest.fixture
async def server() -> AsyncIterator[FakeTelegramServer]:
    async with FakeTelegramServer(token=TOKEN) as fake:
        yield fake


@pytest.fixture
async def bot(server: FakeTelegramServer) -> AsyncIterator[Bot]:
    async with Bot(TOKEN, base_url=server.base_url, base_file_url=server.base_file_url) as client:
        yield client


def incoming(bot: Bot, update: dict[str, Any]) -> Any:
    parsed = Update.de_json(update, bot)
    assert parsed is not None
    return translate(parsed, bot)


async def test_commands_with_bot_name_and_deep_link_arguments(
    server: FakeTelegramServer, bot: Bot
) -> None:
    msg = incoming(bot, server.push_text(USER, "/start@fake_test_bot ABCD2345 extra"))
    plain = incoming(bot, server.push_text(USER, "/baocao"))
    text = incoming(bot, server.push_text(USER, "Hôm nay", first_name="Lò Văn", username="lv"))
    other_bot = incoming(bot, server.push_text(USER, "/baocao@someone_else_bot"))

    assert (msg.kind, msg.command, msg.args) == (Kind.COMMAND, "start", ("ABCD2345", "extra"))
    assert (msg.channel.value, msg.user_id, msg.chat_id) == ("telegram", str(USER), str(USER))
    assert msg.update_key == "1" and msg.text == "/start@fake_test_bot ABCD2345 extra"
    assert (plain.kind, plain.command, plain.args) == (Kind.COMMAND, "baocao", ())
    assert (text.kind, text.text, text.display_name) == (Kind.TEXT, "Hôm nay", "Lò Văn")
    assert other_bot is None


async def test_photos_documents_locations_buttons_and_the_rest(
    server: FakeTelegramServer, bot: Bot
) -> None:
    data = jpeg(5)
    photo = incoming(bot, server.push_photo(USER, data, caption="Hiện trường", media_group_id="g7"))
    document = incoming(bot, server.push_document(USER, data, "IMG_1.JPG", "image/jpeg"))
    location = incoming(bot, server.push_location(USER, 21.97, 106.7))
    sticker = incoming(bot, server.push_sticker(USER))
    voice = incoming(bot, server.push_voice(USER))
    today = InlineKeyboardButton("Hôm nay", callback_data="date:0")
    await bot.send_message(USER, "Chọn", reply_markup=InlineKeyboardMarkup.from_button(today))
    button = incoming(bot, server.push_callback(USER, "date:0"))

    assert photo.kind is Kind.PHOTO and photo.attachment.size == len(data)
    assert (photo.attachment.media_group_id, photo.attachment.caption) == ("g7", "Hiện trường")
    assert await photo.attachment.fetch() == data  # the largest size serves the original
    assert document.kind is Kind.DOCUMENT and document.attachment.file_name == "IMG_1.JPG"
    assert document.attachment.mime_type == "image/jpeg"
    assert await document.attachment.fetch() == data
    assert (location.kind, location.latitude, location.longitude) == (Kind.LOCATION, 21.97, 106.7)
    assert sticker.kind is Kind.UNSUPPORTED and voice.kind is Kind.UNSUPPORTED
    assert (button.kind, button.payload, button.chat_id) == (Kind.BUTTON, "date:0", str(USER))


async def test_a_failed_download_is_fetch_failed_without_the_token(
    server: FakeTelegramServer, bot: Bot
) -> None:
    update = server.push_photo(USER, jpeg(6))
    for size in update["message"]["photo"]:
        size["file_id"] = "no-such-file"
    msg = incoming(bot, update)
    with pytest.raises(FetchFailed) as failed:
        await msg.attachment.fetch()
    assert "BadRequest" in str(failed.value) and TOKEN not in str(failed.value)


def test_long_text_is_split_at_line_breaks_under_the_limit() -> None:
    lines = [f"Dòng {n}: " + "thông tin đối ngoại " * 8 for n in range(200)]
    text = "\n".join(lines)
    chunks = split_text(text)
    assert len(chunks) > 1 and all(len(c) <= MAX_TEXT for c in chunks)
    assert "\n".join(chunks) == text  # cut only at line breaks, nothing lost
    assert split_text("x" * 5000) == ["x" * 4096, "x" * 904]
    assert split_text("😀" * 3000)[0] == "😀" * 2048  # emoji count twice (UTF-16)
    assert split_text("") == []


def test_rendering_buttons_location_keyboard_and_files() -> None:
    choices = ((Button("Hôm nay", "date:0"), Button("Hôm qua", "date:1")),)
    long_with_buttons = render(Reply(text="a\n" * 3000, buttons=choices), "vi")
    location = render(
        Reply(text="Vị trí?", buttons=((Button("Bỏ qua", "loc:skip"),),), request_location=True),
        "vi",
    )
    photo = render(Reply(text="Ảnh", photo=b"jpeg"), "vi")
    document = render(Reply(text="x" * 2000, document=b"csv", file_name="bao-cao.csv"), "en")

    assert [c.method for c in long_with_buttons] == ["send_message", "send_message"]
    assert "reply_markup" not in long_with_buttons[0].kwargs
    inline = long_with_buttons[-1].kwargs["reply_markup"]
    assert isinstance(inline, InlineKeyboardMarkup)
    assert [[b.callback_data for b in row] for row in inline.inline_keyboard] == [
        ["date:0", "date:1"]
    ]
    keyboard = location[0].kwargs["reply_markup"]
    assert isinstance(keyboard, ReplyKeyboardMarkup) and keyboard.one_time_keyboard
    assert (
        keyboard.keyboard[0][0].request_location and keyboard.keyboard[0][0].text == "📍 Gửi vị trí"
    )
    assert keyboard.keyboard[1][0].text == "Bỏ qua" and not keyboard.keyboard[1][0].request_location
    assert [c.method for c in photo] == ["send_photo"] and photo[0].kwargs["caption"] == "Ảnh"
    assert isinstance(photo[0].kwargs["reply_markup"], ReplyKeyboardRemove)
    assert [c.method for c in document] == ["send_document", "send_message"]
    assert document[0].kwargs["filename"] == "bao-cao.csv" and "caption" not in document[0].kwargs


async def test_sending_retries_429_and_502_but_not_bad_requests(
    server: FakeTelegramServer, bot: Bot
) -> None:
    server.faults = Faults(rate_429=0.5, rate_502=0.5, retry_after=0, max_faults=3)
    sender = Sender(bot, "vi", QUICK)
    failed = await sender.send_replies(USER, [Reply(text="Bước 1"), Reply(text="y" * 9000)])
    assert failed == 0 and server.fault_count == 3
    assert [len(m.text or "") for m in server.sent_to(USER)] == [6, 4096, 4096, 808]

    server.faults = Faults()
    calls = 0

    async def bad() -> None:
        nonlocal calls
        calls += 1
        raise BadRequest("Message is not modified")

    with pytest.raises(BadRequest):
        await with_retries(bad, "editMessageReplyMarkup", QUICK)
    assert calls == 1
    assert await sender.cosmetic(bad, "editMessageReplyMarkup") is False


async def test_keyed_locks_keep_order_per_key_and_forget_idle_keys() -> None:
    locks, seen = KeyedLocks(), []

    async def work(key: str, n: int) -> None:
        async with locks.hold(key):
            await asyncio.sleep(0.01 if n == 0 else 0)
            seen.append((key, n))

    await asyncio.gather(*(work(k, n) for n in range(3) for k in ("a", "b")))
    assert [n for k, n in seen if k == "a"] == [0, 1, 2]
    assert [n for k, n in seen if k == "b"] == [0, 1, 2]
    assert len(locks) == 0
