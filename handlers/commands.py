"""Commands and command words that work at any step, and what an idle conversation accepts."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from handlers.access import invites as admin
from handlers.access import linking, registration
from handlers.access.guidance import say_help, say_what_you_can_do
from handlers.filing import correction, mine
from handlers.filing.answers import ask_date_confirmation, reask
from handlers.filing.flow import advance, show_card
from handlers.filing.location import ask_confirmation
from handlers.filing.photos import ask_photo_location
from handlers.filing.submit import ask_edit_field
from handlers.folding import fold
from handlers.reviewing import decisions as reviewing
from handlers.reviewing import history as report_history
from handlers.reviewing import queue as review_queue
from handlers.reviewing.routes import pressed_review_button
from handlers.steps import FILING_STEPS, SUMMARY_STEPS, Step
from handlers.summaries import dialogue as summaries
from handlers.turn import Turn
from handlers.types import Kind
from models import filing
from models.scope import reader_roots

COMMAND_NAMES = {
    "start": "start",
    "batdau": "start",
    "baocao": "report",
    "report": "report",
    "tonghop": "summary",
    "summary": "summary",
    "cuatoi": "mine",
    "mine": "mine",
    "huy": "cancel",
    "cancel": "cancel",
    "moi": "invite",
    "invite": "invite",
    "trogiup": "help",
    "help": "help",
    "lienket": "link",
    "link": "link",
    "sua": "correct",
    "edit": "correct",
    "xem": "reports",
    "reports": "reports",
    "lichsu": "history",
    "history": "history",
    "_hoilai": "reask",  # REASK_COMMAND
}
# Typed by nobody: the console sends it for an empty line, and at its start with the argument
# "resume" (a waiting draft is then announced), so the pending question is asked again.
REASK_COMMAND = "_hoilai"
# Plain words that act as commands at any step (they are never a sensible answer).
WORDS_ANYWHERE = {"huy": "cancel", "cancel": "cancel", "tro giup": "help", "help": "help"}
# Plain words that act as commands only when nothing is in progress.
WORDS_WHEN_IDLE = {
    "bao cao": "report",
    "report": "report",
    "cua toi": "mine",
    "tong hop": "summary",
    "summary": "summary",
}


SUMMARY_SENTENCE = "tong hop "
REPORTS_WORD = "xem"


def command_of(turn: Turn, step: Step) -> str | None:
    """The command this message means, if any; unknown /commands map to 'unknown'."""
    msg = turn.msg
    if msg.kind is Kind.COMMAND:
        return COMMAND_NAMES.get(fold(msg.command), "unknown")
    if msg.kind is Kind.TEXT:
        words = fold(msg.text)
        if step is Step.IDLE and words.startswith(SUMMARY_SENTENCE):
            return "summary"  # "tổng hợp quý 3 toàn tỉnh": the rest is read by summaries
        if step is Step.IDLE and _asks_for_reports(turn, words):
            return "reports"  # "xem trả lại tháng 11": the rest is read by the review queue
        return WORDS_ANYWHERE.get(words) or (
            WORDS_WHEN_IDLE.get(words) if step is Step.IDLE else None
        )
    return None


def _asks_for_reports(turn: Turn, words: str) -> bool:
    """ "xem …" lists reports for readers ("xem 12" opens one for anyone who may read it);
    "xem tổng hợp …" stays a summary request."""
    first, _, rest = words.partition(" ")
    if first != REPORTS_WORD or "tong hop" in rest:
        return False
    readers = turn.access is not None and bool(reader_roots(turn.access))
    return readers or rest.lstrip("#").isdigit()


QUESTION_STEPS = frozenset(
    {
        Step.CHOOSE_UNIT,
        Step.ACTIVITY_TYPE,
        Step.TITLE,
        Step.DATE,
        Step.PLACE_NAME,
        Step.LOCATION,
        Step.FIGURE,
        Step.COUNTERPART,
        Step.COUNTRY,
        Step.LANGUAGES,
        Step.DESCRIPTION,
        Step.PHOTOS,
    }
)
"""Steps that are one question of the report's flow (handlers.filing.flow asks them)."""


async def _reask_idle(turn: Turn) -> Step:
    return Step.IDLE


async def _reask_edit_pick(turn: Turn) -> Step:
    return ask_edit_field(turn)


async def _reask_location_confirmation(turn: Turn) -> Step:
    return ask_confirmation(turn)


async def _reask_invite_role(turn: Turn) -> Step:
    return admin.ask_invite_role(turn)


async def _reask_summary_period(turn: Turn) -> Step:
    return await summaries.reask_summary(turn, Step.SUMMARY_PERIOD)


async def _reask_summary_scope(turn: Turn) -> Step:
    return await summaries.reask_summary(turn, Step.SUMMARY_SCOPE)


# Every step that is not a plain question says how it is asked again: a step missing from
# both this table and QUESTION_STEPS fails the test that runs every step through every
# command (a KeyError there once made each command at "dùng vị trí này?" crash).
REASK: dict[Step, Callable[[Turn], Awaitable[Step]]] = {
    Step.IDLE: _reask_idle,
    Step.CONFIRM_DATE: ask_date_confirmation,
    Step.CONFIRM_LOCATION: _reask_location_confirmation,
    Step.PHOTO_LOCATION: ask_photo_location,
    Step.REVIEW: show_card,
    Step.EDIT_PICK: _reask_edit_pick,
    Step.WITHDRAW_REASON: mine.ask_withdraw_reason,
    Step.INVITE_UNIT: admin.ask_invite_unit,
    Step.INVITE_ROLE: _reask_invite_role,
    Step.SUMMARY_PERIOD: _reask_summary_period,
    Step.SUMMARY_SCOPE: _reask_summary_scope,
    Step.REVIEW_RETURN_REASON: reviewing.ask_return_reason,
}


