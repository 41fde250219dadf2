"""Self-tests of the fake Telegram Bot API server, the bot's side, against the real
python-telegram-bot client: what the bot sends and edits and how it is recorded, realistic error
answers, the fault plan (429, 502, latency), and waiting for what was sent.
The user's side is in test_telegram_server_updates.py."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from telegram import Bot, BotCommand, InputMediaPhoto, KeyboardButton, ReplyKeyboardMarkup
from telegram.error import BadRequest, InvalidToken, NetworkError, RetryAfter
from telegram.warnings import PTBDeprecationWarning

from tests.fakes.telegram_selftest import JPEG, KEYBOARD, PNG, TOKEN, USER, api
from tests.fakes.telegram_server import FakeTelegramServer, Faults, SentMessage


@pytest.fixture
async def server() -> AsyncIterator[FakeTelegramServer]:
    async with FakeTelegramServer(token=TOKEN) as fake:
        yield fake


@pytest.fixture
async def bot(server: FakeTelegramServer) -> AsyncIterator[Bot]:
    async with Bot(TOKEN, base_url=server.base_url, base_file_url=server.base_file_url) as client:
        yield client


async def test_bot_get_me_and_inline_keyboard_message(server: FakeTelegramServer, bot: Bot) -> None:
    me = await bot.get_me()
    first = await bot.send_message(USER, "Bước 1", reply_markup=KEYBOARD)
    second = await bot.send_message(USER, "Bước 2")

    assert (me.id, me.is_bot, me.username) == (123456, True, "fake_test_bot")
    assert (first.message_id, second.message_id) == (1, 2)
    assert first.chat.type == "private" and first.from_user is not None
    assert first.from_user.id == me.id
    assert first.reply_markup == KEYBOARD
    assert server.sent[0] == SentMessage(
        method="sendMessage",
        chat_id=USER,
        text="Bước 1",
        reply_markup={"inline_keyboard": [[{"text": "Đúng", "callback_data": "yes"}]]},
        files={},
        params=server.sent[0].params,
        message_id=1,
    )
    assert server.sent[0].params["chat_id"] == USER
    assert [m.text for m in server.sent_to(USER)] == ["Bước 1", "Bước 2"]
    assert [name for name, _ in server.calls] == ["getMe", "getMe", "sendMessage", "sendMessage"]


async def test_bot_send_photo_records_bytes_that_download_back(
    server: FakeTelegramServer, bot: Bot
) -> None:
    message = await bot.send_photo(USER, photo=JPEG, caption="ảnh")
    best = max(message.photo, key=lambda size: size.width * size.height)
    downloaded = await (await bot.get_file(best.file_id)).download_as_bytearray()

    assert server.sent[-1].method == "sendPhoto"
    assert server.sent[-1].files == {"photo": JPEG}
    assert server.sent[-1].text == "ảnh" and message.caption == "ảnh"
    assert bytes(downloaded) == JPEG


async def test_bot_album_document_reply_keyboard_commands_and_actions(
    server: FakeTelegramServer, bot: Bot
) -> None:
    album = await bot.send_media_group(
        USER, [InputMediaPhoto(JPEG, caption="hai ảnh"), InputMediaPhoto(PNG)]
    )
    doc = await bot.send_document(USER, document=b"a,b\n1,2\n", filename="bao-cao.csv")
    share = ReplyKeyboardMarkup([[KeyboardButton("Gửi vị trí", request_location=True)]])
    asked = await bot.send_message(USER, "Vị trí?", reply_markup=share)
    await bot.send_chat_action(USER, "typing")
    await bot.set_my_commands([BotCommand("start", "Bắt đầu")])
    commands = await bot.get_my_commands()

    assert len(album) == 2 and album[0].media_group_id == album[1].media_group_id
    assert [m.message_id for m in album] == [1, 2]
    album_sent = [m for m in server.sent if m.method == "sendMediaGroup"]
    assert [list(m.files.values()) for m in album_sent] == [[JPEG], [PNG]]
    assert [m.text for m in album_sent] == ["hai ảnh", None]
    assert doc.document is not None and doc.document.file_name == "bao-cao.csv"
    assert server.sent_to(USER)[2].files == {"document": b"a,b\n1,2\n"}
    assert asked.reply_markup is None  # only inline keyboards are echoed back
    markup = server.sent_to(USER)[3].reply_markup
    assert markup is not None and markup["keyboard"][0][0]["request_location"] is True
    assert commands == (BotCommand("start", "Bắt đầu"),)
    assert (await server.wait_for_call("sendChatAction"))["action"] == "typing"
    assert len(server.sent) == 4  # chat actions and commands are calls, not messages


async def test_realistic_bad_requests(server: FakeTelegramServer, bot: Bot) -> None:
    message = await bot.send_message(USER, "Bước 1", reply_markup=KEYBOARD)

    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text("Bước 1", USER, message.message_id, reply_markup=KEYBOARD)
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("x", USER, 999)
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query("123")
    with pytest.raises(BadRequest, match="Invalid file_id"):
        await bot.get_file("nope")
    edited = await bot.edit_message_text("Bước 1 ✓", USER, message.message_id)
    assert edited.text == "Bước 1 ✓" and edited.reply_markup is None
    with pytest.raises(LookupError, match="no bot message with an inline keyboard"):
        server.push_callback(USER, "yes")  # the keyboard is gone after the edit


async def test_429_raw_and_as_ptb_retry_after(
    server: FakeTelegramServer, bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")  # see test_429_without_ptb_timedelta
    server.faults = Faults(rate_429=1.0, retry_after=3, methods={"sendMessage"})

    status, body = await api(server, "sendMessage", chat_id=USER, text="x")
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(USER, "x")
    await bot.send_chat_action(USER, "typing")  # not in Faults.methods

    assert status == 429
    assert body == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 3",
        "parameters": {"retry_after": 3},
    }
    assert caught.value.retry_after.total_seconds() == 3  # type: ignore[union-attr]
    assert server.fault_count == 2 and server.sent == []
    assert [name for name, _ in server.calls] == ["getMe", "sendChatAction"]


async def test_429_without_ptb_timedelta_surfaces_as_deprecation_warning(
    server: FakeTelegramServer, bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PTB 22.8 builds RetryAfter via a deprecated int property: under filterwarnings=error the
    caller sees PTBDeprecationWarning instead of RetryAfter unless PTB_TIMEDELTA=true."""
    monkeypatch.delenv("PTB_TIMEDELTA", raising=False)
    server.faults = Faults(rate_429=1.0, methods={"sendMessage"})

    with pytest.raises(PTBDeprecationWarning, match="retry_after"):
        await bot.send_message(USER, "x")


