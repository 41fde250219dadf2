"""Typing a choice: its number, its label, or an unambiguous short form of the label."""

from __future__ import annotations

from pathlib import Path

import pytest

from handlers.choices import resolve_choice
from handlers.texts import t
from handlers.types import Channel, Incoming, Kind
from models.activity_types import ACTIVITY_TYPES
from models.conversation import ConversationState
from models.demo_data import load_demo
from tests.handlers.dialogue import Chat, Clock, make_engine

TYPE_CHOICES = [[t("vi", f"type_{code}"), f"type:{code}"] for code in ACTIVITY_TYPES]


def typed(text: str) -> Incoming:
    """A typed message, as the engine sees it before the choices are applied."""
    return Incoming(
        channel=Channel.CONSOLE, user_id="u", chat_id="u", update_key="k", kind=Kind.TEXT, text=text
    )


@pytest.mark.parametrize(
    ("text", "payload"),
    [
        ("tuyen truyen phap luat", "type:law_outreach"),  # before the first comma
        ("Tuyên truyền pháp luật, biên giới", "type:law_outreach"),
        ("tuyen truyen mieng", "type:oral_propaganda"),
        ("Kết nghĩa", "type:twinning"),
        ("tin, bai", "type:media_publication"),
        ("giao luu huu nghi", "type:border_exchange"),
        ("Đón đoàn", "type:foreign_delegation_in"),
        ("tap huan", "type:training"),
        ("5", "type:foreign_delegation_in"),
        ("hoat dong khac", "type:other"),
    ],
)
def test_short_labels_pick_their_one_choice(text: str, payload: str) -> None:
    resolved = resolve_choice(typed(text), TYPE_CHOICES)
    assert (resolved.kind, resolved.payload) == (Kind.BUTTON, payload)


@pytest.mark.parametrize(
    "text",
    [
        "tuyen truyen",  # law outreach and oral propaganda
        "giao luu",  # border exchange and cultural event
        "tuyen truyen phap l",  # not at a word boundary
        "tuyen",
        "phap luat",  # inside a label, not its start
        "99",
    ],
)
def test_ambiguous_or_partial_words_stay_typed(text: str) -> None:
    resolved = resolve_choice(typed(text), TYPE_CHOICES)
    assert (resolved.kind, resolved.text) == (Kind.TEXT, text)


@pytest.fixture
async def chat(database_url: str, media_dir: Path) -> Chat:
    await load_demo("console", "u1", "Nguyễn Văn A")
    return Chat(make_engine(media_dir, Clock()))


async def step_of(chat: Chat) -> str:
    row = await ConversationState.get(channel=chat.channel.value, external_id=chat.user_id)
    return row.step


async def test_typed_short_activity_type_is_chosen(chat: Chat) -> None:
    await chat.say("/baocao")
    assert "Bước 1/" in await chat.say("tuyen truyen")  # two types start so: asked again
    assert await step_of(chat) == "activity_type"
    assert "Bước 2/" in await chat.say("tuyen truyen phap luat")
    assert await step_of(chat) == "title"
    row = await ConversationState.get(channel=chat.channel.value, external_id=chat.user_id)
    assert row.data["draft"]["activity_type"] == "law_outreach"


async def test_typed_short_confirmation_keeps_the_doubtful_point(chat: Chat) -> None:
    await chat.say("/baocao")
    await chat.press("type:exhibition")
    for answer in ("Triển lãm Hoàng Sa", "hôm qua", "Nhà văn hoá"):
        await chat.say(answer)
    assert "ngoài lãnh thổ" in await chat.location(48.85, 2.35)
    await chat.say("đúng")  # short for «Đúng, dùng điểm này»
    assert await step_of(chat) == "figure"
    row = await ConversationState.get(channel=chat.channel.value, external_id=chat.user_id)
    assert row.data["draft"]["location"]["latitude"] == 48.85
