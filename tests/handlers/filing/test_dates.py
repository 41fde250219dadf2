"""Dates: ISO dates as phones and spreadsheets write them, and a check on dates long ago."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from handlers.commands import reask_current
from handlers.parsing import ParseError, more_than_a_year_before, parse_date_range
from handlers.steps import Step
from handlers.turn import Turn
from handlers.types import Kind
from models.conversation import ConversationState
from models.demo_data import load_demo
from tests.handlers.dialogue import Chat, Clock, make_engine

TODAY = date(2026, 11, 20)


@pytest.mark.parametrize(
    ("typed", "start", "end"),
    [
        ("2026-10-05", date(2026, 10, 5), date(2026, 10, 5)),
        ("2026-1-5", date(2026, 1, 5), date(2026, 1, 5)),
        ("2026-10-05 - 2026-10-07", date(2026, 10, 5), date(2026, 10, 7)),
        ("2025-12-30 đến 2026-01-02", date(2025, 12, 30), date(2026, 1, 2)),
        ("2026-10-05 – 07/10/2026", date(2026, 10, 5), date(2026, 10, 7)),
    ],
)
def test_iso_dates_and_ranges(typed: str, start: date, end: date) -> None:
    span = parse_date_range(typed, TODAY)
    assert (span.start, span.end) == (start, end)


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("2026-13-05", "err_date_invalid"),
        ("2026-11-21", "err_date_future"),
        ("1999-12-31", "err_date_too_old"),
        ("2026-10-07 - 2026-10-05", "err_date_order"),
        ("2026-11-20T00:00", "err_date_format"),
    ],
)
def test_iso_dates_refused(typed: str, key: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_date_range(typed, TODAY)
    assert caught.value.key == key


def test_a_year_ago_is_not_more_than_a_year() -> None:
    assert not more_than_a_year_before(date(2025, 11, 20), TODAY)
    assert more_than_a_year_before(date(2025, 11, 19), TODAY)
    assert more_than_a_year_before(date(2027, 2, 27), date(2028, 2, 29))
    assert not more_than_a_year_before(date(2027, 2, 28), date(2028, 2, 29))


@pytest.fixture
async def chat(database_url: str, media_dir: Path) -> Chat:
    await load_demo("console", "u1", "Nguyễn Văn A")
    chat = Chat(make_engine(media_dir, Clock()))
    await chat.say("/baocao")
    await chat.press("type:exhibition")
    await chat.say("Triển lãm Hoàng Sa")
    return chat


async def state_of(chat: Chat) -> ConversationState:
    return await ConversationState.get(channel=chat.channel.value, external_id=chat.user_id)


async def test_a_date_long_ago_is_confirmed_before_it_is_kept(chat: Chat) -> None:
    reply = await chat.say("5/10/2024")
    assert "Ngày 05/10/2024 cách đây hơn một năm. Đúng không?" in reply
    assert [p.split("#")[0] for p in chat.payloads()] == ["date:ok", "date:retry"]
    row = await state_of(chat)
    assert row.step == "confirm_date" and row.data["draft"]["start_date"] is None
    assert "Địa điểm" in await chat.press("date:ok")
    row = await state_of(chat)
    assert row.step == "place_name"
    assert (row.data["draft"]["start_date"], row.data["draft"]["end_date"]) == (
        "2024-10-05",
        "2024-10-05",
    )
    assert "pending_date" not in row.data


async def test_typed_yes_and_a_range_long_ago(chat: Chat) -> None:
    assert "Ngày 01/10/2024 – 03/10/2024 cách đây" in await chat.say("2024-10-01 - 2024-10-03")
    await chat.say("đúng")
    row = await state_of(chat)
    assert row.step == "place_name" and row.data["draft"]["end_date"] == "2024-10-03"


async def test_enter_again_or_a_new_date_replaces_the_old_one(chat: Chat) -> None:
    await chat.say("05/10/2024")
    assert "ngày nào" in await chat.press("date:retry")
    assert (await state_of(chat)).step == "date"
    await chat.say("05/10/2024")
    assert "Địa điểm" in await chat.say("2026-10-05")
    row = await state_of(chat)
    assert row.step == "place_name" and row.data["draft"]["start_date"] == "2026-10-05"


async def test_a_recent_date_is_not_questioned(chat: Chat) -> None:
    assert "Địa điểm" in await chat.say("20/11/2025")
    assert (await state_of(chat)).step == "place_name"


async def test_help_and_a_sticker_at_the_confirmation_ask_it_again(chat: Chat) -> None:
    await chat.say("05/10/2024")
    assert "cách đây hơn một năm" in await chat.say("/trogiup")
    assert "cách đây hơn một năm" in await chat.sticker()
    assert (await state_of(chat)).step == "confirm_date"
    assert "Đã huỷ bản nháp" in await chat.say("huỷ")


async def test_reask_without_a_pending_date_asks_the_date(chat: Chat) -> None:
    engine = chat.engine
    turn = Turn(
        msg=chat.incoming(Kind.TEXT, text="x"),
        lang="vi",
        now=engine.config.clock(),
        config=engine.config,
        person=None,
        access=None,
        data={"draft": (await state_of(chat)).data["draft"]},
    )
    assert await reask_current(turn, Step.CONFIRM_DATE) == Step.DATE
    assert "ngày nào" in turn.replies[-1].text
