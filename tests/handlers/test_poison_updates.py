"""An update that always fails is answered once and recorded, never looped on for ever."""

from __future__ import annotations

from pathlib import Path

import pytest

from handlers.config import HandlerConfig
from handlers.filing.photo_intake import PhotoIntake
from handlers.texts import t
from handlers.types import Channel, Kind
from media import PhotoLimits
from models import state
from models.conversation import ConversationState, FailedUpdate, ProcessedUpdate
from models.demo_data import load_demo
from tests.handlers.dialogue import Chat, Clock
from tests.handlers.poison import POISON, PoisonedEngine

APOLOGY = t("vi", "err_try_again")


@pytest.fixture
async def chat(database_url: str, media_dir: Path) -> Chat:
    await load_demo("telegram", "u1", "Nguyễn Văn A")
    engine = PoisonedEngine(
        HandlerConfig(clock=Clock()), PhotoIntake.local(str(media_dir), PhotoLimits())
    )
    return Chat(engine, channel=Channel.TELEGRAM)


async def test_a_redelivered_poison_fails_twice_then_is_answered_once(chat: Chat) -> None:
    """Webhooks: deliveries 1 and 2 raise (HTTP 500, nothing kept), the 3rd apologises once
    and claims the update, so the 4th is a duplicate."""
    await chat.say("/baocao")
    poison = chat.incoming(Kind.TEXT, "upd-7", text=POISON)
    for delivery in (1, 2):
        with pytest.raises(ZeroDivisionError):
            await chat.engine.handle(poison)
        row = await FailedUpdate.get(update_key="upd-7")
        assert (row.attempts, row.given_up) == (delivery, False)
        assert not await ProcessedUpdate.filter(update_key="upd-7").exists()
    third = await chat.engine.handle(poison)
    assert [r.text for r in third.replies] == [APOLOGY]
    assert (await chat.engine.handle(poison)).duplicate
    row = await FailedUpdate.get(update_key="upd-7")
    assert (row.channel, row.error_class, row.attempts, row.given_up) == (
        "telegram",
        "ZeroDivisionError",
        3,
        True,
    )
    assert POISON not in str(row.__dict__), "no message content is recorded"
    conversation = await ConversationState.get(external_id="u1")
    assert conversation.step == "activity_type", "the poison's own writes were rolled back"
    assert "Bước 1/" in await chat.say("/trogiup"), "and the draft still answers"


async def test_without_redelivery_the_first_failure_is_answered(chat: Chat) -> None:
    """Polling and the console never see the update again: give up at once."""
    outcome = await chat.engine.handle(
        chat.incoming(Kind.TEXT, "upd-9", text=POISON), redelivered=False
    )
    assert [r.text for r in outcome.replies] == [APOLOGY]
    assert outcome.step == "failed"
    row = await FailedUpdate.get(update_key="upd-9")
    assert (row.attempts, row.given_up) == (1, True)
    assert "Bước 1/" in await chat.say("/baocao"), "the conversation goes on"


async def test_failures_are_listed_newest_first(chat: Chat) -> None:
    for key in ("a", "b"):
        await chat.engine.handle(chat.incoming(Kind.TEXT, key, text=POISON), redelivered=False)
    assert [row.update_key for row in await state.failed_updates()] == ["b", "a"]
