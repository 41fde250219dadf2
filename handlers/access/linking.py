"""One person, several messengers: `/lienket` shows a one-time code, `/lienket CODE` sent
from another account (Telegram or Zalo) makes that account act as the same person.

Merging two people who both registered is out of scope: an account that already belongs to
someone else is refused with an explanation.
"""

from __future__ import annotations

from datetime import timedelta

from handlers.access import code_attempts
from handlers.folding import fold
from handlers.steps import Step
from handlers.turn import Turn
from handlers.types import Incoming, Kind
from models import access

LINK_CODE_LIFETIME = timedelta(minutes=15)
LINK_COMMANDS = frozenset({"lienket", "link"})
CODE_ECHO_MAX = 16


def is_link_command(msg: Incoming) -> bool:
    """`/lienket` or `/link`, with or without a code."""
    return msg.kind is Kind.COMMAND and fold(msg.command) in LINK_COMMANDS


def link_code_in(msg: Incoming) -> str:
    """The code after the command ('ABCD-EFGH', 'abcd efgh' are the same), as stored."""
    typed = "".join(msg.args)
    return access.normalise_invite_code(typed) or typed[:CODE_ECHO_MAX]


async def received_link_command(turn: Turn) -> None:
    """From a registered account: a new code, or why a code cannot link this account."""
    assert turn.person is not None
    if not turn.msg.args:
        link = await access.create_link_code(turn.person, turn.now, LINK_CODE_LIFETIME)
        minutes = int(LINK_CODE_LIFETIME.total_seconds() // 60)
        turn.say("link_code_created", code=link.code, minutes=minutes)
        return
    if await code_attempts.must_wait(turn):
        return
    code = link_code_in(turn.msg)
    link = await access.find_link_code(code)
    if link is None:
        await code_attempts.count_wrong_code(turn)
        turn.say("link_invalid", code=code)
    elif link.person.id == turn.person.id:
        turn.say("link_same_person")
    else:
        turn.say("link_other_person")


async def received_link_from_stranger(turn: Turn) -> Step:
    """From an unregistered account: link it with the code, or explain how to get one."""
    if not turn.msg.args:
        turn.say("link_how")
        return Step.IDLE
    if await code_attempts.must_wait(turn):
        return Step.IDLE
    return await link_account(turn, link_code_in(turn.msg))


async def link_account(turn: Turn, code: str) -> Step:
    """Add this (unregistered) account to the code's person: once, before it expires.
    Callers have checked that the account need not wait (code_attempts.must_wait)."""
    link = await access.find_link_code(code)
    if link is None:
        await code_attempts.count_wrong_code(turn)
        turn.say("link_invalid", code=code)
        return Step.IDLE
    refused = code_attempts.refused_key(link, turn.now, "link")
    if refused is not None:
        turn.say(refused)
        return Step.IDLE
    msg = turn.msg
    if not await access.claim_link_code(link, msg.channel.value, turn.now):
        turn.say("link_used")
        return Step.IDLE
    person = link.person
    await access.add_identity(person, msg.channel.value, msg.user_id)
    turn.person = person
    turn.lang = person.language
    turn.access = await access.access_of(person)
    roles = [
        f"{turn.text(f'role_{m.role.value}')} — {m.unit.name}" for m in turn.access.memberships
    ]
    name = person.display_name or msg.display_name
    turn.say("link_done", name=name, roles="; ".join(roles) or turn.text("link_no_roles"))
    return Step.IDLE
