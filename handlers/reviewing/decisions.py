"""Duyệt / Trả lại on an opened report, and the notice to its author in the same transaction.

A decision button carries the report's number and the revision it was shown for; the model
refuses it when the report moved on since (another reviewer, a correction), and the reviewer
is told who decided and when. A forged payload (another unit's report, a committee member's
press) is answered exactly like a number that does not exist.
"""

from __future__ import annotations

from datetime import datetime

from handlers.filing.answers import take_text
from handlers.reviewing.report_view import format_moment, say_not_found, show_report
from handlers.steps import Step
from handlers.texts import t
from handlers.turn import Turn
from models import outbox_queue, review, review_queries
from models.reports import Report, ReportStatus
from models.review import TransitionRefused

RETURN_REASON_MAX = 500


def numbers_in(rest: str) -> tuple[int, int] | None:
    """(report number, revision) from "123:4"; None when the payload is not that."""
    number, _, revision = rest.partition(":")
    if not (number.isdigit() and revision.isdigit()):
        return None
    return int(number), int(revision)


async def _decidable(turn: Turn, report_id: int) -> Report | None:
    """The report if the person may decide on it; else None after saying "not found"."""
    report = await review.report_in_scope(turn.access, turn.person, report_id)
    if report is None or turn.access is None or not review.may_decide(turn.access, report):
        say_not_found(turn, report_id)
        return None
    return report


async def pressed_approve(turn: Turn, rest: str) -> Step:
    """Approve at the revision shown; a report that moved on since is shown as it is now."""
    target = numbers_in(rest)
    if target is None:
        say_not_found(turn, rest.partition(":")[0])
        return Step.IDLE
    report_id, revision = target
    if await _decidable(turn, report_id) is None:
        return Step.IDLE
    assert turn.person is not None
    try:
        report = await review.approve(report_id, revision, turn.person, turn.now)
    except TransitionRefused as refused:
        await _refused(turn, report_id, refused)
        return Step.IDLE
    await _notify(turn, report, "approved", revision)
    turn.say("review_approved", number=report_id)
    return Step.IDLE


async def pressed_reopen(turn: Turn, rest: str) -> Step:
    """An administrator puts an approved report back in the queue (at the revision shown)."""
    target = numbers_in(rest)
    if target is None or turn.person is None:
        say_not_found(turn, rest.partition(":")[0])
        return Step.IDLE
    report_id, revision = target
    try:
        await review.reopen(report_id, revision, turn.person, turn.now)
    except TransitionRefused as refused:
        await _refused(turn, report_id, refused)
        return Step.IDLE
    turn.say("review_reopened", number=report_id)
    await show_report(turn, report_id)
    return Step.IDLE


async def pressed_return(turn: Turn, rest: str) -> Step:
    """Ask the reason, unless the button is already outdated (then say so at once)."""
    target = numbers_in(rest)
    if target is None:
        say_not_found(turn, rest.partition(":")[0])
        return Step.IDLE
    report_id, revision = target
    report = await _decidable(turn, report_id)
    if report is None:
        return Step.IDLE
    if report.status is not ReportStatus.SUBMITTED or report.revision != revision:
        await _moved_on(turn, report_id)
        return Step.IDLE
    turn.data = {"review_return": [report_id, revision]}
    return await ask_return_reason(turn)


async def ask_return_reason(turn: Turn) -> Step:
    """The question (also asked again after an interruption)."""
    number = (turn.data.get("review_return") or [""])[0]
    turn.ask(turn.text("review_ask_reason", number=number, max=RETURN_REASON_MAX))
    return Step.REVIEW_RETURN_REASON


async def received_return_reason(turn: Turn) -> Step:
    """Return the report with the typed reason (1–500 characters, else asked again)."""
    target = turn.data.get("review_return")
    if not target:
        turn.clear()
        turn.say("err_expected_choice")
        return Step.IDLE
    reason = await take_text(
        turn, Step.REVIEW_RETURN_REASON, RETURN_REASON_MAX, ask_again=ask_return_reason
    )
    if reason is None:
        return Step.REVIEW_RETURN_REASON
    turn.clear()
    report_id, revision = int(target[0]), int(target[1])
    if await _decidable(turn, report_id) is None:  # roles may have changed meanwhile
        return Step.IDLE
    assert turn.person is not None
    try:
        report = await review.return_report(report_id, revision, turn.person, reason, turn.now)
    except TransitionRefused as refused:
        await _refused(turn, report_id, refused)
        return Step.IDLE
    await _notify(turn, report, "returned", revision, reason=reason)
    turn.say("review_returned", number=report_id)
    return Step.IDLE


async def _refused(turn: Turn, report_id: int, refused: TransitionRefused) -> None:
    """Why the model refused the decision, then the report as it is now."""
    if refused.reason == "not_found":
        say_not_found(turn, report_id)
        return
    state = (refused.status, refused.decided_by_name, refused.decided_at)
    await _explain(turn, report_id, refused.reason, *state)


async def _moved_on(turn: Turn, report_id: int) -> None:
    """The report is no longer what the button was shown for: say how, then show it."""
    report = await review_queries.report_details(report_id)
    assert report is not None
    name = report.decided_by.display_name if report.decided_by else None
    await _explain(turn, report_id, "stale", report.status, name, report.decided_at)


async def _explain(
    turn: Turn,
    report_id: int,
    reason: str,
    status: ReportStatus | None,
    name: str | None,
    at: datetime | None,
) -> None:
    """Who decided first and when, or that the button is outdated; then the report now."""
    if status in (ReportStatus.APPROVED, ReportStatus.RETURNED) and name:
        assert status is not None
        key = f"review_already_{status.value}"
        turn.say(key, number=report_id, name=name, at=format_moment(turn, at))
    elif reason == "stale":
        turn.say("review_outdated", number=report_id)
    else:
        label = turn.text(f"status_{status.value}") if status else ""
        turn.say("review_not_allowed", number=report_id, status=label)
    await show_report(turn, report_id)


async def _notify(turn: Turn, report: Report, kind: str, revision: int, reason: str = "") -> None:
    """The author's notice, written to the outbox in this update's transaction (a rollback
    sends nothing; the cause key makes a redelivered decision write it once)."""
    author = await review_queries.author_of(report)
    lang = author.language
    reviewer = turn.person.display_name if turn.person else ""
    values = {"number": report.id, "title": report.title, "reason": reason, "reviewer": reviewer}
    command, label = (
        ("sua", "notice_btn_correct") if kind == "returned" else ("xem", "notice_btn_view")
    )
    button = {"label": t(lang, label, number=report.id), "command": f"/{command} {report.id}"}
    text = t(lang, f"notice_{kind}", **values)
    await outbox_queue.enqueue_for_person(
        f"{kind}:{report.id}:r{revision}",
        author,
        text=text,
        buttons=[[button]],
        due_at=turn.now,
        prefer=(report.channel, report.filed_external_id),
    )