async def reask_current(turn: Turn, step: Step) -> Step:
    """Ask the pending question again after an interruption."""
    if step in REASK:
        return await REASK[step](turn)
    if step in QUESTION_STEPS:
        return await reask(turn, step)
    raise LookupError(f"no way to ask step {step.value} again")  # caught by the guard test


async def run_command(turn: Turn, step: Step, command: str) -> Step:
    """Commands never lose a draft: those that would start something else say so instead."""
    if command == "cancel":
        return await cancel(turn, step)
    if command == "help":
        await say_help(turn)
        return await reask_current(turn, step)
    if command == "link":  # a code to show or a refusal: nothing in progress is disturbed
        await linking.received_link_command(turn)
        return await reask_current(turn, step)
    if command == "reask":
        if turn.msg.args == ("resume",) and step in FILING_STEPS:
            turn.say("draft_waiting")
        return await reask_current(turn, step)
    if step in SUMMARY_STEPS and command != "unknown":
        turn.clear()  # a half-asked summary holds nothing worth keeping: start afresh
        step = Step.IDLE
    if command == "start" and turn.msg.args:
        code = registration.invite_code_in(turn) or ""
        await registration.redeem(turn, code)
        return await reask_current(turn, step)
    if command in ("start", "report") and step in FILING_STEPS:
        turn.say("resume")
        return await reask_current(turn, step)
    if command == "unknown":
        turn.say("err_unknown_command", command=turn.msg.command[:32])
        return await reask_current(turn, step)
    if command == "correct" and step in FILING_STEPS:  # a draft is open: keep it, say so
        turn.say("correct_busy")
        return await reask_current(turn, step)
    if step is not Step.IDLE:
        turn.say("busy_elsewhere")
        return await reask_current(turn, step)
    return await _start(turn, command)


async def _start(turn: Turn, command: str) -> Step:
    """Begin what the command asks for, from idle."""
    if command == "report":
        return await start_report(turn)
    if command == "mine":
        return await mine.show_mine(turn)
    if command == "correct":
        return await correction.start_correction(turn)
    if command == "reports":
        return await review_queue.start_reports(turn)
    if command == "history":
        return await report_history.start_history(turn)
    if command == "invite":
        return await admin.start_invite(turn)
    if command == "summary":
        return await summaries.start_summary(turn)
    await say_what_you_can_do(turn)
    return Step.IDLE


async def start_report(turn: Turn) -> Step:
    """A new draft; the unit is preset when the person files for only one."""
    units = turn.access.filing_units() if turn.access else []
    if not units:
        turn.say("no_filing_units")
        return Step.IDLE
    turn.start_draft(units[0].id if len(units) == 1 else None)
    return await advance(turn)


async def cancel(turn: Turn, step: Step) -> Step:
    """Drop whatever is in progress; a draft's photo rows go with it."""
    if step is Step.IDLE:
        turn.say("nothing_to_cancel")
        return Step.IDLE
    if "draft" in turn.data:
        number = turn.draft.report_id
        await filing.discard_draft_photos(turn.draft.key)  # a correction's copies only
        turn.clear()
        turn.say("correction_cancelled" if number else "cancelled", number=number)
    else:
        turn.clear()
        turn.say("cancelled_other")
    return Step.IDLE


async def received_when_idle(turn: Turn) -> Step:
    """Buttons from earlier messages, a typed invite code, or a pointer to the commands."""
    msg = turn.msg
    if msg.kind is Kind.BUTTON and msg.payload.startswith("sumx:"):
        return await summaries.pressed_export(turn)
    if msg.kind is Kind.BUTTON and msg.payload.startswith("withdraw:"):
        return await mine.pressed_withdraw(turn, msg.payload.removeprefix("withdraw:"))
    if msg.kind is Kind.BUTTON and msg.payload.startswith("mine:pg:"):
        return await mine.pressed_page(turn, msg.payload.removeprefix("mine:pg:"))
    if msg.kind is Kind.BUTTON and msg.payload.startswith("rv:"):
        return await pressed_review_button(turn, msg.payload)
    code = registration.invite_code_in(turn)
    if code:
        return await registration.redeem(turn, code)
    if summaries.asks_for_figures(turn):
        return await summaries.start_summary(turn)
    if msg.kind is Kind.UNSUPPORTED:
        turn.say("unsupported")
    else:
        await say_what_you_can_do(turn)
    return Step.IDLE


async def pressed_outdated(turn: Turn, step: Step) -> Step:
    """A button shown for another draft (cancelled, filed, or replaced): nothing changes; say
    so, and show what is open now. A second Gửi of the report just filed names it."""
    if step is not Step.IDLE:
        turn.say("btn_outdated")
        return await reask_current(turn, step)
    submitted_again = turn.msg.payload.startswith("review:submit") and (
        turn.pressed_tag is not None and turn.pressed_tag == turn.data.get("last_submitted_tag")
    )
    if submitted_again:
        turn.say("already_submitted", number=turn.data["last_submitted"])
    else:
        turn.say("btn_outdated_idle")
    return Step.IDLE
