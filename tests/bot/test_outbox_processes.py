"""Real `python main.py` processes and the outbox: two workers send each row once, and an
album whose bot was killed before its quiet time is acknowledged once after the restart."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from tortoise.transactions import in_transaction

from models import filing, outbox_queue
from models.conversation import ConversationState
from models.outbox import OutboxMessage, OutboxStatus
from tests.bot.main_process import bot_env, free_port, main_py, start_main_py
from tests.bot.telegram_harness import TOKEN, jpeg
from tests.bot.test_shared_port import until_healthy, webhook_env
from tests.bot.test_two_workers import draft_at_review
from tests.fakes.telegram_objects import Faults
from tests.fakes.telegram_server import FakeTelegramServer

ROWS = 50


@pytest.fixture
async def server() -> AsyncIterator[FakeTelegramServer]:
    async with FakeTelegramServer(token=TOKEN) as fake:
        yield fake


async def until(check: Callable[[], Awaitable[bool]], seconds: float = 30.0) -> None:
    """Poll `check()` (async, truthy when done) every 50 ms."""
    for _ in range(int(seconds / 0.05)):
        if await check():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("condition not reached in time")


async def test_two_workers_send_each_outbox_row_exactly_once(
    database_url: str, tmp_path: Path, server: FakeTelegramServer
) -> None:
    port = free_port()
    env = webhook_env(
        tmp_path,
        server,
        port,
        WEBHOOK_SHARE_PORT="true",
        DATABASE_URL=database_url,
        OUTBOX_POLL_SECONDS="0.05",
    )
    async with main_py(tmp_path, env) as first:
        await server.wait_for_call("setWebhook", timeout=30)
        await until_healthy(port)
        async with main_py(tmp_path, env) as second:
            await server.wait_for_call("setWebhook", timeout=30)
            await asyncio.sleep(0.5)  # both deliverers are polling now
            async with in_transaction():
                for n in range(ROWS):
                    await outbox_queue.enqueue(
                        f"notice:{n}",
                        person=None,
                        channel="telegram",
                        external_id=str(5000 + n),
                        text=f"Thông báo {n}",
                        due_at=datetime.now(UTC),
                    )

            async def all_sent() -> bool:
                return await OutboxMessage.filter(status=OutboxStatus.SENT).count() == ROWS

            await until(all_sent)
            await asyncio.sleep(0.5)  # a duplicate would arrive now
    assert (first[0], second[0]) == ("0", "0"), first[1] + second[1]
    sends = Counter(m.chat_id for m in server.sent if m.method == "sendMessage")
    assert sends == Counter({5000 + n: 1 for n in range(ROWS)})


async def test_an_album_cut_off_by_a_killed_bot_is_acknowledged_once_after_restart(
    database_url: str, media_dir: Path, tmp_path: Path, server: FakeTelegramServer
) -> None:
    chat = await draft_at_review(media_dir)  # telegram user 42, a complete draft
    await chat.press("review:edit")
    await chat.press("edit:photos")
    state = await ConversationState.get(channel="telegram", external_id="42")
    assert state.step == "photos", state.step
    key = state.data["draft"]["key"]
    env = bot_env(
        tmp_path,
        server,
        DATABASE_URL=database_url,
        MEDIA_DIR=str(media_dir),
        ALBUM_QUIET_SECONDS="2",
        OUTBOX_POLL_SECONDS="0.1",
    )
    doomed = await start_main_py(tmp_path, env)
    try:
        await server.wait_for_call("getUpdates", timeout=30)
        server.push_album(42, [jpeg(1), jpeg(2), jpeg(3)])

        async def stored() -> bool:
            return await filing.count_draft_photos(key) == 3

        await until(stored, 10)
    finally:
        doomed.kill()  # SIGKILL: no clean stop, the quiet time has not passed
        await doomed.wait()
    assert not [m for m in server.sent_to(42) if "Đã nhận" in (m.text or "")]
    assert (await OutboxMessage.get()).status is OutboxStatus.PENDING

    async with main_py(tmp_path, env) as result:
        await server.wait_for_message(42, "Đã nhận 3/10 ảnh", timeout=15)
        await asyncio.sleep(0.5)
    assert result[0] == "0", result[1]
    acks = [m for m in server.sent_to(42) if "Đã nhận" in (m.text or "")]
    assert len(acks) == 1
    assert (await OutboxMessage.get()).status is OutboxStatus.SENT


async def test_a_worker_killed_mid_delivery_loses_nothing(
    database_url: str, tmp_path: Path, server: FakeTelegramServer
) -> None:
    """SIGKILL while a batch is being sent (slow sends); the next process takes the rows over
    once their lease ran out: every row is sent, at most the one in flight twice."""
    server.faults = Faults(delay_seconds=0.1, methods=frozenset({"sendMessage"}))
    rows = 40
    async with in_transaction():
        for n in range(rows):
            await outbox_queue.enqueue(
                f"notice:{n}",
                person=None,
                channel="telegram",
                external_id=str(6000 + n),
                text=f"Thông báo {n}",
                due_at=datetime.now(UTC),
            )
    env = bot_env(
        tmp_path,
        server,
        DATABASE_URL=database_url,
        OUTBOX_POLL_SECONDS="0.05",
        OUTBOX_LEASE_SECONDS="2",
    )
    doomed = await start_main_py(tmp_path, env)
    try:

        async def some_sent() -> bool:
            return len([m for m in server.sent if m.method == "sendMessage"]) >= 5

        await until(some_sent, 30)
    finally:
        doomed.kill()  # mid-batch: rows claimed, some sent, some not, one maybe unmarked
        await doomed.wait()
    assert await OutboxMessage.filter(status=OutboxStatus.PENDING).count() > 0

    async with main_py(tmp_path, env) as result:

        async def all_sent() -> bool:
            return await OutboxMessage.filter(status=OutboxStatus.SENT).count() == rows

        await until(all_sent, 60)
    assert result[0] == "0", result[1]
    sends = Counter(m.chat_id for m in server.sent if m.method == "sendMessage")
    assert set(sends) == {6000 + n for n in range(rows)}, "nothing lost"
    assert sum(sends.values()) - rows <= 1, f"at most the row in flight twice: {sends}"
