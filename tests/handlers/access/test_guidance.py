"""What people are told they can do: by their roles, with examples that work when typed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from handlers.types import Channel
from models import access, directory
from models.demo_data import load_demo
from models.people import Role
from tests.handlers.dialogue import Chat, Clock, make_engine

SUMMARY_EXAMPLE = re.compile(r"vd: (/tonghop [^\n]+)")


@pytest.fixture
async def clock(database_url: str) -> Clock:
    await load_demo("console", "admin", "Quản trị")
    return Clock()


async def joined(clock: Clock, media_dir: Path, user: str, *grants: tuple[str, Role]) -> Chat:
    """A new user who redeemed one invite per grant; the last reply is the last welcome."""
    chat = Chat(make_engine(media_dir, clock), user_id=user, channel=Channel.TELEGRAM)
    for unit_code, role in grants:
        unit = await directory.get_unit_by_code(unit_code)
        assert unit is not None
        code = (await access.create_invite(unit, role, None, clock.now, 7)).code
        await chat.say(f"/start {code}")
    return chat


def commands_in(text: str) -> set[str]:
    """The commands a text tells about."""
    return set(re.findall(r"/(baocao|cuatoi|tonghop|moi)\b", text))


async def test_a_reporter_is_welcomed_with_the_report_command(
    clock: Clock, media_dir: Path
) -> None:
    chat = await joined(clock, media_dir, "r1", ("LS-XA-DD", Role.REPORTER))
    welcome = chat.text(chat.last)
    assert "đã được đăng ký: người báo cáo — Xã Đồng Đăng" in welcome
    assert commands_in(welcome) == {"baocao", "cuatoi"}
    assert commands_in(await chat.say("xin chào")) == {"baocao", "cuatoi"}


@pytest.mark.parametrize("role", [Role.COMMITTEE, Role.REVIEWER])
async def test_readers_are_welcomed_with_a_summary_example(
    clock: Clock, media_dir: Path, role: Role
) -> None:
    chat = await joined(clock, media_dir, "c1", ("LS-BDBP", role))
    welcome = chat.text(chat.last)
    assert commands_in(welcome) == {"tonghop"}
    assert SUMMARY_EXAMPLE.search(welcome)
    assert commands_in(await chat.say("xin chào")) == {"tonghop"}


async def test_an_admin_is_also_told_about_invites(clock: Clock, media_dir: Path) -> None:
    chat = await joined(clock, media_dir, "a1", ("LS-BDBP", Role.ADMIN))
    assert commands_in(chat.text(chat.last)) == {"tonghop", "moi"}


async def test_several_roles_get_each(clock: Clock, media_dir: Path) -> None:
    grants = (("LS-DBP-TT", Role.REPORTER), ("LS-BDBP", Role.COMMITTEE))
    chat = await joined(clock, media_dir, "m1", *grants)
    assert commands_in(chat.text(chat.last)) == {"baocao", "cuatoi", "tonghop"}
    assert commands_in(await chat.say("/start")) == {"baocao", "cuatoi", "tonghop"}


async def test_help_lists_what_the_roles_allow(clock: Clock, media_dir: Path) -> None:
    committee = await joined(clock, media_dir, "c2", ("LS-BDBP", Role.COMMITTEE))
    text = await committee.say("/trogiup")
    assert commands_in(text) == {"tonghop"} and "/huy" in text and "/lienket" in text
    reporter = await joined(clock, media_dir, "r2", ("LS-XA-TT", Role.REPORTER))
    assert "moi" not in commands_in(await reporter.say("/trogiup"))
    admin = Chat(make_engine(media_dir, clock), user_id="admin")
    assert commands_in(await admin.say("/trogiup")) == {"baocao", "cuatoi", "tonghop", "moi"}


async def test_the_welcome_stays_short(clock: Clock, media_dir: Path) -> None:
    grants = (("LS-DBP-TT", Role.REPORTER), ("LS", Role.ADMIN))
    chat = await joined(clock, media_dir, "m2", *grants)
    assert len(chat.text(chat.last)) <= 400


async def test_a_readers_summary_example_names_a_unit_of_their_subtree(
    clock: Clock, media_dir: Path
) -> None:
    chat = await joined(clock, media_dir, "c3", ("LS-BDBP", Role.COMMITTEE))
    example = SUMMARY_EXAMPLE.search(chat.text(chat.last))
    assert example
    subtree = await directory.subtree(await directory.get_unit_by_code("LS-BDBP"))
    assert any(u.name in example.group(1) for u in subtree)
    answer = await chat.say(example.group(1))
    assert "TỔNG HỢP" in answer and "Không tìm thấy" not in answer


async def test_every_example_shown_to_the_demo_admin_names_a_unit_that_exists(
    clock: Clock, media_dir: Path
) -> None:
    engine = make_engine(media_dir, clock)
    admin = Chat(engine, user_id="admin")
    sentences = SUMMARY_EXAMPLE.findall(await admin.say("/trogiup"))
    sentences += SUMMARY_EXAMPLE.findall(await admin.say("xin chào"))
    assert sentences
    for sentence in sentences:
        answer = await admin.say(sentence)
        assert "TỔNG HỢP" in answer and "Không tìm thấy" not in answer, sentence
    await admin.say("/tonghop")
    question = await admin.press("sum_period:2026H2")
    assert "đơn vị nào" in question
    names = question.split("vd: ", 1)[1].rstrip(".").split(", ")
    assert len(names) >= 2
    for name in names:
        await admin.say("/tonghop")
        await admin.press("sum_period:2026H2")
        answer = await admin.say(name)
        assert "TỔNG HỢP" in answer and "Không tìm thấy" not in answer, name
