"""A real engine with one bug planted: the message "poison" always crashes its step, after
the step already wrote something (so the test sees that the rollback holds)."""

from __future__ import annotations

from typing import Any

from handlers.engine import Engine
from handlers.types import Incoming, Outcome
from models import state

POISON = "poison"


class PoisonedEngine(Engine):
    """Crashes inside the update's transaction on the text "poison", like a bug in a step."""

    async def _handle_in_transaction(self, msg: Incoming, *args: Any) -> Outcome:
        outcome = await super()._handle_in_transaction(msg, *args)
        if msg.text == POISON:
            await state.save_state(
                await state.load_state(msg.channel.value, msg.user_id), "title", {"half": 1}
            )
            raise ZeroDivisionError("a bug in a step")
        return outcome
