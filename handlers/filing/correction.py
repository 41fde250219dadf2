"""/sua N: the author corrects a filed report as a draft, through the same card and Sửa.

The draft records the report's number and the revision it was opened at; Gửi updates that
same report only if nobody changed it meanwhile (engineer A's review.correct checks the
revision in its UPDATE), so a correction racing an approval loses cleanly and keeps the draft.
"""

from __future__ import annotations

from handlers.choices import draft_tag
from handlers.filing.flow import advance, show_card
from handlers.steps import Step
from handlers.turn import Turn
from models import corrections, filing, review
from models.reports import ReportStatus

REFUSED = {
    ReportStatus.APPROVED: "correct_refused_approved",
    ReportStatus.WITHDRAWN: "correct_refused_withdrawn",
}
STALE = {
    ReportStatus.APPROVED: "correct_stale_approved",
    ReportStatus.WITHDRAWN: "correct_stale_withdrawn",
}


def _number(turn: Turn) -> int | None:
    """The report number after /sua ("/sua 12", "/sua #12")."""
    args = turn.msg.args
    if len(args) != 1:
        return None
    digits = args[0].removeprefix("#")
    return int(digits) if digits.isdigit() and len(digits) <= 9 else None


async def start_correction(turn: Turn) -> Step:
    """Open a draft filled from the person's own returned or waiting report."""
    number = _number(turn)
    if number is None or turn.person is None:
        turn.say("correct_usage")
        return Step.IDLE
    report = await corrections.authored_report(turn.person, number)
    if report is None:
        turn.say("correct_not_found", number=number)
        return Step.IDLE
    if report.status in REFUSED:
        turn.say(REFUSED[report.status], number=number)
        return Step.IDLE
    allowed = {u.id for u in turn.access.filing_units()} if turn.access else set()
    if report.unit_id not in allowed:  # no longer a reporter of that unit
        turn.say("no_filing_units")
        return Step.IDLE
    draft = await corrections.draft_from_report(report)
    reason = report.return_reason if report.status is ReportStatus.RETURNED else ""
    turn.data = {"draft": draft.model_dump(mode="json"), "return_reason": reason}
    await corrections.copy_report_photos(report.id, draft.key)
    return await advance(turn)  # the card, or a question the stored report lacks an answer to


async def submit_correction(turn: Turn) -> Step:
    """Update the same report number in this update's transaction, photos included."""
    draft = turn.draft
    assert turn.person is not None and draft.report_id is not None
    # review.correct keeps who filed it, from where and under which key; it applies the rest
    values = filing.report_values(draft, turn.person, turn.msg.channel.value)
    revision = draft.report_revision or 0
    try:
        report, _ = await review.correct(draft.report_id, revision, turn.person, values, turn.now)
    except review.TransitionRefused as refused:
        say_refused(turn, draft.report_id, refused)
        return await show_card(turn)  # the draft is kept: nothing of it is lost
    await corrections.replace_report_photos(report.id, draft.key)
    tag = draft_tag(turn.data)
    turn.clear()
    turn.data["last_submitted"] = report.id
    turn.data["last_submitted_tag"] = tag  # a second press of this card's Gửi names it
    turn.say("correction_submitted", number=report.id)
    return Step.IDLE


def say_refused(turn: Turn, number: int, refused: review.TransitionRefused) -> None:
    """Why the correction was not sent: who decided and when, if that is what happened."""
    key = STALE.get(refused.status, "correct_stale") if refused.status else "correct_stale"
    when = refused.decided_at.astimezone(turn.config.tz) if refused.decided_at else None
    turn.say(
        key,
        number=number,
        name=refused.decided_by_name or "",
        time=when.strftime("%H:%M %d/%m/%Y") if when else "",
    )
