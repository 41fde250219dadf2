"""A webhook update that always fails: 500 twice, then 200 with one apology, then a no-op;
`main.py updates failed` lists it without its content. Polling apologises at once."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import build_engine
from bot.channels.telegram import build_telegram_app
from bot.channels.telegram_webhook import WEBHOOK_PATH
from bot.settings import Settings
from handlers.texts import t
from models.conversation import FailedUpdate
from tests.bot.telegram_harness import TOKEN, demo_units, invite_code, polling_bot
from tests.bot.test_cli import run
from tests.bot.test_telegram_webhook import SECRET, webhook_bot, webhook_settings
from tests.fakes.telegram_server import FakeTelegramServer
from tests.handlers.poison import POISON, PoisonedEngine

USER = 654
APOLOGY = t("vi", "err_try_again")


@pytest.fixture
async def server() -> AsyncIterator[FakeTelegramServer]:
    async with FakeTelegramServer(token=TOKEN) as fake:
        yield fake


def poisoned(settings: Settings) -> PoisonedEngine:
    real = build_engine(settings).engine
    return PoisonedEngine(real.config, real.photo_intake)


async def test_webhook_gives_up_on_the_third_delivery(
    database_url: str, media_dir: Path, server: FakeTelegramServer
) -> None:
    await demo_units()
    code = await invite_code()
    settings = webhook_settings(database_url, media_dir, server)
    channel = build_telegram_app(settings, poisoned(settings))
    async with webhook_bot(settings, channel) as root:
        url = root + WEBHOOK_PATH
        joined = await server.post_webhook(
            url, server.push_text(USER, f"/start {code}"), secret_token=SECRET
        )
        assert joined[0] == 200
        update = server.push_text(USER, POISON)
        statuses = [
            (await server.post_webhook(url, update, secret_token=SECRET))[0] for _ in range(4)
        ]
    assert statuses == [500, 500, 200, 200]
    texts = [m.text for m in server.sent_to(USER)]
    assert texts.count(APOLOGY) == 1 and texts[-1] == APOLOGY
    row = await FailedUpdate.get(update_key=str(update["update_id"]))
    assert (row.channel, row.attempts, row.given_up) == ("telegram", 3, True)


async def test_polling_apologises_at_the_first_failure(
    database_url: str, media_dir: Path, server: FakeTelegramServer
) -> None:
    await demo_units()
    code = await invite_code()
    settings = webhook_settings(database_url, media_dir, server).model_copy(
        update={"telegram_webhook_url": None, "telegram_webhook_secret": None}
    )
    async with polling_bot(settings, poisoned(settings)):
        server.push_text(USER, f"/start {code}")
        await server.wait_for_message(USER, "đã được đăng ký")
        server.push_text(USER, POISON)
        await server.wait_for_message(USER, APOLOGY)
    row = await FailedUpdate.get()
    assert (row.attempts, row.given_up, row.error_class) == (1, True, "ZeroDivisionError")


def test_operators_list_failed_updates(tmp_path: Path) -> None:
    assert run(tmp_path, "db", "upgrade").returncode == 0
    assert "no failed updates" in run(tmp_path, "updates", "failed").stdout
    with sqlite3.connect(tmp_path / "staff.sqlite3") as db:
        db.execute(
            "INSERT INTO failed_update (channel, update_key, error_class, attempts, "
            "first_failed_at, last_failed_at, given_up) VALUES ('zalo', "
            "'message.text.received:abc', 'KeyError', 3, '2026-11-30 01:02:03+00:00', "
            "'2026-11-30 01:04:05+00:00', 1)"
        )
    listed = run(tmp_path, "updates", "failed")
    assert listed.returncode == 0
    assert "message.text.received:abc" in listed.stdout and "KeyError" in listed.stdout
    assert "3x" in listed.stdout and "given up" in listed.stdout
