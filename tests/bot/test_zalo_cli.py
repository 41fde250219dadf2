"""`python main.py` with a Zalo token: polls, or serves webhooks next to Telegram's; stops on
SIGTERM."""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from bot.cli import run_bot
from bot.settings import Settings
from handlers.texts import t
from tests.bot.telegram_harness import TOKEN as TELEGRAM_TOKEN
from tests.bot.test_telegram_cli import main_py
from tests.bot.zalo_harness import TOKEN, ZaloUser, free_port
from tests.fakes.telegram_server import FakeTelegramServer
from tests.fakes.zalo_server import FakeZaloServer


@pytest.fixture
async def server() -> AsyncIterator[FakeZaloServer]:
    async with FakeZaloServer() as fake:
        yield fake


def zalo_env(tmp_path: Path, server: FakeZaloServer, **extra: str) -> dict[str, str]:
    """The environment of `python main.py` against the fake, without the caller's tokens."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "ZALO_"))}
    env.pop("PUBLIC_BASE_URL", None)
    return env | {
        "ZALO_BOT_TOKEN": TOKEN,
        "ZALO_API_URL": server.api_url,
        "ZALO_POLL_TIMEOUT": "1",
        "DATABASE_URL": f"sqlite://{tmp_path}/bot.sqlite3",
        "MEDIA_DIR": str(tmp_path / "media"),
        **extra,
    }


async def test_main_polls_zalo_and_stops_on_sigterm(tmp_path: Path, server: FakeZaloServer) -> None:
    stranger = ZaloUser(server)
    async with main_py(tmp_path, zalo_env(tmp_path, server)) as result:
        answer = await stranger.say("xin chào", "chưa được đăng ký")
    code, output = result
    assert code == "0", output
    assert answer.text == t("vi", "unknown_person")
    assert [name for name, _ in server.calls[:2]] == ["getMe", "deleteWebhook"]
    assert TOKEN not in output and "fake-secret" not in output


async def test_main_serves_telegram_and_zalo_webhooks_on_one_server(
    tmp_path: Path, server: FakeZaloServer
) -> None:
    port = free_port()
    root = f"http://127.0.0.1:{port}"
    async with FakeTelegramServer(token=TELEGRAM_TOKEN) as telegram:
        env = zalo_env(
            tmp_path,
            server,
            ZALO_WEBHOOK_URL=f"{root}/zalo/webhook",
            ZALO_WEBHOOK_SECRET="zalo-secret-123",
            TELEGRAM_BOT_TOKEN=TELEGRAM_TOKEN,
            TELEGRAM_API_URL=telegram.root,
            TELEGRAM_WEBHOOK_URL=f"{root}/telegram/webhook",
            TELEGRAM_WEBHOOK_SECRET="telegram_secret",
            WEBHOOK_LISTEN=f"127.0.0.1:{port}",
        )
        async with main_py(tmp_path, env) as result, aiohttp.ClientSession() as session:
            await server.wait_for_call("setWebhook", timeout=30)
            await telegram.wait_for_call("setWebhook", timeout=30)
            healthy = 0
            for _ in range(200):  # the server listens right after both webhooks are set
                with contextlib.suppress(aiohttp.ClientConnectionError):
                    async with session.get(f"{root}/healthz") as health:
                        healthy = health.status
                        break
                await asyncio.sleep(0.05)
            stranger = ZaloUser(server)
            await stranger.say("xin chào", "chưa được đăng ký")
            update = telegram.push_text(9, "xin chào")
            status, _ = await telegram.post_webhook(
                f"{root}/telegram/webhook", update, "telegram_secret"
            )
    code, output = result
    assert (healthy, status, code) == (200, 200, "0"), output
    assert server.webhook_secret == "zalo-secret-123"
    assert [m.text for m in telegram.sent_to(9)] == [t("vi", "unknown_person")]
    assert [d.status for d in server.webhook_deliveries] == [200]


async def test_refuses_a_zalo_webhook_without_a_proper_secret(
    capsys: pytest.CaptureFixture[str],
) -> None:
    webhook = {
        "zalo_bot_token": TOKEN,
        "zalo_webhook_url": "https://bot.example.vn/zalo/webhook",
        "telegram_bot_token": None,
    }
    for secret in (None, "short", "has spaces in it", "x" * 257):
        assert await run_bot(Settings(**webhook, zalo_webhook_secret=secret)) == 2
        assert "ZALO_WEBHOOK_SECRET must be set" in capsys.readouterr().err


async def test_a_wrong_token_stops_at_start_without_showing_it(
    tmp_path: Path, server: FakeZaloServer, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = Settings(
        zalo_bot_token="999:wrong-token",
        zalo_api_url=server.api_url,
        telegram_bot_token=None,
        database_url=f"sqlite://{tmp_path}/bot.sqlite3",
        media_dir=tmp_path / "media",
    )
    assert await run_bot(settings) == 1
    err = capsys.readouterr().err
    assert "Zalo could not start" in err and "401" in err and "wrong-token" not in err
