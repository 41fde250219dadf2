"""Self-tests of the fake Telegram Bot API server, the user's side, against the real
python-telegram-bot client: pushed updates as PTB parses them, getUpdates offsets and long polls,
redelivery, webhook mode, and a whole Application round trip.
The bot's side is in test_telegram_server_calls.py."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from telegram import Bot, Update
from telegram.error import Conflict
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from tests.fakes.telegram_selftest import (
    JPEG,
    KEYBOARD,
    PNG,
    TOKEN,
    USER,
    api,
    largest,
    running_app,
)
from tests.fakes.telegram_server import FakeTelegramServer


@pytest.fixture
async def server() -> AsyncIterator[FakeTelegramServer]:
    async with FakeTelegramServer(token=TOKEN) as fake:
        yield fake


@pytest.fixture
async def bot(server: FakeTelegramServer) -> AsyncIterator[Bot]:
    async with Bot(TOKEN, base_url=server.base_url, base_file_url=server.base_file_url) as client:
        yield client


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
