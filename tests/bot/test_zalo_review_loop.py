"""The review loop on Zalo, end to end against the fake Zalo server: a guard files on Zalo,
a reviewer (another channel) returns the report, and the reason reaches the guard, who has
not written to the bot since, with the /sua command as a line; the guard corrects it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import build_engine
from models import access, directory
from models.conversation import ConversationState
from models.people import Role
from models.reports import Report, ReportStatus
from tests.bot.test_zalo_photos import at_photo_step
from tests.bot.zalo_harness import joined_guard, submit, zalo_settings
from tests.fakes.zalo_server import FakeZaloServer
from tests.handlers.dialogue import Chat


@pytest.fixture
async def server() -> AsyncIterator[FakeZaloServer]:
    async with FakeZaloServer() as fake:
        yield fake


async def test_a_return_notice_reaches_the_zalo_author_who_then_corrects(
    database_url: str, media_dir: Path, server: FakeZaloServer
) -> None:
    async with joined_guard(database_url, media_dir, server, outbox_poll_seconds=0.05) as guard:
        await at_photo_step(guard)
        await submit(guard, "gửi")
        report = await Report.get()
        assert (report.channel, report.filed_external_id) == ("zalo", guard.id)
        sent_before = len(server.sent_to(guard.id))

        reviewer = await access.register_identity("console", "rv", "Thiếu tá Minh", "vi")
        bdbp = await directory.get_unit_by_code("LS-BDBP")
        assert bdbp is not None
        await access.grant(reviewer, bdbp, Role.REVIEWER)
        desk = Chat(build_engine(zalo_settings(database_url, media_dir, server)), user_id="rv")
        await desk.say(f"/xem {report.id}")
        await desk.press(f"rv:ret:{report.id}:{report.revision}")
        assert "Đã trả lại" in await desk.say("Thiếu số người tham gia phía bạn")

        notice = await guard.expect("Thiếu số người tham gia phía bạn")
        assert f"/sua {report.id}" in (notice.text or ""), "the command, as a line"
        assert len(server.sent_to(guard.id)) == sent_before + 1, "one notice, nothing else"
        state = await ConversationState.get(channel="zalo", external_id=guard.id)
        assert "choices" not in state.data or all(
            "/sua" not in label for label, _ in state.data["choices"]
        ), "a notice never becomes a typable choice"

        await guard.say(f"/sua {report.id}", f"Sửa báo cáo #{report.id}")
        await guard.say("gửi", f"Đã cập nhật báo cáo #{report.id}")
        await asyncio.sleep(0.1)
    await report.refresh_from_db()
    assert report.status is ReportStatus.SUBMITTED and report.revision == 3
