"""A button acts only on what it was shown for: Gửi on the card of a cancelled draft once
filed the draft open now, whose content that card never showed."""

from __future__ import annotations

from pathlib import Path

import pytest

from handlers.texts import t
from models.demo_data import load_demo
from models.reports import Report
from tests.handlers.dialogue import Chat, Clock, make_engine

OUTDATED = t("vi", "btn_outdated")
OUTDATED_IDLE = t("vi", "btn_outdated_idle")


@pytest.fixture
async def chat(database_url: str, media_dir: Path) -> Chat:
    await load_demo("console", "u1", "Nguyễn Văn A")
    return Chat(make_engine(media_dir, Clock()))


async def to_card(chat: Chat, title: str) -> str:
    """An 'other' report up to its card; returns the card's Gửi payload as sent."""
    await chat.say("/baocao")
    await chat.press("type:other")
    await chat.say(title)
    await chat.press("date:0")
    await chat.say("Đồn Biên phòng")
    await chat.press("loc:skip")
    await chat.say("Nội dung")
    assert "Kiểm tra báo cáo" in await chat.say("xong")
    submit = chat.shown_payload("review:submit")
    assert submit and submit.startswith("review:submit#")
    return submit


async def test_gui_of_a_cancelled_draft_does_not_file_the_open_one(chat: Chat) -> None:
    old_submit = await to_card(chat, "Bản nháp cũ")
    await chat.say("/huy")
    await to_card(chat, "Bản nháp mới")
    answer = await chat.press(old_submit)
    assert OUTDATED in answer
    assert "Bản nháp mới" in answer and "Kiểm tra báo cáo" in answer, "the current card"
    assert await Report.all().count() == 0
    assert "Đã gửi báo cáo số #" in await chat.press("review:submit")
    assert [r.title for r in await Report.all()] == ["Bản nháp mới"]


async def test_a_cancelled_drafts_button_at_idle_changes_nothing(chat: Chat) -> None:
    old_submit = await to_card(chat, "Bản nháp cũ")
    old_edit = chat.shown_payload("review:edit")
    await chat.say("/huy")
    assert OUTDATED_IDLE in await chat.press(old_submit)
    assert OUTDATED_IDLE in await chat.press(old_edit or "")
    assert await Report.all().count() == 0


async def test_an_untagged_gui_from_before_tags_is_outdated(chat: Chat) -> None:
    await to_card(chat, "Bản nháp")
    answer = chat.text(await chat.deliver(chat.incoming_button("review:submit")))
    assert OUTDATED in answer
    assert await Report.all().count() == 0


async def test_a_second_gui_names_the_report_already_filed(chat: Chat) -> None:
    submit = await to_card(chat, "Họp giao ban")
    assert "Đã gửi báo cáo số #" in await chat.press(submit)
    report = await Report.get()
    assert f"#{report.id}" in await chat.press(submit)
    assert await Report.all().count() == 1


async def test_a_question_button_of_another_draft_is_outdated(chat: Chat) -> None:
    await chat.say("/baocao")
    old_type = chat.shown_payload("type:twinning")
    await chat.say("/huy")
    await chat.say("/baocao")
    answer = await chat.press(old_type or "")
    assert OUTDATED in answer and "Bước 1/" in answer
    assert "Bước 2/" in await chat.press("type:twinning"), "the current button works"


async def test_typing_the_choice_still_works_with_tags(chat: Chat) -> None:
    await to_card(chat, "Gõ chữ gửi")
    assert "Đã gửi báo cáo số #" in await chat.say("gửi")
