"""Incoming Zalo photos: fetched at once from their expiring URL, bounded in size and time."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web

from bot.channels.zalo_translate import photo_fetcher
from handlers.texts import t
from handlers.types import FetchFailed
from models.conversation import ConversationState
from models.reports import Photo, Report
from tests.bot.telegram_harness import jpeg
from tests.bot.zalo_harness import ZaloUser, answer_steps, joined_guard, submit
from tests.fakes.zalo_server import FakeZaloServer


@pytest.fixture
async def server() -> AsyncIterator[FakeZaloServer]:
    async with FakeZaloServer() as fake:
        yield fake


async def at_photo_step(guard: ZaloUser) -> None:
    """Answer every question up to the photos of an 'other activity' report."""
    await answer_steps(
        guard,
        "13",
        "Tuần tra song phương",
        "1",
        "Mốc 1116",
        "Bỏ qua",
        "Tuần tra, kiểm tra mốc giới.",
    )


async def test_an_expired_photo_url_asks_for_the_photo_again_and_the_draft_survives(
    database_url: str, media_dir: Path, server: FakeZaloServer
) -> None:
    async with joined_guard(database_url, media_dir, server) as guard:
        await at_photo_step(guard)
        again = await guard.send_photo(jpeg(3), "Hãy gửi lại ảnh", expires_in=0)
        assert (again.text or "").startswith(t("vi", "photo_fetch_failed"))
        state = await ConversationState.get(channel="zalo", external_id=guard.id)
        assert state.step == "photos" and state.data["draft"]["title"] == "Tuần tra song phương"
        await guard.send_photo(jpeg(4), "Đã nhận 1/10 ảnh")
        await submit(guard, "gửi")
    report = await Report.get()
    assert report.title == "Tuần tra song phương"
    assert await Photo.filter(report=report).count() == 1
    assert [status for _, status in server.media_requests] == [404, 200]


async def test_a_photo_larger_than_the_limit_is_refused_without_reading_it_all(
    database_url: str, media_dir: Path, server: FakeZaloServer
) -> None:
    big = jpeg(5, 1600, 1200)
    limit = len(big) - 1
    async with joined_guard(database_url, media_dir, server, max_photo_bytes=limit) as guard:
        await at_photo_step(guard)
        await guard.send_photo(big, "Hãy gửi lại ảnh")
        await guard.send_photo(jpeg(6, 320, 240), "Đã nhận 1/10 ảnh")
    assert await Photo.all().count() == 1


@asynccontextmanager
async def media_server(
    handler: Callable[[web.Request], Awaitable[web.StreamResponse]],
) -> AsyncIterator[str]:
    """A one-route server standing in for Zalo's CDN; yields the photo's URL."""
    app = web.Application()
    app.router.add_get("/photo.jpg", handler)
    runner = web.AppRunner(app, shutdown_timeout=0.1)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    try:
        yield f"http://127.0.0.1:{runner.addresses[0][1]}/photo.jpg"
    finally:
        await runner.cleanup()


async def test_the_download_is_bounded_in_size_time_and_status() -> None:
    async def huge_unannounced(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse()  # chunked: no Content-Length to refuse it early
        await response.prepare(request)
        for _ in range(64):
            await response.write(b"\xff" * 65536)
        return response

    async def stalled(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse()
        await response.prepare(request)
        await response.write(b"\xff\xd8")
        await asyncio.sleep(5)
        return response

    async def forbidden(request: web.Request) -> web.Response:
        return web.Response(status=403, text="expired")

    async with aiohttp.ClientSession() as session:
        async with media_server(huge_unannounced) as url:
            with pytest.raises(FetchFailed, match="larger than"):
                await photo_fetcher(session, url, 1_000_000)()
        async with media_server(stalled) as url:
            with pytest.raises(FetchFailed, match="Timeout"):
                await photo_fetcher(session, url, 1_000_000, read_timeout=0.2)()
        async with media_server(forbidden) as url:
            with pytest.raises(FetchFailed, match="HTTP 403"):
                await photo_fetcher(session, url, 1_000_000)()
        with pytest.raises(FetchFailed, match="ClientConnectorError"):
            await photo_fetcher(session, url, 1_000_000)()  # the server is gone
