"""Invites: deep link or typed code, single use, expiry, scope; strangers are told what to do."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from handlers.types import Channel
from models import access, directory
from models.demo_data import load_demo
from models.people import Membership, Role
from tests.handlers.dialogue import Chat, Clock, make_engine


@pytest.fixture
async def clock(database_url: str) -> Clock:
    await load_demo("console", "admin", "Quản trị")
    return Clock()


async def invite(unit_code: str, role: Role, clock: Clock, days: int = 7) -> str:
    unit = await directory.get_unit_by_code(unit_code)
    assert unit is not None
    return (await access.create_invite(unit, role, None, clock.now, days)).code


async def test_stranger_is_told_how_to_join(clock: Clock, media_dir: Path) -> None:
    stranger = Chat(make_engine(media_dir, clock), user_id="999", channel=Channel.TELEGRAM)
    for attempt in ("/baocao", "xin chào", "/cuatoi"):
        assert "chưa được đăng ký" in await stranger.say(attempt)
    assert await access.person_for("telegram", "999") is None


async def test_deep_link_registers_once(clock: Clock, media_dir: Path) -> None:
    engine = make_engine(media_dir, clock)
    code = await invite("LS-XA-DD", Role.REPORTER, clock)
    first = Chat(engine, user_id="111", channel=Channel.TELEGRAM, name="Lò Văn B")
    assert (
        "Chào Lò Văn B! Đồng chí đã được đăng ký: người báo cáo — Xã Đồng Đăng"
        in await first.say(f"/start {code}")
    )
    second = Chat(engine, user_id="222", channel=Channel.TELEGRAM)
    assert "đã được dùng" in await second.say(f"/start {code}")
    assert await access.person_for("telegram", "222") is None
    assert "Bước 1/" in await first.say("/baocao")


async def test_typed_code_works_with_spaces_and_lowercase(clock: Clock, media_dir: Path) -> None:
    code = await invite("LS-XA-TT", Role.COMMITTEE, clock)
    chat = Chat(make_engine(media_dir, clock), user_id="333", channel=Channel.ZALO)
    reply = await chat.say(f"{code[:4].lower()} {code[4:].lower()}")
    assert "thành viên Ban Chỉ đạo" in reply
    person = await access.person_for("zalo", "333")
    assert person is not None
    memberships = await Membership.filter(person=person).prefetch_related("unit")
    assert [(m.role, m.unit.code) for m in memberships] == [(Role.COMMITTEE, "LS-XA-TT")]


async def test_expired_and_wrong_codes(clock: Clock, media_dir: Path) -> None:
    code = await invite("LS-XA-DD", Role.REPORTER, clock, days=1)
    clock.now += timedelta(days=1, seconds=1)
    chat = Chat(make_engine(media_dir, clock), user_id="444", channel=Channel.TELEGRAM)
    assert "hết hạn" in await chat.say(f"/start {code}")
    assert "không đúng" in await chat.say("/start ABCD2345")
    assert await access.person_for("telegram", "444") is None


async def test_admin_invites_by_chat_within_subtree_only(clock: Clock, media_dir: Path) -> None:
    engine = make_engine(media_dir, clock)
    admin = Chat(engine, user_id="admin")
    assert "Mời vào đơn vị nào" in await admin.say("/moi")
    post = await directory.get_unit_by_code("LS-DBP-TT")
    assert post is not None
    await admin.press(f"invite_unit:{post.id}")
    assert "invite_role:reporter" in admin.payloads()
    reply = await admin.press("invite_role:reporter")
    code = reply.split("Mã mời: ")[1].split()[0]
    assert len(code) == 8 and "Hết hạn: 27/11/2026" in reply
    newcomer = Chat(engine, user_id="555", channel=Channel.TELEGRAM)
    assert "Đồn Biên phòng Tân Thanh" in await newcomer.say(f"/start {code}")
    assert "Chỉ quản trị viên" in await newcomer.say("/moi")


async def test_admin_of_a_post_cannot_invite_to_the_province(clock: Clock, media_dir: Path) -> None:
    post = await directory.get_unit_by_code("LS-DBP-HN")
    assert post is not None
    person = await access.register_identity("console", "postadmin", "Đồn trưởng", "vi")
    await access.grant(person, post, Role.ADMIN)
    chat = Chat(make_engine(media_dir, clock), user_id="postadmin")
    await chat.say("/moi")
    assert chat.payloads() == [f"invite_unit:{post.id}"]
    assert "Không tìm thấy đơn vị «LS»" in await chat.say("LS")


async def test_today_is_the_vietnamese_date(database_url: str, media_dir: Path) -> None:
    """06:30 in Hà Nội is 23:30 the previous day in UTC: 'Hôm nay' is the Vietnamese day."""
    await load_demo("console", "u1", "A")
    clock = Clock(datetime(2026, 11, 19, 23, 30, tzinfo=UTC))
    chat = Chat(make_engine(media_dir, clock))
    await chat.say("/baocao")
    await chat.press("type:other")
    await chat.say("Họp sáng")
    await chat.press("date:0")
    assert "20/11/2026" not in (await chat.say("Đồn"))  # place question, no date shown yet
    await chat.press("loc:skip")
    await chat.say("Nội dung")
    card = await chat.press("photos:done")
    assert "Ngày: 20/11/2026" in card
    assert "ngày tương lai" not in await chat.say("/huy")
    await chat.say("/baocao")
    await chat.press("type:other")
    await chat.say("Họp")
    assert "Bước 4/" in await chat.say("20/11/2026"), "20/11 is today in Vietnam, not the future"
