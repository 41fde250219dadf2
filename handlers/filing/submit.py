"""The summary card's answers: Gửi files the report, Sửa changes one field, Huỷ discards."""

from __future__ import annotations

from handlers.choices import draft_tag
from handlers.filing.answers import pressed, reask
from handlers.filing.correction import submit_correction
from handlers.filing.flow import (
    advance,
    ask_question,
    next_question,
    several_units,
    show_card,
)
from handlers.steps import Step
from handlers.texts import specific
from handlers.turn import Turn
from handlers.types import Button
from models import filing
from models.activity_types import ACTIVITY_TYPES

# field name on the edit menu -> (step, card label key)
EDITABLE: dict[str, tuple[Step, str]] = {
    "unit": (Step.CHOOSE_UNIT, "card_unit"),
    "type": (Step.ACTIVITY_TYPE, "card_type"),
    "title": (Step.TITLE, "card_title"),
    "date": (Step.DATE, "card_date"),
    "place": (Step.PLACE_NAME, "card_place"),
    "location": (Step.LOCATION, "card_location"),
    "counterpart": (Step.COUNTERPART, "card_counterpart"),
    "country": (Step.COUNTRY, "card_country"),
    "languages": (Step.LANGUAGES, "card_languages"),
    "description": (Step.DESCRIPTION, "card_description"),
    "photos": (Step.PHOTOS, "card_photos"),
}


async def received_review(turn: Turn) -> Step:
    """Gửi, Sửa or Huỷ on the card."""
    action = pressed(turn, "review:")
    if action == "submit":
        return await submit(turn)
    if action == "edit":
        return ask_edit_field(turn)
    if action == "cancel":
        return await cancel_draft(turn)
    turn.say("err_expected_choice")
    return await show_card(turn)


async def submit(turn: Turn) -> Step:
    """File the report once, whatever happens to the button afterwards."""
    step, _ = next_question(turn)
    if step is not Step.REVIEW:
        return await advance(turn)
    draft = turn.draft
    allowed = {u.id for u in turn.access.filing_units()} if turn.access else set()
    if draft.unit_id not in allowed or turn.person is None:
        turn.say("no_filing_units")
        turn.clear()
        return Step.IDLE
    if draft.report_id is not None:
        return await submit_correction(turn)
    msg = turn.msg
    report, _ = await filing.submit_draft(
        draft, turn.person, msg.channel.value, external_id=msg.user_id, now=turn.now
    )
    tag = draft_tag(turn.data)
    turn.clear()
    turn.data["last_submitted"] = report.id
    turn.data["last_submitted_tag"] = tag  # a second press of this card's Gửi names it
    turn.say("submitted", number=report.id)
    return Step.IDLE


async def cancel_draft(turn: Turn) -> Step:
    """Discard the draft and its photo rows (of a correction: its copies; the report stays)."""
    number = turn.draft.report_id
    await filing.discard_draft_photos(turn.draft.key)
    turn.clear()
    turn.say("correction_cancelled" if number else "cancelled", number=number)
    return Step.IDLE


def edit_choices(turn: Turn) -> list[Button]:
    """The fields this draft has, as edit buttons."""
    draft = turn.draft
    kind = ACTIVITY_TYPES[draft.activity_type or "other"]
    names = ["type", "title", "date", "place", "location"]
    names += ["counterpart"] if kind.counterpart else []
    names += ["country"] if kind.country else []
    names += ["languages"] if kind.languages else []
    names += ["description", "photos"]
    if several_units(turn):
        names.insert(0, "unit")
    buttons = [turn.button(specific(EDITABLE[n][1], kind.code), f"edit:{n}") for n in names]
    buttons += [turn.button(f"figure_{f}", f"edit:figure:{f}") for f in kind.figures]
    return buttons


def ask_edit_field(turn: Turn) -> Step:
    """Which field to change, two buttons a row, then Quay lại."""
    buttons = edit_choices(turn)
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append([turn.button("btn_back", "edit:back")])
    turn.ask(turn.text("ask_edit_field"), rows)
    return Step.EDIT_PICK


async def received_edit_pick(turn: Turn) -> Step:
    """Ask the chosen field again; its answer brings the card back."""
    choice = pressed(turn, "edit:")
    if choice == "back":
        return await show_card(turn)
    valid = {b.payload.removeprefix("edit:") for b in edit_choices(turn)}
    if choice not in valid:
        turn.say("err_expected_choice")
        return ask_edit_field(turn)
    turn.data["editing"] = choice
    if choice.startswith("figure:"):
        return await ask_question(turn, Step.FIGURE, choice.removeprefix("figure:"))
    if choice == "languages":
        turn.data["languages_pick"] = list(turn.draft.languages or [])
    return await reask(turn, EDITABLE[choice][0])
