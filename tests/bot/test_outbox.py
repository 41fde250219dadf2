"""The outbox deliverer: real Telegram channel against the fake server, and a collecting
transport for what no-button channels get; buttons are commands, never stored choices."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.outbox import Deliverer, PermanentFailure, TransientFailure
from handlers.types import Channel, Reply
from models import access, outbox_queue
from models.conversation import ConversationState
from models.outbox import OutboxMessage, OutboxStatus
from tests.bot.telegram_harness import TOKEN, polling_bot, raw_inline_payloads, telegram_settings
from tests.fakes.telegram_server import FakeTelegramServer
from tests.handlers.dialogue import Chat, Clock, make_engine

USER = 7301
EDIT = [
    [{"label": "Sửa báo cáo #12", "command": "/sua 12"}],
    [{"label": "Trợ giúp", "command": "/trogiup"}],
]


@pytest.fixture
async def server() -> AsyncIterator[FakeTelegramServer]:
    async with FakeTelegramServer(token=TOKEN) as fake:
        yield fake


async def until_status(key: str, status: OutboxStatus) -> OutboxMessage:
    """The row once it reached `status` (the deliverer runs in the background)."""
    for _ in range(200):
        row = await OutboxMessage.get(cause_key=key)
        if row.status is status:
            return row
        await asyncio.sleep(0.05)
    raise AssertionError(f"{key} never became {status}: {row.status} {row.last_error}")


async def test_a_notice_reaches_telegram_with_command_buttons_that_work(
    database_url: str, media_dir: Path, server: FakeTelegramServer
) -> None:
    person = await access.register_identity("telegram", str(USER), "Cán bộ", "vi")
    settings = telegram_settings(database_url, media_dir, server, outbox_poll_seconds=0.05)
    async with polling_bot(settings):
        # Written by someone else's update: the author has not written to the bot at all.
        assert await outbox_queue.enqueue_for_person(
            "returned:12:r2",
            person,
            text="Báo cáo #12 bị trả lại",
            buttons=EDIT,
            due_at=datetime.now(UTC),
        )
        notice = await server.wait_for_message(USER, "bị trả lại")
        assert raw_inline_payloads(notice) == ["cmd:/sua 12", "cmd:/trogiup"]
        await until_status("returned:12:r2", OutboxStatus.SENT)
        server.push_callback(USER, "cmd:/trogiup", message_id=notice.message_id)
        await server.wait_for_message(USER, "Các lệnh:")  # the help, as for typed /trogiup
        await asyncio.sleep(0.3)
    assert len([m for m in server.sent_to(USER) if "bị trả lại" in (m.text or "")]) == 1


async def test_a_blocked_bot_is_a_permanent_failure_tried_once(
    database_url: str, media_dir: Path, server: FakeTelegramServer
) -> None:
    server.blocked.add(USER)
    settings = telegram_settings(database_url, media_dir, server, outbox_poll_seconds=0.05)
    async with polling_bot(settings):
        await outbox_queue.enqueue(
            "approved:5:r1",
            person=None,
            channel="telegram",
            external_id=str(USER),
            text="Báo cáo #5 đã được duyệt",
            due_at=datetime.now(UTC),
        )
        row = await until_status("approved:5:r1", OutboxStatus.FAILED)
        await asyncio.sleep(0.3)  # a few more polls: nothing is tried again
    assert "blocked" in row.last_error and row.attempts == 0
    tried = [
        p for m, p in server.calls if m == "sendMessage" and str(p.get("chat_id")) == str(USER)
    ]
    assert len(tried) == 1


class Collecting:
    """A transport without buttons (like Zalo and the console) that records what it sent."""

    channel = "console"
    native_buttons = False

    def __init__(self, failure: Exception | None = None) -> None:
        self.sent: list[tuple[str, list[Reply]]] = []
        self.failure = failure

    @asynccontextmanager
    async def hold(self, user_id: str) -> AsyncIterator[None]:
        yield

    async def deliver(self, chat_id: str, replies: Sequence[Reply], lang: str) -> None:
        if self.failure is not None:
            raise self.failure
        self.sent.append((chat_id, list(replies)))


async def test_without_buttons_commands_are_lines_and_a_typed_number_still_answers(
    database_url: str, media_dir: Path
) -> None:
    engine = make_engine(media_dir, Clock())
    person = await access.register_identity("console", "u1", "A", "vi")
    chat = Chat(engine, user_id="u1", channel=Channel.CONSOLE)
    from models.demo_data import load_demo

    await load_demo("console", "u1", "A")
    await chat.say("/baocao")
    choices = (await ConversationState.get(channel="console", external_id="u1")).data["choices"]
    await outbox_queue.enqueue_for_person(
        "returned:12:r2", person, text="Báo cáo #12 bị trả lại", buttons=EDIT, due_at=Clock().now
    )
    transport = Collecting()
    assert await Deliverer(transport, engine).deliver_due() == 1
    [(chat_id, [reply])] = transport.sent
    assert chat_id == "u1" and reply.buttons == ()
    assert reply.text.splitlines() == [
        "Báo cáo #12 bị trả lại",
        "→ Sửa báo cáo #12: gõ /sua 12",
        "→ Trợ giúp: gõ /trogiup",
    ]
    state = await ConversationState.get(channel="console", external_id="u1")
    assert state.data["choices"] == choices, "the open question's choices are untouched"
    assert "Bước 2/" in await chat.say("1")  # still answers the activity-type question
    assert (await OutboxMessage.get()).status is OutboxStatus.SENT


async def test_transient_failures_retry_later_and_unknown_recipes_fail(
    database_url: str, media_dir: Path
) -> None:
    engine = make_engine(media_dir, Clock())
    now = Clock().now
    where = {"person": None, "channel": "console", "external_id": "u1", "due_at": now}
    await outbox_queue.enqueue("flaky", text="x", **where)
    await outbox_queue.enqueue("chart", text="", render={"kind": "chart-v9"}, **where)
    await Deliverer(
        Collecting(TransientFailure("HTTP 502, lost after 8 attempts")), engine
    ).deliver_due()
    rows = {r.cause_key: r for r in await OutboxMessage.all()}
    assert rows["flaky"].status is OutboxStatus.PENDING and rows["flaky"].attempts == 1
    assert rows["flaky"].due_at > now and "502" in rows["flaky"].last_error
    assert rows["chart"].status is OutboxStatus.FAILED and "chart-v9" in rows["chart"].last_error
    gone = Collecting(PermanentFailure("no console user"))
    await OutboxMessage.filter(cause_key="flaky").update(due_at=now)
    await Deliverer(gone, engine).deliver_due()
    assert (await OutboxMessage.get(cause_key="flaky")).status is OutboxStatus.FAILED
