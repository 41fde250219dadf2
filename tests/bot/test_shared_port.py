"""Several `python main.py` workers on one host and one port (WEBHOOK_SHARE_PORT), each logging
one JSON line per update; without the setting a second bot is refused with a clear message."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from handlers.texts import t
from models.conversation import ProcessedUpdate
from models.db import close_database, open_database
from tests.bot.main_process import bot_env, free_port, main_py, main_py_exits
from tests.bot.telegram_harness import TOKEN
from tests.fakes.telegram_server import FakeTelegramServer

SECRET = "shared_port-SECRET"
USERS = range(1001, 1025)


@pytest.fixture
async def server() -> AsyncIterator[FakeTelegramServer]:
    async with FakeTelegramServer(token=TOKEN) as fake:
        yield fake


def webhook_env(tmp_path: Path, server: FakeTelegramServer, port: int, **extra: str) -> dict:
    """Webhook mode on 127.0.0.1:port, one SQLite file and media folder for every worker."""
    return bot_env(
        tmp_path,
        server,
        TELEGRAM_WEBHOOK_URL=f"http://127.0.0.1:{port}/telegram/webhook",
        TELEGRAM_WEBHOOK_SECRET=SECRET,
        WEBHOOK_LISTEN=f"127.0.0.1:{port}",
        **extra,
    )


async def until_healthy(port: int) -> None:
    """/healthz answers 200 (the server listens right after setWebhook)."""
    async with aiohttp.ClientSession() as session:
        for _ in range(200):
            with contextlib.suppress(aiohttp.ClientConnectionError):
                async with session.get(f"http://127.0.0.1:{port}/healthz") as health:
                    if health.status == 200:
                        return
            await asyncio.sleep(0.05)
    raise AssertionError(f"nothing healthy on port {port}")


def update_lines(output: str) -> list[dict]:
    """The per-update JSON log lines in a worker's output."""
    lines = []
    for line in output.splitlines():
        _, marker, record = line.partition(" ttdn.updates ")
        if marker:
            lines.append(json.loads(record))
    return lines


async def test_two_workers_share_the_port_and_log_each_update(
    tmp_path: Path, server: FakeTelegramServer
) -> None:
    port = free_port()
    env = webhook_env(tmp_path, server, port, WEBHOOK_SHARE_PORT="true")
    url = f"http://127.0.0.1:{port}/telegram/webhook"
    async with main_py(tmp_path, env) as first:
        await server.wait_for_call("setWebhook", timeout=30)
        await until_healthy(port)  # the first has migrated the database: start the second
        async with main_py(tmp_path, env) as second:
            await server.wait_for_call("setWebhook", timeout=30)
            await asyncio.sleep(0.3)  # let the second bind before the updates arrive
            updates = [server.push_text(user, "xin chào bộ đội") for user in USERS]
            # One connection per POST (as Telegram opens many): the kernel spreads them.
            statuses = [(await server.post_webhook(url, u, SECRET))[0] for u in updates]
    (first_code, first_out), (second_code, second_out) = first, second

    assert statuses == [200] * len(USERS), first_out + second_out
    assert (first_code, second_code) == ("0", "0"), first_out + second_out
    served = [update_lines(first_out), update_lines(second_out)]
    assert all(served), "both workers answered some updates (24 connections, 2 listeners)"
    assert sorted(r["update"] for lines in served for r in lines) == sorted(
        str(u["update_id"]) for u in updates
    )
    assert {r["outcome"] for lines in served for r in lines} == {"handled"}
    assert all(set(r) >= {"channel", "update", "person", "step", "ms"} for r in served[0])
    text = first_out + second_out
    assert "xin chào bộ đội" not in text and TOKEN not in text  # ids and timings only
    assert "aiohttp.access" not in text
    for user in USERS:
        assert [m.text for m in server.sent_to(user)] == [t("vi", "unknown_person")]
    await open_database(f"sqlite://{tmp_path}/bot.sqlite3", upgrade=False)
    try:
        assert await ProcessedUpdate.filter(channel="telegram").count() == len(USERS)
    finally:
        await close_database()


async def test_a_second_bot_on_a_taken_port_is_refused_with_a_hint(
    tmp_path: Path, server: FakeTelegramServer
) -> None:
    port = free_port()
    env = webhook_env(tmp_path, server, port)
    async with main_py(tmp_path, env) as first:
        await server.wait_for_call("setWebhook", timeout=30)
        await until_healthy(port)
        code, output = await main_py_exits(tmp_path, env)
    assert code == "1", output
    assert f"cannot listen on WEBHOOK_LISTEN 127.0.0.1:{port}" in output
    assert "WEBHOOK_SHARE_PORT=true" in output
    assert first[0] == "0", first[1]
