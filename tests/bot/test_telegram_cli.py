"""`python main.py` with a Telegram token: runs the channel, stops cleanly on SIGTERM."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from bot.cli import run_bot
from bot.settings import Settings
from handlers.texts import t
from tests.bot.main_process import bot_env, free_port, main_py
from tests.bot.telegram_harness import TOKEN
from tests.fakes.telegram_server import FakeTelegramServer


@pytest.fixture
async def server() -> AsyncIterator[FakeTelegramServer]:
    async with FakeTelegramServer(token=TOKEN) as fake:
        yield fake


async def test_main_polls_with_a_token_and_stops_on_sigterm(
    tmp_path: Path, server: FakeTelegramServer
) -> None:
    async with main_py(tmp_path, bot_env(tmp_path, server)) as result:
        server.push_text(9, "xin chào")
        answer = await server.wait_for_message(9, "chưa được đăng ký", timeout=30)
        await server.wait_for_call("setMyCommands")
    code, output = result
    assert code == "0", output
    assert answer.method == "sendMessage"
    assert TOKEN not in output


async def test_main_serves_the_webhook_and_healthz(
    tmp_path: Path, server: FakeTelegramServer
) -> None:
    port = free_port()
    root = f"http://127.0.0.1:{port}"
    env = bot_env(
        tmp_path,
        server,
        TELEGRAM_WEBHOOK_URL=f"{root}/telegram/webhook",
        TELEGRAM_WEBHOOK_SECRET="abc_123-XYZ",
        WEBHOOK_LISTEN=f"127.0.0.1:{port}",
    )
    async with main_py(tmp_path, env) as result:
        await server.wait_for_call("setWebhook", timeout=30)
        update = server.push_text(9, "xin chào")
        status = 0
        for _ in range(100):  # the server starts listening right after setWebhook
            with contextlib.suppress(aiohttp.ClientConnectionError):
                status, _ = await server.post_webhook(
                    f"{root}/telegram/webhook", update, "abc_123-XYZ"
                )
                break
            await asyncio.sleep(0.05)
        async with aiohttp.ClientSession() as session, session.get(f"{root}/healthz") as health:
            healthy = health.status
    code, output = result
    assert (status, healthy, code) == (200, 200, "0"), output
    assert server.webhook["secret_token"] == "abc_123-XYZ"
    assert [m.text for m in server.sent_to(9)] == [t("vi", "unknown_person")]


async def test_refuses_a_webhook_without_secret(capsys: pytest.CaptureFixture[str]) -> None:
    webhook = {
        "telegram_bot_token": TOKEN,
        "telegram_webhook_url": "https://bot.example.vn/telegram/webhook",
        "zalo_bot_token": None,
    }
    for secret in (None, "has spaces", "x" * 257):
        assert await run_bot(Settings(**webhook, telegram_webhook_secret=secret)) == 2
        assert "TELEGRAM_WEBHOOK_SECRET must be set" in capsys.readouterr().err
