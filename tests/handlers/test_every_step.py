"""Every step a person can reach, interrupted by every command: nothing crashes, nothing is
lost, and the pending question comes back.

The guard for the crash at "dùng vị trí này?" (a KeyError for each command there): a step
added to `Step` without a way to reach it here, or without a way to be asked again, fails.
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from handlers.commands import COMMAND_NAMES, QUESTION_STEPS, REASK, REASK_COMMAND
from handlers.steps import FILING_STEPS, Step
from handlers.types import Kind, Reply
from models import access, directory
from models.conversation import ConversationState
from models.demo_data import load_demo
from models.people import Role
from tests.handlers.dialogue import Chat, Clock, make_engine
from tests.media.images import encode, scene

SAMPLES = Path(
    os.environ.get("SAMPLES_DIR") or Path(__file__).resolve().parents[3] / "shared/samples/photos"
)
Reach = Callable[[Chat], Awaitable[None]]


async def _report(chat: Chat, kind: str = "border_exchange") -> None:
    await chat.say("/baocao")
    await chat.press(f"type:{kind}")


async def _to_title(chat: Chat) -> None:
    await _report(chat)


async def _to_date(chat: Chat) -> None:
    await _to_title(chat)
    await chat.say("Giao lưu với trạm bạn")


async def _to_place(chat: Chat) -> None:
    await _to_date(chat)
    await chat.press("date:0")


async def _to_location(chat: Chat) -> None:
    await _to_place(chat)
    await chat.say("Cửa khẩu Hữu Nghị")


async def _to_figure(chat: Chat) -> None:
    await _to_location(chat)
    await chat.press("loc:skip")


async def _to_counterpart(chat: Chat) -> None:
    await _to_figure(chat)
    await chat.say("20")
    await chat.say("15")


async def _to_country(chat: Chat) -> None:
    await _to_counterpart(chat)
    await chat.say("Trạm kiểm soát Hữu Nghị Quan")


async def _to_description(chat: Chat) -> None:
    await _to_country(chat)
    await chat.press("country:CN")


async def _to_photos(chat: Chat) -> None:
    await _to_description(chat)
    await chat.press("desc:skip")


async def _to_review(chat: Chat) -> None:
    await _to_photos(chat)
    await chat.photo(encode(scene(160, 120, 3), "JPEG"))
    await chat.say("xong")


async def _to_edit_pick(chat: Chat) -> None:
    await _to_review(chat)
    await chat.press("review:edit")


async def _to_languages(chat: Chat) -> None:
    await _report(chat, "law_outreach")
    await chat.say("Tuyên truyền Luật Biên phòng")
    await chat.press("date:0")
    await chat.say("Chợ cửa khẩu")
    await chat.press("loc:skip")
    await chat.say("2")
    await chat.say("80")


async def _to_confirm_location(chat: Chat) -> None:
    await _to_location(chat)
    await chat.location(48.85, 2.35)  # Paris: "is this really right?"


async def _to_confirm_date(chat: Chat) -> None:
    await _to_date(chat)
    await chat.say("05/10/2024")  # more than a year ago: confirmed first


async def _to_photo_location(chat: Chat) -> None:
    await _to_photos(chat)
    await chat.photo((SAMPLES / "gps_DSCN0010.jpg").read_bytes(), key=None)
    await chat.say("xong")  # the location was skipped and the photo knows one


async def _to_choose_unit(chat: Chat) -> None:
    second = await directory.get_unit_by_code("LS-DBP-TT")
    person = await access.person_for("console", chat.user_id)
    assert second and person
    await access.grant(person, second, Role.REPORTER)
    await chat.say("/baocao")


async def _to_withdraw_reason(chat: Chat) -> None:
    await _to_review(chat)
    await chat.press("review:submit")
    await chat.say("/cuatoi")
    withdraw = next(p for p in chat.payloads() if p.startswith("withdraw:"))
    await chat.press(withdraw)


async def _to_review_return_reason(chat: Chat) -> None:
    """Another reporter of the post files; u1 (the province's admin) returns it."""
    author = Chat(chat.engine, user_id="author2")
    person = await access.register_identity("console", "author2", "Trung uý Hà", "vi")
    post = await directory.get_unit_by_code("LS-DBP-HN")
    assert post is not None
    await access.grant(person, post, Role.REPORTER)
    await _to_review(author)
    await author.press("review:submit")
    await chat.say("/xem")
    await chat.press(next(p for p in chat.payloads() if p.startswith("rv:open:")))
    await chat.press(next(p for p in chat.payloads() if p.startswith("rv:ret:")))


async def _to_invite_unit(chat: Chat) -> None:
    await chat.say("/moi")


async def _to_invite_role(chat: Chat) -> None:
    await _to_invite_unit(chat)
    await chat.press(chat.payloads()[0])


async def _to_summary_period(chat: Chat) -> None:
    await chat.say("/tonghop")


async def _to_summary_scope(chat: Chat) -> None:
    await _to_summary_period(chat)
    await chat.press(chat.payloads()[0])


async def _idle(chat: Chat) -> None:
    await chat.say("xin chào")


REACH: dict[Step, Reach] = {
    Step.IDLE: _idle,
    Step.CHOOSE_UNIT: _to_choose_unit,
    Step.ACTIVITY_TYPE: lambda chat: chat.say("/baocao"),  # type: ignore[dict-item]
    Step.TITLE: _to_title,
    Step.DATE: _to_date,
    Step.CONFIRM_DATE: _to_confirm_date,
    Step.PLACE_NAME: _to_place,
    Step.LOCATION: _to_location,
    Step.CONFIRM_LOCATION: _to_confirm_location,
    Step.FIGURE: _to_figure,
    Step.COUNTERPART: _to_counterpart,
    Step.COUNTRY: _to_country,
    Step.LANGUAGES: _to_languages,
    Step.DESCRIPTION: _to_description,
    Step.PHOTOS: _to_photos,
    Step.PHOTO_LOCATION: _to_photo_location,
    Step.REVIEW: _to_review,
    Step.EDIT_PICK: _to_edit_pick,
    Step.WITHDRAW_REASON: _to_withdraw_reason,
    Step.INVITE_UNIT: _to_invite_unit,
    Step.INVITE_ROLE: _to_invite_role,
    Step.SUMMARY_PERIOD: _to_summary_period,
    Step.SUMMARY_SCOPE: _to_summary_scope,
    Step.REVIEW_RETURN_REASON: _to_review_return_reason,
}
INTERRUPTIONS = [
    *(f"/{name}" for name in COMMAND_NAMES if name != REASK_COMMAND),
    "/khongco",  # unknown
    "/ trogiup",  # a space after the slash
    "tro giup",
    "/start ABCD-EFGH",  # a code that does not exist
]
SAFE = [i for i in INTERRUPTIONS if i not in ("/huy", "/cancel")]


def test_every_step_can_be_reached_here_and_asked_again() -> None:
    assert set(REACH) == set(Step), "add a way to reach the new step to REACH"
    for step in Step:
        assert step in REASK or step in QUESTION_STEPS, f"{step} cannot be asked again"


@pytest.fixture
async def chat(database_url: str, media_dir: Path) -> Chat:
    await load_demo("console", "u1", "Nguyễn Văn A")
    return Chat(make_engine(media_dir, Clock()))


async def _state(chat: Chat) -> ConversationState:
    return await ConversationState.get(channel="console", external_id=chat.user_id)


async def _interrupt(chat: Chat, line: str) -> list[Reply]:
    """A command as typed; "/ word" arrives as plain text (the engine reads it as /word)."""
    if line.startswith("/ "):
        return await chat.deliver(chat.incoming(Kind.TEXT, text=line))
    await chat.say(line)
    return chat.last


@pytest.mark.parametrize("step", list(Step), ids=lambda s: s.value)
async def test_every_command_at_every_step(chat: Chat, step: Step) -> None:
    await REACH[step](chat)
    before = await _state(chat)
    assert before.step == step.value, f"the path did not reach {step}: {chat.text(chat.last)}"
    draft = before.data.get("draft")
    for interruption in SAFE:
        replies = await _interrupt(chat, interruption)
        assert replies and all(r.text or r.photo for r in replies), interruption
        now = await _state(chat)
        if step in FILING_STEPS:
            assert now.data.get("draft") == draft, f"{interruption} changed the draft"
            assert now.step == step.value, f"{interruption} left {step} for {now.step}"
        elif now.step != step.value:  # e.g. /baocao ends a half-asked summary: go back
            await chat.say("/huy")
            await REACH[step](chat)
    assert await chat.say("/huy")
    assert (await _state(chat)).step == "idle"
    too_long = [
        b.payload for r in chat.transcript for b in r.choices() if len(b.payload.encode()) > 64
    ]
    assert not too_long, "Telegram refuses callback data over 64 bytes"


async def test_help_at_the_photo_point_offer_offers_it_again(chat: Chat) -> None:
    """The crash itself: any command at "dùng vị trí này?" raised KeyError."""
    await _to_photo_location(chat)
    for line in ("/trogiup", "/baocao", "/khongco"):
        await chat.say(line)
        assert "photoloc:yes" in chat.payloads(), line
    assert "Kiểm tra báo cáo" in await chat.press("photoloc:no")
