"""Self-tests: the fake Telegram Bot API server against the real python-telegram-bot client."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from telegram import (
    Bot,
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaPhoto,
    KeyboardButton,
    ReplyKeyboardMarkup,
    Update,
)
from telegram.error import BadRequest, Conflict, InvalidToken, NetworkError, RetryAfter
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)
from telegram.warnings import PTBDeprecationWarning

from tests.fakes.telegram_server import FakeTelegramServer, Faults, SentMessage

logging.getLogger("httpx").setLevel(logging.WARNING)  # httpx logs URLs with the token

TOKEN = "123456:TEST-TOKEN"
USER = 42
JPEG = b"\xff\xd8\xff\xe0" + b"fake-jpeg-pixels" * 40
PNG = b"\x89PNG\r\n\x1a\n" + b"fake-png-pixels" * 20
KEYBOARD = InlineKeyboardMarkup([[InlineKeyboardButton("Đúng", callback_data="yes")]])


@pytest.fixture
async def server() -> AsyncIterator[FakeTelegramServer]:
    async with FakeTelegramServer(token=TOKEN) as fake:
        yield fake


@pytest.fixture
async def bot(server: FakeTelegramServer) -> AsyncIterator[Bot]:
    async with Bot(TOKEN, base_url=server.base_url, base_file_url=server.base_file_url) as client:
        yield client


async def api(
    server: FakeTelegramServer, method: str, *, token: str = TOKEN, **params: Any
) -> tuple[int, dict[str, Any]]:
    """A raw form-urlencoded call, non-string values JSON-encoded as PTB does."""
    form = {k: v if isinstance(v, str) else json.dumps(v) for k, v in params.items()}
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{server.root}/bot{token}/{method}", data=form) as resp,
    ):
        return resp.status, await resp.json(content_type=None)


@contextlib.asynccontextmanager
async def running_app(
    server: FakeTelegramServer, *handlers: BaseHandler[Any, Any, Any]
) -> AsyncIterator[list[BaseException]]:
    """A PTB Application polling the fake; yields the errors its handlers raised."""
    app: Application[Any, Any, Any, Any, Any, Any] = (
        ApplicationBuilder()
        .token(TOKEN)
        .base_url(server.base_url)
        .base_file_url(server.base_file_url)
        .build()
    )
    errors: list[BaseException] = []

    async def record_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        errors.append(context.error or RuntimeError("unknown handler error"))

    app.add_handlers(handlers)
    app.add_error_handler(record_error)
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=1)
        try:
            yield errors
        finally:
            await app.updater.stop()
            await app.stop()


def largest(photo: list[dict[str, Any]]) -> dict[str, Any]:
    return max(photo, key=lambda size: size["width"] * size["height"])


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


async def test_pushed_photo_sizes_are_unsorted_and_largest_downloads_original(
    server: FakeTelegramServer, bot: Bot
) -> None:
    update = server.push_photo(USER, JPEG, caption="hiện trường")
    photo = update["message"]["photo"]
    best = largest(photo)
    file = await bot.get_file(best["file_id"])
    data = await file.download_as_bytearray()

    assert [s["width"] for s in photo] != sorted(s["width"] for s in photo)
    assert photo[-1] is not best  # "take the last one" would be wrong
    assert (best["width"], best["height"], best["file_size"]) == (1280, 960, len(JPEG))
    assert all(s["file_size"] < len(JPEG) for s in photo if s is not best)
    assert len({s["file_id"] for s in photo}) == len(photo)
    assert file.file_size == len(JPEG) and file.file_path is not None
    assert file.file_path.startswith(f"{server.base_file_url}{TOKEN}/fake-files/")
    assert bytes(data) == JPEG
    assert server.downloads == [file.file_path.rsplit(TOKEN + "/", 1)[1]]


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


async def test_pushed_updates_parse_in_ptb(server: FakeTelegramServer, bot: Bot) -> None:
    server.push_command(USER, "start", "ref1", chat_id=USER)
    server.push_document(USER, b"%PDF-1.4", "so-lieu.pdf", "application/pdf")
    server.push_location(USER, 21.0285, 105.8542)
    server.push_sticker(USER)
    server.push_voice(USER)
    server.push_text(7, "chào nhóm", chat_id=-100123, first_name="Lan", username="lan")

    updates = await bot.get_updates(timeout=0)
    command, document, location, sticker, voice, group = (u.message for u in updates)

    assert [u.update_id for u in updates] == [1, 2, 3, 4, 5, 6]
    assert command is not None and command.text == "/start ref1"
    assert command.entities[0].type == "bot_command" and command.entities[0].length == 6
    assert document is not None and document.document is not None
    assert document.document.mime_type == "application/pdf"
    assert location is not None and location.location is not None
    assert location.location.latitude == 21.0285
    assert sticker is not None and sticker.sticker is not None
    assert voice is not None and voice.voice is not None
    assert [m.message_id for m in (command, document, location, sticker, voice)] == [1, 2, 3, 4, 5]
    assert group is not None and group.chat.type == "supergroup"
    assert group.from_user is not None and group.from_user.username == "lan"
    assert group.from_user.language_code == "vi"


async def test_push_album_shares_media_group_with_caption_on_first(
    server: FakeTelegramServer, bot: Bot
) -> None:
    pushed = server.push_album(USER, [JPEG, PNG, JPEG], caption="ba ảnh")

    updates = await bot.get_updates(timeout=0)
    messages = [u.message for u in updates if u.message is not None]

    assert [u["update_id"] for u in pushed] == [u.update_id for u in updates]
    assert len(messages) == 3 and len({m.media_group_id for m in messages}) == 1
    assert messages[0].media_group_id is not None
    assert [m.caption for m in messages] == ["ba ảnh", None, None]
    assert all(len(m.photo) == 3 for m in messages)


async def test_webhook_mode_blocks_get_updates_and_lifecycle_calls(
    server: FakeTelegramServer, bot: Bot
) -> None:
    await bot.set_webhook("https://bot.example/hook", secret_token="s3cret")
    registered = dict(server.webhook)
    info = await bot.get_webhook_info()
    with pytest.raises(Conflict, match="webhook is active"):
        await bot.get_updates(timeout=0)
    await bot.delete_webhook()
    updates = await bot.get_updates(timeout=0)

    assert registered == {"url": "https://bot.example/hook", "secret_token": "s3cret"}
    assert info.url == "https://bot.example/hook" and server.webhook["url"] == ""
    assert updates == ()
    assert await bot.log_out() is True and await bot.close() is True


async def test_application_round_trip(server: FakeTelegramServer) -> None:
    async def on_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        await update.message.reply_text(f"start {' '.join(context.args or [])}")

    async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        await update.message.reply_text(f"echo {update.message.text}", reply_markup=KEYBOARD)

    async def on_photo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        best = max(update.message.photo, key=lambda size: size.width * size.height)
        data = await (await best.get_file()).download_as_bytearray()
        await update.message.reply_text(f"photo {best.width}x{best.height} {len(data)}")

    async def on_location(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None and update.message.location is not None
        location = update.message.location
        await update.message.reply_text(f"loc {location.latitude},{location.longitude}")

    async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer()
        await query.edit_message_text(f"chose {query.data}")

    async with running_app(
        server,
        CommandHandler("start", on_start),
        MessageHandler(filters.TEXT & ~filters.COMMAND, on_text),
        MessageHandler(filters.PHOTO, on_photo),
        MessageHandler(filters.LOCATION, on_location),
        CallbackQueryHandler(on_button),
    ) as errors:
        server.push_text(USER, "xin chào")
        echo = await server.wait_for_message(USER, "echo xin chào")
        server.push_callback(USER, "yes")
        edit = await server.wait_for_call("editMessageText")
        server.push_command(USER, "start", "a", "b")
        await server.wait_for_message(USER, "start a b")
        photo = server.push_photo(USER, JPEG)["message"]["photo"]
        await server.wait_for_message(USER, f"photo 1280x960 {len(JPEG)}")
        fetched = await server.wait_for_call("getFile")
        server.push_location(USER, 21.0285, 105.8542)
        await server.wait_for_message(USER, "loc 21.0285,105.8542")

    assert errors == []
    assert echo.reply_markup == KEYBOARD.to_dict()
    assert (edit["message_id"], edit["text"]) == (echo.message_id, "chose yes")
    assert await server.wait_for_call("answerCallbackQuery", timeout=0)
    assert fetched["file_id"] == largest(photo)["file_id"]
    assert [m.message_id for m in server.sent_to(USER)] == [2, 4, 6, 8]  # ids shared with the user
    polls = [p for name, p in server.calls if name == "getUpdates"]
    assert polls[-1]["timeout"] == 0  # PTB confirms the offset on stop


async def test_get_updates_offset_limit_and_body_encodings(server: FakeTelegramServer) -> None:
    ids = [server.push_text(USER, f"m{i}")["update_id"] for i in range(3)]

    _, everything = await api(server, "getUpdates", offset=0)
    _, limited = await api(server, "getUpdates", offset=0, limit=1)
    _, after_confirm = await api(server, "getUpdates", offset=ids[1])
    async with aiohttp.ClientSession() as session:
        url = f"{server.base_url}{TOKEN}/getUpdates"
        async with session.get(url, params={"offset": "0"}) as resp:
            via_query = await resp.json()
        async with session.post(url, json={"offset": 0, "limit": 1}) as resp:
            via_json = await resp.json()

    assert [u["update_id"] for u in everything["result"]] == ids
    assert [u["update_id"] for u in limited["result"]] == ids[:1]
    assert [u["update_id"] for u in after_confirm["result"]] == ids[1:]
    assert [u["update_id"] for u in via_query["result"]] == ids[1:]  # ids[0] was dropped
    assert [u["update_id"] for u in via_json["result"]] == ids[1:2]


async def test_long_poll_times_out_empty_and_wakes_on_push(server: FakeTelegramServer) -> None:
    loop = asyncio.get_running_loop()
    started = loop.time()
    status, empty = await api(server, "getUpdates", timeout=0.3)
    waited = loop.time() - started

    mark = len(server.calls)
    poll = asyncio.create_task(api(server, "getUpdates", timeout=5))
    await server.wait_for_call("getUpdates", since=mark)
    woke = loop.time()
    update = server.push_text(USER, "đây")
    _, delivered = await poll

    assert (status, empty) == (200, {"ok": True, "result": []})
    assert 0.25 <= waited < 1.0
    assert loop.time() - woke < 1.0
    assert delivered["result"] == [update]


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


async def test_redeliver_respects_offset_like_the_real_server(
    server: FakeTelegramServer,
) -> None:
    update = server.push_text(USER, "một lần")
    uid = update["update_id"]
    _, first = await api(server, "getUpdates", offset=0)
    _, confirmed = await api(server, "getUpdates", offset=uid + 1)

    server.redeliver(update)
    _, past_offset = await api(server, "getUpdates", offset=uid + 1)
    server.redeliver(update)
    _, restarted_client = await api(server, "getUpdates", offset=0)

    assert first["result"] == [update] and confirmed["result"] == []
    assert past_offset["result"] == []
    assert restarted_client["result"] == [update]


async def test_duplicate_delivery_reaches_ptb_handler_twice(server: FakeTelegramServer) -> None:
    seen: list[int] = []

    async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        seen.append(update.update_id)
        await update.message.reply_text(f"got {update.message.text}")

    async with running_app(server, MessageHandler(filters.TEXT, on_text)) as errors:
        same_batch = server.push_text(USER, "một")
        server.duplicate_delivery(same_batch, same_batch=True)
        await server.wait_for_message(USER, "got một")
        await server.wait_for_message(USER, "got một")
        two_batches = server.push_text(USER, "hai")
        server.duplicate_delivery(two_batches)
        await server.wait_for_message(USER, "got hai")
        await server.wait_for_message(USER, "got hai")

    assert errors == []
    assert seen == [same_batch["update_id"]] * 2 + [two_batches["update_id"]] * 2
    with pytest.raises(ValueError, match="already confirmed"):
        server.duplicate_delivery(two_batches)


async def test_post_webhook_sends_secret_header(server: FakeTelegramServer) -> None:
    received: asyncio.Queue[tuple[str | None, dict[str, Any]]] = asyncio.Queue()

    async def hook(request: web.Request) -> web.Response:
        secret = request.headers.get("X-Telegram-Bot-Api-Secret-Token")
        await received.put((secret, await request.json()))
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    url = f"http://127.0.0.1:{runner.addresses[0][1]}/hook"
    update = server.push_text(USER, "qua webhook")
    try:
        answer = await server.post_webhook(url, update, secret_token="s3cret_-token")
        unsigned = await server.post_webhook(url, update)
    finally:
        await runner.cleanup()

    assert answer == (200, "ok") and unsigned == (200, "ok")
    assert received.get_nowait() == ("s3cret_-token", update)
    assert received.get_nowait() == (None, update)


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
