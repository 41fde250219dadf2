"""Conversation state and update keys, read and written inside the caller's transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F

from models.conversation import ConversationState, FailedUpdate, ProcessedUpdate


async def was_processed(channel: str, update_key: str) -> bool:
    """Cheap pre-check so a redelivered photo is not downloaded again."""
    return await ProcessedUpdate.filter(channel=channel, update_key=update_key).exists()


async def claim_update(channel: str, update_key: str) -> bool:
    """Record the update key; False if another delivery already claimed it.

    The unique constraint decides, so two workers racing on one update cannot both win. On
    PostgreSQL the failed insert aborts the transaction, so the caller must stop on False.
    """
    try:
        await ProcessedUpdate.create(channel=channel, update_key=update_key)
    except IntegrityError:
        return False
    return True


async def peek_step(channel: str, external_id: str) -> str | None:
    """The current step without locking, to decide whether a photo is worth downloading."""
    row = await ConversationState.filter(channel=channel, external_id=external_id).first()
    return row.step if row else None


async def load_state(channel: str, external_id: str) -> ConversationState:
    """Fetch (locking it where the database can) or create the account's state row."""
    state = (
        await ConversationState.filter(channel=channel, external_id=external_id)
        .select_for_update()
        .first()
    )
    if state is None:
        state = await ConversationState.create(
            channel=channel, external_id=external_id, step="idle", data={}
        )
    return state


async def save_state(state: ConversationState, step: str, data: dict[str, Any]) -> None:
    """Persist the step and draft in the update's transaction."""
    state.step = step
    state.data = data
    await state.save(update_fields=["step", "data", "updated_at"])


async def record_failure(channel: str, update_key: str, error_class: str, now: datetime) -> int:
    """Count one more failed delivery of an update (outside its rolled-back transaction);
    returns how many deliveries have failed so far. Two workers racing on the first failure
    meet at the unique key, and the loser counts on the winner's row."""
    changes = {"attempts": F("attempts") + 1, "last_failed_at": now, "error_class": error_class}
    if await FailedUpdate.filter(channel=channel, update_key=update_key).update(**changes):
        return await _attempts(channel, update_key)
    try:
        await FailedUpdate.create(
            channel=channel,
            update_key=update_key,
            error_class=error_class,
            first_failed_at=now,
            last_failed_at=now,
        )
    except IntegrityError:
        await FailedUpdate.filter(channel=channel, update_key=update_key).update(**changes)
    return await _attempts(channel, update_key)


async def _attempts(channel: str, update_key: str) -> int:
    row = await FailedUpdate.get(channel=channel, update_key=update_key)
    return row.attempts


async def give_up_update(channel: str, update_key: str) -> bool:
    """Claim a failing update as handled so no delivery runs it again; False if another
    delivery already claimed it (then it was answered there)."""
    if not await claim_update(channel, update_key):
        return False
    await FailedUpdate.filter(channel=channel, update_key=update_key).update(given_up=True)
    return True


async def failed_updates(limit: int = 100) -> list[FailedUpdate]:
    """The most recent failures first, for operators."""
    return await FailedUpdate.all().order_by("-last_failed_at", "-id").limit(limit)
