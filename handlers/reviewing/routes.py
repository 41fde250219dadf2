"""Where a pressed "rv:…" button goes (open, page, history, approve, return, reopen, edit)."""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable

from handlers.filing import correction
from handlers.reviewing import decisions, history, queue
from handlers.reviewing.report_view import say_not_found, show_report
from handlers.steps import Step
from handlers.turn import Turn
from handlers.types import Kind

PREFIX = "rv:"


async def _open(turn: Turn, rest: str) -> Step:
    if rest.isdigit():
        await show_report(turn, int(rest))
    else:
        say_not_found(turn, rest)
    return Step.IDLE


async def _edit(turn: Turn, rest: str) -> Step:
    """The author's Sửa on an opened report is the command /sua N."""
    turn.msg = dataclasses.replace(turn.msg, kind=Kind.COMMAND, command="sua", args=(rest,))
    return await correction.start_correction(turn)


ROUTES: dict[str, Callable[[Turn, str], Awaitable[Step]]] = {
    "open": _open,
    "pg": queue.pressed_page,
    "hist": history.pressed_history,
    "ok": decisions.pressed_approve,
    "ret": decisions.pressed_return,
    "reopen": decisions.pressed_reopen,
    "edit": _edit,
}


async def pressed_review_button(turn: Turn, payload: str) -> Step:
    """Dispatch on the word after "rv:"; an unknown one is an unexpected choice."""
    kind, _, rest = payload.removeprefix(PREFIX).partition(":")
    route = ROUTES.get(kind)
    if route is None:
        turn.say("err_expected_choice")
        return Step.IDLE
    return await route(turn, rest)
