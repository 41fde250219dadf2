"""Wrong invite and link codes per account: a few guesses are fine, a guessing run waits."""

from __future__ import annotations

from datetime import datetime, timedelta

from models.conversation import CodeAttempt

WRONG_CODES_ALLOWED = 5
WRONG_CODE_WINDOW = timedelta(minutes=15)


async def may_try_again_at(channel: str, external_id: str, now: datetime) -> datetime | None:
    """When the account may type a code again, or None if it may now.

    One query on the (channel, external_id, attempted_at) index that reads at most five
    timestamps: the account waits until the fifth latest wrong code leaves the window.
    """
    latest = (
        await CodeAttempt.filter(
            channel=channel, external_id=external_id, attempted_at__gt=now - WRONG_CODE_WINDOW
        )
        .order_by("-attempted_at")
        .limit(WRONG_CODES_ALLOWED)
        .values_list("attempted_at", flat=True)
    )
    if len(latest) < WRONG_CODES_ALLOWED:
        return None
    return latest[-1] + WRONG_CODE_WINDOW  # type: ignore[operator]


async def record_wrong_code(channel: str, external_id: str, now: datetime) -> None:
    """Count a code that matches nothing; the account's rows older than the window go, so the
    table holds at most a few rows per account."""
    await CodeAttempt.filter(
        channel=channel, external_id=external_id, attempted_at__lte=now - WRONG_CODE_WINDOW
    ).delete()
    await CodeAttempt.create(channel=channel, external_id=external_id, attempted_at=now)
