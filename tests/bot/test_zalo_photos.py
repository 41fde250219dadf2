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
from handlers.types import FetchFailed, FetchRefused
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


async def test_a_photo_larger_than_the_limit_is_refused_with_the_limit(
    database_url: str, media_dir: Path, server: FakeZaloServer
) -> None:
    limit = 1024 * 1024
    big = b"\xff\xd8" + bytes(limit)  # announced by Content-Length: refused unread
    async with joined_guard(database_url, media_dir, server, max_photo_bytes=limit) as guard:
        await at_photo_step(guard)
        refused = await guard.send_photo(big, "Ảnh quá lớn")
        assert (refused.text or "").startswith(t("vi", "err_photo_too_large", mb=1))
        await guard.send_photo(jpeg(6, 320, 240), "Đã nhận 1/10 ảnh")
    assert await Photo.all().count() == 1


async def test_an_empty_photo_is_called_empty(
    database_url: str, media_dir: Path, server: FakeZaloServer
) -> None:
    async with joined_guard(database_url, media_dir, server) as guard:
        await at_photo_step(guard)
        refused = await guard.send_photo(b"", "Hãy gửi lại ảnh")
        assert (refused.text or "").startswith(t("vi", "err_photo_empty"))
        state = await ConversationState.get(channel="zalo", external_id=guard.id)
        assert state.step == "photos"


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
            with pytest.raises(FetchRefused, match="larger than") as unannounced:
                await photo_fetcher(session, url, 1_000_000)()
        assert unannounced.value.reason == "too_large"
        async with media_server(stalled) as url:
            with pytest.raises(FetchFailed, match="Timeout"):
                await photo_fetcher(session, url, 1_000_000, read_timeout=0.2)()
        async with media_server(forbidden) as url:
            with pytest.raises(FetchFailed, match="HTTP 403"):
                await photo_fetcher(session, url, 1_000_000)()
        with pytest.raises(FetchFailed, match="ClientConnectorError"):
            await photo_fetcher(session, url, 1_000_000)()  # the server is gone


async def test_a_download_of_the_wrong_size_says_which() -> None:
    async def empty(request: web.Request) -> web.Response:
        return web.Response(body=b"", content_type="image/jpeg")

    async def announced(request: web.Request) -> web.Response:
        return web.Response(body=b"\xff" * 2000, content_type="image/jpeg")

    async with aiohttp.ClientSession() as session:
        async with media_server(empty) as url:
            with pytest.raises(FetchRefused) as nothing:
                await photo_fetcher(session, url, 1000)()
        async with media_server(announced) as url:
            with pytest.raises(FetchRefused) as too_big:
                await photo_fetcher(session, url, 1000)()
    assert (nothing.value.reason, too_big.value.reason) == ("empty", "too_large")
    assert isinstance(too_big.value, FetchFailed)  # callers that only know FetchFailed cope
