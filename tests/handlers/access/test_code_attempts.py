"""Guessing codes: five wrong invite or link codes in 15 minutes make an account wait."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest

from handlers.types import Channel
from models import access, directory
from models.conversation import CodeAttempt
from models.demo_data import load_demo
from models.people import Invite, Role
from tests.handlers.dialogue import Chat, Clock, make_engine

WRONG = ("ABCD2345", "BCDE3456", "CDEF4567", "DEFG5678", "EFGH6789")
WAIT = "Đồng chí đã nhập sai mã 5 lần. Hãy thử lại sau"


@pytest.fixture
async def clock(database_url: str) -> Clock:
    """The demo province (telegram:100 is registered); 10:00 in Vietnam."""
    await load_demo("telegram", "100", "Hoàng Văn C")
    return Clock()


async def invite(clock: Clock) -> str:
    unit = await directory.get_unit_by_code("LS-XA-DD")
    assert unit is not None
    return (await access.create_invite(unit, Role.REPORTER, None, clock.now, 7)).code


async def guess_wrong(chat: Chat, clock: Clock, codes: tuple[str, ...] = WRONG) -> None:
    """Type wrong invite codes, one a minute."""
    for code in codes:
        assert "không đúng" in await chat.say(f"/start {code}")
        clock.now += timedelta(minutes=1)


async def test_five_wrong_invites_make_even_the_right_code_wait(
    clock: Clock, media_dir: Path
) -> None:
    code = await invite(clock)
    chat = Chat(make_engine(media_dir, clock), user_id="777", channel=Channel.TELEGRAM)
    await guess_wrong(chat, clock)  # 10:00 … 10:04
    assert f"{WAIT} 10:15." in await chat.say(f"/start {code}")
    assert f"{WAIT} 10:15." in await chat.say(code.lower())  # typed, not a deep link
    assert await access.person_for("telegram", "777") is None
    assert (await Invite.get(code=code)).used_at is None  # not even looked up
    assert await CodeAttempt.filter(external_id="777").count() == 5  # waiting adds none
    clock.now += timedelta(minutes=10)  # 10:15: the first wrong code is 15 minutes old
    assert "Chào" in await chat.say(f"/start {code}")
    assert await access.person_for("telegram", "777") is not None


async def test_a_right_code_before_the_limit_works(clock: Clock, media_dir: Path) -> None:
    code = await invite(clock)
    chat = Chat(make_engine(media_dir, clock), user_id="778", channel=Channel.TELEGRAM)
    await guess_wrong(chat, clock, WRONG[:4])
    assert "Chào" in await chat.say(f"/start {code}")


async def test_another_account_is_not_held_up(clock: Clock, media_dir: Path) -> None:
    code = await invite(clock)
    engine = make_engine(media_dir, clock)
    await guess_wrong(Chat(engine, user_id="779", channel=Channel.TELEGRAM), clock)
    assert "Chào" in await Chat(engine, user_id="779", channel=Channel.ZALO).say(code)


async def test_expired_and_used_codes_are_not_guesses(clock: Clock, media_dir: Path) -> None:
    old = await invite(clock)
    clock.now += timedelta(days=8)
    code = await invite(clock)
    chat = Chat(make_engine(media_dir, clock), user_id="780", channel=Channel.TELEGRAM)
    for _ in range(5):
        assert "hết hạn" in await chat.say(f"/start {old}")
    assert "Chào" in await chat.say(f"/start {code}")
    for _ in range(5):
        assert "đã được dùng" in await chat.say(f"/start {code}")
    assert await CodeAttempt.all().count() == 0


async def test_wrong_link_codes_count_too_and_the_wait_ends(clock: Clock, media_dir: Path) -> None:
    engine = make_engine(media_dir, clock)
    owner = Chat(engine, user_id="100", channel=Channel.TELEGRAM)
    stranger = Chat(engine, user_id="zz1", channel=Channel.ZALO)
    await guess_wrong(stranger, clock, WRONG[:3])  # invites, 10:00 … 10:02
    for code in WRONG[3:]:
        assert "không đúng" in await stranger.say(f"/lienket {code}")
    match = re.search(r"/lienket ([A-Z0-9]{8})", await owner.say("/lienket"))
    assert match is not None
    assert f"{WAIT} 10:15." in await stranger.say(f"/lienket {match.group(1)}")
    assert await access.person_for("zalo", "zz1") is None
    clock.now += timedelta(minutes=13)  # 10:16
    assert "Đã liên kết" in await stranger.say(f"/lienket {match.group(1)}")


async def test_a_registered_account_checking_link_codes_is_limited(
    clock: Clock, media_dir: Path
) -> None:
    owner = Chat(make_engine(media_dir, clock), user_id="100", channel=Channel.TELEGRAM)
    for code in WRONG:
        assert "không đúng" in await owner.say(f"/lienket {code}")
        clock.now += timedelta(seconds=30)
    assert f"{WAIT} 10:15." in await owner.say(f"/lienket {WRONG[0]}")
    assert "Bước 1/" in await owner.say("/baocao")  # only codes wait, the rest works
