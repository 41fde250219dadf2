"""Joining by invite code: deep link `/start CODE` or the code typed as a message."""

from __future__ import annotations

from handlers.access import code_attempts, linking
from handlers.access.guidance import what_you_can_do
from handlers.steps import Step
from handlers.turn import Turn
from handlers.types import Kind
from models import access


async def received_from_stranger(turn: Turn) -> Step:
    """An unregistered account may only redeem an invite or link itself to a registered
    person (`/lienket CODE`); anything else explains how."""
    if linking.is_link_command(turn.msg):
        return await linking.received_link_from_stranger(turn)
    code = invite_code_in(turn)
    if code:
        return await redeem(turn, code)
    turn.say("unknown_person")
    return Step.IDLE


def invite_code_in(turn: Turn) -> str | None:
    """The invite code in `/start CODE` or a bare typed code."""
    msg = turn.msg
    if msg.kind is Kind.COMMAND and msg.command in ("start", "batdau") and msg.args:
        return access.normalise_invite_code(msg.args[0]) or msg.args[0][:16]
    if msg.kind is Kind.TEXT:
        return access.normalise_invite_code(msg.text)
    return None


async def redeem(turn: Turn, code: str) -> Step:
    """Bind this account to the invite's unit and role, once, before it expires."""
    if await code_attempts.must_wait(turn):
        return Step.IDLE
    invite = await access.find_invite(code)
    if invite is None and turn.person is None and await access.find_link_code(code):
        return await linking.link_account(turn, code)  # a link code typed without /lienket
    if invite is None:
        await code_attempts.count_wrong_code(turn)
        turn.say("invite_invalid", code=code)
        return Step.IDLE
    refused = code_attempts.refused_key(invite, turn.now, "invite")
    if refused is not None:
        turn.say(refused)
        return Step.IDLE
    msg = turn.msg
    person = turn.person or await access.register_identity(
        msg.channel.value, msg.user_id, msg.display_name, turn.config.default_language
    )
    if not await access.claim_invite(invite, person, turn.now):
        turn.say("invite_used")
        return Step.IDLE
    await access.grant(person, invite.unit, invite.role)
    turn.person = person
    turn.lang = person.language
    turn.access = await access.access_of(person)
    name = person.display_name or msg.display_name
    role = turn.text(f"role_{invite.role.value}")
    guide = await what_you_can_do(turn)  # every role now held, this one included
    turn.say("welcome", name=name, role=role, unit=invite.unit.name, guide=guide)
    return Step.IDLE
