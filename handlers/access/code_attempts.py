"""Invite and link codes: an account that keeps typing wrong ones waits before the next try."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Protocol

from handlers.turn import Turn
from models import attempts


def _next_minute(moment: datetime) -> datetime:
    """Round up, so "thử lại sau 10:15" is never a minute when it still waits."""
    floor = moment.replace(second=0, microsecond=0)
    return floor if floor == moment else floor + timedelta(minutes=1)


async def must_wait(turn: Turn) -> bool:
    """Say until when the account waits, if it has used up its wrong codes; checked before
    any code is looked up, so a guessing run learns nothing while it waits."""
    msg = turn.msg
    until = await attempts.may_try_again_at(msg.channel.value, msg.user_id, turn.now)
    if until is None:
        return False
    shown = _next_minute(until).astimezone(turn.config.tz).strftime("%H:%M")
    turn.say("code_wait", count=attempts.WRONG_CODES_ALLOWED, time=shown)
    return True


async def count_wrong_code(turn: Turn) -> None:
    """Count a code that matches nothing (expired or used codes are real, not guesses)."""
    await attempts.record_wrong_code(turn.msg.channel.value, turn.msg.user_id, turn.now)


class OneTimeCode(Protocol):
    """What invites and link codes have in common: used once, before they expire."""

    used_at: datetime | None
    expires_at: datetime


def refused_key(code: OneTimeCode, now: datetime, texts: str) -> str | None:
    """The catalogue key ("invite_used", "link_expired"…) saying why a code that exists
    cannot be used now, or None when it can."""
    if code.used_at is not None:
        return f"{texts}_used"
    if code.expires_at <= now:
        return f"{texts}_expired"
    return None
