"""/cuatoi: a person's own latest reports, and withdrawing one with a reason."""

from __future__ import annotations

from handlers.filing.answers import pressed, take_text
from handlers.filing.card import format_day
from handlers.steps import Step
from handlers.turn import Turn
from models import filing
from models.reports import ReportStatus

WITHDRAW_REASON_MAX = 500
MAX_WITHDRAW_BUTTONS = 5


async def show_mine(turn: Turn) -> Step:
    """List the latest reports; submitted ones get a withdraw button."""
    if turn.person is None:
        return Step.IDLE
    reports = await filing.reports_by(turn.person)
    if not reports:
        turn.say("mine_empty")
        return Step.IDLE
    lines = [turn.text("mine_title")]
    lines += [
        turn.text(
            "mine_line",
            number=r.id,
            date=format_day(r.start_date),
            type=turn.text(f"type_{r.activity_type}"),
            title=r.title,
            status=turn.text(f"status_{r.status.value}"),
        )
        for r in reports
    ]
    open_reports = [r for r in reports if r.status is ReportStatus.SUBMITTED]
    buttons = [
        [turn.button("btn_withdraw", f"withdraw:{r.id}", number=r.id)]
        for r in open_reports[:MAX_WITHDRAW_BUTTONS]
    ]
    turn.ask("\n".join(lines), buttons)
    return Step.IDLE


async def pressed_withdraw(turn: Turn, number: str) -> Step:
    """Ask why; the report is checked again when the reason arrives."""
    if not number.isdigit():
        turn.say("err_expected_choice")
        return Step.IDLE
    turn.data["withdraw"] = int(number)
    turn.ask(turn.text("ask_withdraw_reason", number=number))
    return Step.WITHDRAW_REASON


async def received_withdraw_reason(turn: Turn) -> Step:
    """Withdraw (never delete) the person's own report, with the reason in the audit log."""
    number = turn.data.get("withdraw")
    if pressed(turn, "withdraw:") is not None or number is None:
        return await pressed_withdraw(turn, pressed(turn, "withdraw:") or "")
    reason = await take_text(
        turn, Step.WITHDRAW_REASON, WITHDRAW_REASON_MAX, ask_again=ask_withdraw_reason
    )
    if reason is None:
        return Step.WITHDRAW_REASON
    turn.clear()
    assert turn.person is not None
    report = await filing.withdraw(int(number), turn.person, reason, turn.now)
    turn.say("withdrawn" if report else "withdraw_not_allowed", number=number)
    return Step.IDLE


async def ask_withdraw_reason(turn: Turn) -> Step:
    """Re-ask after an interruption."""
    turn.ask(turn.text("ask_withdraw_reason", number=turn.data.get("withdraw", "")))
    return Step.WITHDRAW_REASON
