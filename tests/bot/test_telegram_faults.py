"""Ten reporters at once while the Bot API answers 429/502 and updates arrive twice."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from telegram.ext import AIORateLimiter

from bot.channels.retry import RetryPolicy
from bot.channels.telegram_send import PTB_REQUEST_LOGGER, InvalidJsonAsDebug, quiet_invalid_json
from handlers.types import Reply
from models.conversation import ProcessedUpdate
from models.people import Identity
from models.reports import Photo, Report
from tests.bot.telegram_harness import (
    TOKEN,
    Reporter,
    channel_for,
    demo_units,
    invite_code,
    jpeg,
    polling_bot,
    telegram_settings,
)
from tests.fakes.telegram_server import FakeTelegramServer, Faults

REPORTERS = 10


@pytest.fixture
async def server() -> AsyncIterator[FakeTelegramServer]:
    async with FakeTelegramServer(token=TOKEN) as fake:
        yield fake


async def file_other_report(guard: Reporter, code: str) -> None:
    """The shortest report: type 'other', no location, a required description, 2 photos."""
    n = guard.user_id
    await guard.say(f"/start {code}", "đã được đăng ký")
    await guard.say("/baocao", "Bước 1/")
    await guard.press("type:other", "Bước 2/")
    await guard.say(f"Hoạt động số {n}", "Bước 3/")
    await guard.press("date:1", "Bước 4/")
    await guard.say("Đồn Biên phòng", "Bước 5/")
    await guard.say("Bỏ qua", "Bước 6/")  # a label of the location reply keyboard
    await guard.say("Tuần tra song phương, trao đổi tình hình.", "Bước 7/")
    await guard.send_album([jpeg(10 * n), jpeg(10 * n + 1)], "Đã nhận 2/10 ảnh")
    await guard.press("photos:done", "Kiểm tra báo cáo")
    await guard.press("review:submit", "Đã gửi báo cáo số #")


async def test_parallel_reporters_survive_429_502_and_redelivery(
    database_url: str, media_dir: Path, server: FakeTelegramServer
) -> None:
    await demo_units()
    codes = [await invite_code() for _ in range(REPORTERS)]
    settings = telegram_settings(database_url, media_dir, server, album_quiet_seconds=0.5)
    guards = [Reporter(server, 700 + i, redeliver=i % 2 == 0) for i in range(REPORTERS)]
    server.faults = Faults(rate_429=0.1, rate_502=0.1, retry_after=1, seed=3)
    async with polling_bot(settings), asyncio.timeout(50):
        await asyncio.gather(*(file_other_report(g, c) for g, c in zip(guards, codes, strict=True)))

    kinds = {kind for _, kind in server.faulted}
    assert kinds == {"429", "502"} and server.fault_count >= 20
    assert await Report.all().count() == REPORTERS
    for guard in guards:
        identity = await Identity.get(channel="telegram", external_id=str(guard.user_id))
        report = await Report.get(author_id=identity.person_id)  # type: ignore[attr-defined]
        assert await Photo.filter(report=report).count() == 2
        confirmations = [
            m for m in server.sent_to(guard.user_id) if "Đã gửi báo cáo" in (m.text or "")
        ]
        assert confirmations and all(f"#{report.id}" in (m.text or "") for m in confirmations)
    assert await Photo.all().count() == 2 * REPORTERS
    keys = await ProcessedUpdate.filter(channel="telegram").values_list("update_key", flat=True)
    assert len(keys) == len(set(keys))


async def test_rate_limiter_is_used_when_enabled_and_rides_out_a_429(
    database_url: str, media_dir: Path, server: FakeTelegramServer
) -> None:
    settings = telegram_settings(database_url, media_dir, server, telegram_rate_limit=True)
    assert isinstance(channel_for(settings).bot.rate_limiter, AIORateLimiter)
    assert channel_for(telegram_settings(database_url, media_dir, server)).bot.rate_limiter is None
    server.faults = Faults(rate_429=1.0, retry_after=1, max_faults=1, methods={"sendMessage"})
    async with polling_bot(settings):
        await Reporter(server, 42).say("chào", "chưa được đăng ký")
    assert server.faulted == [("sendMessage", "429")]
    assert [m.text for m in server.sent_to(42)].count(server.sent_to(42)[0].text) == 1


def logged(caplog: pytest.LogCaptureFixture, level: int) -> list[str]:
    """The messages logged at exactly `level`."""
    return [r.getMessage() for r in caplog.records if r.levelno == level]


async def test_a_502_then_success_is_one_warning_and_no_error(
    database_url: str, media_dir: Path, server: FakeTelegramServer, caplog: pytest.LogCaptureFixture
) -> None:
    settings = telegram_settings(database_url, media_dir, server)
    server.faults = Faults(rate_502=1.0, max_faults=1, methods=frozenset({"sendMessage"}))
    with caplog.at_level(logging.INFO):
        async with polling_bot(settings):
            await Reporter(server, 42).say("chào", "chưa được đăng ký")
    assert server.faulted == [("sendMessage", "502")]
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
    [warning] = logged(caplog, logging.WARNING)
    assert warning.startswith("telegram sendMessage: HTTP 502") and "retried, sent" in warning


async def test_a_send_lost_to_502s_is_one_warning_with_the_attempts(
    database_url: str, media_dir: Path, server: FakeTelegramServer, caplog: pytest.LogCaptureFixture
) -> None:
    channel = channel_for(telegram_settings(database_url, media_dir, server))
    channel.sender.policy = RetryPolicy(attempts=3, base_delay=0.01)
    server.faults = Faults(rate_502=1.0, methods=frozenset({"sendMessage"}))
    async with channel.application:
        assert await channel.sender.send_replies(42, [Reply(text="chào")]) == 1
    assert server.fault_count == 3
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
    [warning] = logged(caplog, logging.WARNING)
    assert warning.startswith("telegram sendMessage to chat 42: HTTP 502")
    assert warning.endswith("lost after 3 attempts")


def test_only_ptbs_invalid_json_error_is_lowered(caplog: pytest.LogCaptureFixture) -> None:
    quiet_invalid_json()
    quiet_invalid_json()  # building a second bot adds no second filter
    logger = logging.getLogger(PTB_REQUEST_LOGGER)
    assert sum(isinstance(f, InvalidJsonAsDebug) for f in logger.filters) == 1
    try:
        json.loads("<html>502</html>")
    except ValueError:  # as PTB logs it: with the traceback
        logger.exception('Can not load invalid JSON data: "%s"', "<html>502</html>")
    logger.error("Something else went wrong")
    assert [(r.levelname, r.exc_info) for r in caplog.records] == [("DEBUG", None), ("ERROR", None)]
