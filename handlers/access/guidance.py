"""What a person can do, by role: the welcome, the idle hint and /trogiup say only that.

Readers are not sent to /baocao (they do not file), and every example names a unit the person
can see, so typing the example as shown works.
"""

from __future__ import annotations

from handlers.turn import Turn
from handlers.types import Reply
from models.people import Role
from models.scope import default_scope, reader_roots, visible_units
from models.units import Unit

READER_ROLES = frozenset({Role.REVIEWER, Role.COMMITTEE, Role.ADMIN})
EXAMPLE_UNITS = 2  # a short line on a cheap phone


def roles_of(turn: Turn) -> set[Role]:
    """The roles the person holds in any unit."""
    return {m.role for m in turn.access.memberships} if turn.access else set()


async def example_units(turn: Turn) -> list[Unit]:
    """Units to name in examples: below the person's top units, deepest first (a post, a
    commune: what people ask about), shortest name first, one of each kind."""
    if turn.access is None:
        return []
    tops = {u.id for u in reader_roots(turn.access)}
    units = [u for u in await visible_units(turn.access) if u.id not in tops]
    units.sort(key=lambda u: (-u.path.count("/"), len(u.name), u.path))
    by_kind: dict[str, Unit] = {}
    for unit in units:
        by_kind.setdefault(unit.kind, unit)
    return list(by_kind.values())[:EXAMPLE_UNITS]


def whole_word(turn: Turn) -> str:
    """'toàn tỉnh' when the top unit is a province, else 'toàn bộ' (both read as the whole)."""
    scope = default_scope(turn.access) if turn.access else None
    province = scope is not None and scope.unit.kind == "province"
    return turn.text("sum_whole_province" if province else "sum_whole")


async def scope_examples(turn: Turn) -> str:
    """What may be typed at the unit question: the whole, then units the person can see."""
    return ", ".join([whole_word(turn), *(u.name for u in await example_units(turn))])


async def summary_example(turn: Turn) -> str:
    """A /tonghop sentence that works for this person: this quarter, one of their units."""
    quarter, year = (turn.today.month - 1) // 3 + 1, turn.today.year
    if not roles_of(turn) & READER_ROLES:
        return turn.text("sum_example_own", quarter=quarter, year=year)  # own unit only
    units = await example_units(turn)
    unit = units[0].name if units else whole_word(turn)
    return turn.text("sum_example", quarter=quarter, year=year, unit=unit)


async def what_you_can_do(turn: Turn) -> str:
    """One line per kind of work the roles allow, then where the help is."""
    roles = roles_of(turn)
    lines = [turn.text("guide_report")] if Role.REPORTER in roles else []
    if roles & READER_ROLES:
        lines.append(turn.text("guide_summary", example=await summary_example(turn)))
    if Role.ADMIN in roles:
        lines.append(turn.text("guide_invite"))
    return "\n".join([*(lines or [turn.text("guide_no_roles")]), turn.text("guide_help")])


async def say_what_you_can_do(turn: Turn) -> None:
    """The idle hint."""
    turn.replies.append(Reply(text=await what_you_can_do(turn)))


async def say_help(turn: Turn) -> None:
    """/trogiup: the commands the person's roles allow, then those everyone has."""
    roles = roles_of(turn)
    lines = [turn.text("help_title")]
    if Role.REPORTER in roles:
        lines.append(turn.text("help_report"))
    if roles:  # reporters too: their own unit's figures
        lines.append(turn.text("help_summary", example=await summary_example(turn)))
    if Role.ADMIN in roles:
        lines.append(turn.text("help_invite"))
    lines.append(turn.text("help_common"))
    turn.replies.append(Reply(text="\n".join(lines)))
