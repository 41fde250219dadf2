"""/lienket: one person, several messenger accounts; codes are single use and short-lived."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest

from handlers.texts import t
from handlers.types import Channel
from models import access
from models.demo_data import load_demo
from models.people import Identity, LinkCode
from tests.handlers.dialogue import Chat, Clock, make_engine

CODE = re.compile(r"/lienket ([A-Z0-9]{8})")


@pytest.fixture
async def clock(database_url: str) -> Clock:
    """The demo province; telegram:100 is its administrator and the post's reporter."""
    await load_demo("telegram", "100", "Hoàng Văn C")
    return Clock()


async def new_code(chat: Chat) -> str:
    """Ask for a link code and read it from the reply."""
    reply = await chat.say("/lienket")
    assert "15 phút" in reply
    match = CODE.search(reply)
    assert match is not None, reply
    return match.group(1)


async def test_a_code_links_a_new_account_once(clock: Clock, media_dir: Path) -> None:
    engine = make_engine(media_dir, clock)
    telegram = Chat(engine, user_id="100", channel=Channel.TELEGRAM)
    code = await new_code(telegram)
    zalo = Chat(engine, user_id="abc123", channel=Channel.ZALO)
    spaced = f"{code[:4].lower()} {code[4:].lower()}"
    done = await zalo.say(f"/lienket {spaced}")
    assert "Đã liên kết" in done and "Hoàng Văn C" in done and "quản trị — " in done
    person = await access.person_for("telegram", "100")
    linked = await access.person_for("zalo", "abc123")
    assert person is not None and linked is not None and linked.id == person.id
    assert "Bước 1/" in await zalo.say("/baocao")  # acts with the person's roles
    other = Chat(engine, user_id="def456", channel=Channel.ZALO)
    assert t("vi", "link_used") in await other.say(f"/lienket {code}")
    assert await access.person_for("zalo", "def456") is None
    assert t("vi", "link_same_person") in await zalo.say(f"/link {code}")


async def test_codes_expire_and_only_the_latest_one_works(clock: Clock, media_dir: Path) -> None:
    engine = make_engine(media_dir, clock)
    telegram = Chat(engine, user_id="100", channel=Channel.TELEGRAM)
    zalo = Chat(engine, user_id="abc123", channel=Channel.ZALO)
    first = await new_code(telegram)
    second = await new_code(telegram)
    assert t("vi", "link_expired") in await zalo.say(f"/lienket {first}")
    clock.now += timedelta(minutes=16)
    assert t("vi", "link_expired") in await zalo.say(f"/lienket {second}")
    assert t("vi", "link_invalid", code="ZZZZ") in await zalo.say("/lienket ZZZZ")
    assert await access.person_for("zalo", "abc123") is None
    assert await LinkCode.filter(used_at__isnull=False).count() == 0


async def test_strangers_learn_how_and_a_bare_code_also_links(
    clock: Clock, media_dir: Path
) -> None:
    engine = make_engine(media_dir, clock)
    zalo = Chat(engine, user_id="abc123", channel=Channel.ZALO)
    assert await zalo.say("/lienket") == t("vi", "link_how")
    assert "/lienket" in await zalo.say("xin chào")  # the stranger's greeting mentions it
    code = await new_code(Chat(engine, user_id="100", channel=Channel.TELEGRAM))
    assert "Đã liên kết" in await zalo.say(code)
    assert await Identity.filter(channel="zalo", external_id="abc123").count() == 1


async def test_an_account_of_another_person_is_not_merged(clock: Clock, media_dir: Path) -> None:
    engine = make_engine(media_dir, clock)
    await load_demo("zalo", "fed987", "Người khác")  # registered on its own
    code = await new_code(Chat(engine, user_id="100", channel=Channel.TELEGRAM))
    other = Chat(engine, user_id="fed987", channel=Channel.ZALO)
    assert await other.say(f"/lienket {code}") == t("vi", "link_other_person")
    mine = await access.person_for("telegram", "100")
    theirs = await access.person_for("zalo", "fed987")
    assert mine is not None and theirs is not None and mine.id != theirs.id
    assert await LinkCode.filter(code=code, used_at__isnull=True).count() == 1


async def test_asking_for_a_code_keeps_a_draft(clock: Clock, media_dir: Path) -> None:
    telegram = Chat(make_engine(media_dir, clock), user_id="100", channel=Channel.TELEGRAM)
    await telegram.say("/baocao")
    await telegram.press("type:other")
    reply = await telegram.say("/lienket")
    assert CODE.search(reply) and "Bước 2/" in reply
    assert "Bước 3/" in await telegram.say("Họp cụm dân cư")
