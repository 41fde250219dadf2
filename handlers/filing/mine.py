"""/cuatoi: a person's own reports, a page at a time, and withdrawing one with a reason."""

from __future__ import annotations

from handlers.filing.answers import pressed, take_text
from handlers.filing.card import format_day
from handlers.steps import Step
from handlers.turn import Turn
from handlers.types import Button
from models import filing, review_queries
from models.reports import Report, ReportStatus

WITHDRAW_REASON_MAX = 500
WITHDRAWABLE = (ReportStatus.SUBMITTED, ReportStatus.RETURNED)


async def show_mine(turn: Turn, offset: int = 0) -> Step:
    """A page of the person's reports, newest first: each opens in full; those still open
    may be withdrawn; Trước / Sau page through the rest."""
    if turn.person is None:
        return Step.IDLE
    page = await review_queries.own_reports_page(turn.person, offset)
    if not page.total:
        turn.say("mine_empty")
        return Step.IDLE
    size = review_queries.PAGE_SIZE
    pages = (page.total + size - 1) // size
    lines = [turn.text("mine_title_paged", page=page.offset // size + 1, pages=pages)]
    lines += [
        turn.text(
            "mine_line",
            number=r.id,
            date=format_day(r.start_date),
            type=turn.text(f"type_{r.activity_type}"),
            title=r.title,
            status=turn.text(f"status_{r.status.value}"),
        )
        for r in page.reports
    ]
    buttons = [_row(turn, r) for r in page.reports]
    buttons.append(_paging(turn, page.offset, page.total))
    turn.ask("\n".join(lines), buttons)
    return Step.IDLE


def _row(turn: Turn, report: Report) -> list[Button]:
    """Open the report; withdraw it while it is not decided."""
    row = [turn.button("btn_open_report", f"rv:open:{report.id}", number=report.id)]
    if report.status in WITHDRAWABLE:
        row.append(turn.button("btn_withdraw", f"withdraw:{report.id}", number=report.id))
    return row


def _paging(turn: Turn, offset: int, total: int) -> list[Button]:
    size = review_queries.PAGE_SIZE
    row = []
    if offset > 0:
        row.append(turn.button("btn_page_previous", f"mine:pg:{max(0, offset - size)}"))
    if offset + size < total:
        row.append(turn.button("btn_page_next", f"mine:pg:{offset + size}"))
    return row


async def pressed_page(turn: Turn, offset: str) -> Step:
    """Trước / Sau of /cuatoi (only ever the person's own reports)."""
    if not offset.isdigit():
        turn.say("err_expected_choice")
        return Step.IDLE
    return await show_mine(turn, int(offset))


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
