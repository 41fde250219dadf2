"""/moi: administrators create invite codes for units within their own subtree."""

from __future__ import annotations

from handlers.filing.answers import pressed, take_text
from handlers.filing.card import format_day
from handlers.steps import Step
from handlers.turn import Turn
from handlers.types import Button
from models import access, directory
from models.people import Role

MAX_UNIT_BUTTONS = 12


async def start_invite(turn: Turn) -> Step:
    """Only admins; then which unit."""
    if turn.access is None or not turn.access.units_with(Role.ADMIN):
        turn.say("invite_not_admin")
        return Step.IDLE
    return await ask_invite_unit(turn)


async def ask_invite_unit(turn: Turn) -> Step:
    """Units of the admin's subtrees as buttons (the first few); any code may be typed."""
    units = []
    for top in turn.access.units_with(Role.ADMIN) if turn.access else []:
        units += [u for u in await directory.subtree(top) if u not in units]
    rows = [[Button(u.name, f"invite_unit:{u.id}")] for u in units[:MAX_UNIT_BUTTONS]]
    turn.ask(turn.text("ask_invite_unit"), rows)
    return Step.INVITE_UNIT


async def received_invite_unit(turn: Turn) -> Step:
    """A unit button or a typed unit code, checked against the admin's scope."""
    chosen = pressed(turn, "invite_unit:")
    if chosen is not None:
        unit = await directory.get_unit(int(chosen)) if chosen.isdigit() else None
        typed = chosen
    else:
        typed = await take_text(turn, Step.INVITE_UNIT, 64, ask_again=ask_invite_unit)
        if typed is None:
            return Step.INVITE_UNIT
        unit = await directory.get_unit_by_code(typed)
    if unit is None or turn.access is None or not turn.access.can_invite_to(unit):
        turn.say("err_unit_unknown", text=typed)
        return await ask_invite_unit(turn)
    turn.data["invite_unit"] = unit.id
    return ask_invite_role(turn)


def ask_invite_role(turn: Turn) -> Step:
    """One button per role."""
    rows = [[turn.button(f"role_{r.value}", f"invite_role:{r.value}")] for r in Role]
    turn.ask(turn.text("ask_invite_role"), rows)
    return Step.INVITE_ROLE


async def received_invite_role(turn: Turn) -> Step:
    """Create the code and show it with its expiry."""
    role_name = pressed(turn, "invite_role:")
    unit_id = turn.data.get("invite_unit")
    unit = await directory.get_unit(unit_id) if unit_id else None
    if role_name not in {r.value for r in Role} or unit is None:
        turn.say("err_expected_choice")
        return ask_invite_role(turn) if unit else await ask_invite_unit(turn)
    if turn.access is None or not turn.access.can_invite_to(unit):
        turn.say("invite_not_admin")
        turn.clear()
        return Step.IDLE
    invite = await access.create_invite(
        unit, Role(role_name), turn.person, turn.now, turn.config.invite_valid_days
    )
    turn.clear()
    expires = format_day(invite.expires_at.astimezone(turn.config.tz))
    role = turn.text(f"role_{role_name}")
    turn.say("invite_created", code=invite.code, unit=unit.name, role=role, expires=expires)
    return Step.IDLE
