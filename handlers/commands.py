"""Commands and command words that work at any step, and what an idle conversation accepts."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from handlers import admin, linking, mine, registration, summaries
from handlers.filing import ask_date_confirmation, reask
from handlers.filing_flow import advance, show_card
from handlers.folding import fold
from handlers.guidance import say_help, say_what_you_can_do
from handlers.location import ask_confirmation
from handlers.review import ask_edit_field
from handlers.steps import FILING_STEPS, SUMMARY_STEPS, Step
from handlers.turn import Turn
from handlers.types import Kind
from models import filing

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


def command_of(turn: Turn, step: Step) -> str | None:
    """The command this message means, if any; unknown /commands map to 'unknown'."""
    msg = turn.msg
    if msg.kind is Kind.COMMAND:
        return COMMAND_NAMES.get(fold(msg.command), "unknown")
    if msg.kind is Kind.TEXT:
        words = fold(msg.text)
        if step is Step.IDLE and words.startswith(SUMMARY_SENTENCE):
            return "summary"  # "tổng hợp quý 3 toàn tỉnh": the rest is read by summaries
        return WORDS_ANYWHERE.get(words) or (
            WORDS_WHEN_IDLE.get(words) if step is Step.IDLE else None
        )
    return None


async def reask_current(turn: Turn, step: Step) -> Step:
    """Ask the pending question again after an interruption."""
    special: dict[Step, Callable[[Turn], Awaitable[Step]]] = {
        Step.REVIEW: show_card,
        Step.CONFIRM_DATE: ask_date_confirmation,
        Step.WITHDRAW_REASON: mine.ask_withdraw_reason,
        Step.INVITE_UNIT: admin.ask_invite_unit,
    }
    if step in special:
        return await special[step](turn)
    if step is Step.EDIT_PICK:
        return ask_edit_field(turn)
    if step is Step.CONFIRM_LOCATION:
        return ask_confirmation(turn)
    if step is Step.INVITE_ROLE:
        return admin.ask_invite_role(turn)
    if step is Step.IDLE:
        return step
    if step in SUMMARY_STEPS:
        return await summaries.reask_summary(turn, step)
    return await reask(turn, step)


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
        await filing.discard_draft_photos(turn.draft.key)
        turn.clear()
        turn.say("cancelled")
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
    if msg.kind is Kind.BUTTON and msg.payload == "review:submit" and "last_submitted" in turn.data:
        turn.say("already_submitted", number=turn.data["last_submitted"])
        return Step.IDLE
    code = registration.invite_code_in(turn)
    if code:
        return await registration.redeem(turn, code)
    if msg.kind is Kind.UNSUPPORTED:
        turn.say("unsupported")
    else:
        await say_what_you_can_do(turn)
    return Step.IDLE