async def test_502_before_and_after_processing(server: FakeTelegramServer, bot: Bot) -> None:
    server.faults = Faults(rate_502=1.0)
    with pytest.raises(NetworkError, match="Bad Gateway") as lost:
        await bot.send_message(USER, "lost")
    recorded_before = list(server.sent)

    server.faults = Faults(rate_502_after_processing=1.0)
    with pytest.raises(NetworkError, match="Bad Gateway") as delivered:
        await bot.send_message(USER, "delivered anyway")

    assert type(lost.value) is NetworkError and type(delivered.value) is NetworkError
    assert recorded_before == []
    assert [m.text for m in server.sent] == ["delivered anyway"]
    assert server.faulted == [("sendMessage", "502"), ("sendMessage", "502-after")]


async def test_max_faults_then_success_and_seeded_rates(
    server: FakeTelegramServer, bot: Bot
) -> None:
    server.faults = Faults(rate_502=1.0, max_faults=1)
    with pytest.raises(NetworkError):
        await bot.send_message(USER, "try 1")
    await bot.send_message(USER, "try 2")
    draws = [Faults(rate_429=0.5, seed=7).draw("sendMessage") for _ in range(2)]
    mixed = Faults(rate_429=0.3, rate_502=0.3, seed=1)
    kinds = {mixed.draw("sendMessage") for _ in range(200)}

    assert [m.text for m in server.sent] == ["try 2"] and server.fault_count == 1
    assert draws[0] == draws[1]  # same seed, same first draw
    assert kinds == {"429", "502", None}


async def test_delay_slows_only_listed_methods(server: FakeTelegramServer, bot: Bot) -> None:
    server.faults = Faults(delay_seconds=0.3, methods={"sendMessage"})
    loop = asyncio.get_running_loop()

    started = loop.time()
    await bot.send_chat_action(USER, "typing")
    quick = loop.time() - started
    await bot.send_message(USER, "chậm")
    slow = loop.time() - started - quick

    assert quick < 0.25 <= slow
    assert server.fault_count == 0 and [m.text for m in server.sent] == ["chậm"]


async def test_wrong_token_and_unknown_method(server: FakeTelegramServer) -> None:
    status, body = await api(server, "getMe", token="999:WRONG")
    unknown_status, unknown = await api(server, "sendTelepathy")

    with pytest.raises(InvalidToken):
        async with Bot("999:WRONG", base_url=server.base_url):
            pass
    assert (status, body) == (401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
    assert unknown_status == 404
    assert unknown["description"] == "Not Found: method not found"


async def test_wait_for_message_cursor_since_and_failure_report(
    server: FakeTelegramServer, bot: Bot
) -> None:
    await bot.send_message(USER, "Bước 1")
    await bot.send_message(USER + 1, "Bước 1 cho người khác")
    await bot.send_message(USER, "Bước 2")

    first = await server.wait_for_message(USER, "Bước")
    second = await server.wait_for_message(USER, lambda m: m.text is not None and "2" in m.text)
    again = await server.wait_for_message(USER, "Bước 1", since=0)
    with pytest.raises(AssertionError, match=r"(?s)no message to chat 42.*'Bước 2'") as report:
        await server.wait_for_message(USER, "Bước 3", timeout=0.2)

    assert (first.text, second.text, again.text) == ("Bước 1", "Bước 2", "Bước 1")
    assert "người khác" not in str(report.value)
