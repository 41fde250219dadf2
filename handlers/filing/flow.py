"""The order of questions in a report, derived from what the draft still lacks.

Deriving the next question from the draft (instead of hard-wiring "after X ask Y") is what
lets "Sửa" change one field, or a changed activity type ask only its new figures, and then
come straight back to the summary card.
"""

from __future__ import annotations

from handlers.filing.card import card_text
from handlers.filing.photo_removal import photo_buttons
from handlers.steps import Step
from handlers.texts import has_text, specific
from handlers.turn import Turn
from handlers.types import Button
from models import directory, filing
from models.activity_types import ACTIVITY_TYPES, COUNTRY_CODES, LANGUAGE_CODES
from models.schemas import Draft

Question = tuple[Step, str | None]
TYPICAL_TYPE = "border_exchange"


def sequence(draft: Draft, several_units: bool) -> list[Question]:
    """Every question this draft goes through, in order."""
    questions: list[Question] = [(Step.CHOOSE_UNIT, None)] if several_units else []
    questions += [(s, None) for s in (Step.ACTIVITY_TYPE, Step.TITLE, Step.DATE, Step.PLACE_NAME)]
    questions.append((Step.LOCATION, None))
    kind = ACTIVITY_TYPES[draft.activity_type or TYPICAL_TYPE]
    questions += [(Step.FIGURE, name) for name in kind.figures]
    questions += [(Step.COUNTERPART, None)] if kind.counterpart else []
    questions += [(Step.COUNTRY, None)] if kind.country else []
    questions += [(Step.LANGUAGES, None)] if kind.languages else []
    return [*questions, (Step.DESCRIPTION, None), (Step.PHOTOS, None)]


def answered(draft: Draft, question: Question) -> bool:
    """Whether the draft already holds the answer to `question`."""
    step, figure = question
    values = {
        Step.CHOOSE_UNIT: draft.unit_id,
        Step.ACTIVITY_TYPE: draft.activity_type,
        Step.TITLE: draft.title,
        Step.DATE: draft.start_date,
        Step.PLACE_NAME: draft.place_name,
        Step.LOCATION: draft.location,
        Step.COUNTERPART: draft.counterpart,
        Step.COUNTRY: draft.country,
        Step.LANGUAGES: draft.languages,
        Step.DESCRIPTION: draft.description,
        Step.PHOTOS: draft.photos_done or None,
    }
    if step is Step.FIGURE:
        return figure in draft.figures
    return values[step] is not None


def several_units(turn: Turn) -> bool:
    """Whether the person must say which unit the report is for."""
    return turn.access is not None and len(turn.access.filing_units()) > 1


def next_question(turn: Turn) -> Question:
    """The first unanswered question, or the summary card when all are answered."""
    draft = turn.draft
    for question in sequence(draft, several_units(turn)):
        if not answered(draft, question):
            return question
    return (Step.REVIEW, None)


def progress(turn: Turn, question: Question) -> str:
    """'Bước 3/9' for the question being asked."""
    questions = sequence(turn.draft, several_units(turn))
    position = questions.index(question) + 1 if question in questions else len(questions)
    return turn.text("progress", n=position, total=len(questions))


async def advance(turn: Turn) -> Step:
    """After a valid answer: back to the card when editing, else the next question."""
    turn.data.pop("editing", None)
    step, figure = next_question(turn)
    if step is Step.REVIEW:
        return await show_card(turn)
    return await ask_question(turn, step, figure)


async def show_card(turn: Turn) -> Step:
    """The summary card with Gửi / Sửa / Huỷ: the last question of every report."""
    turn.data.pop("editing", None)
    buttons = [
        [
            turn.button("btn_submit", "review:submit"),
            turn.button("btn_edit", "review:edit"),
            turn.button("btn_cancel", "review:cancel"),
        ]
    ]
    turn.ask(await card_text(turn), buttons)
    return Step.REVIEW


async def ask_question(turn: Turn, step: Step, figure: str | None = None) -> Step:
    """Ask one question with its progress marker and choices; returns that step."""
    if step is Step.FIGURE:
        turn.data["figure"] = figure
    head = progress(turn, (step, figure))
    text, buttons, wants_location = await _question(turn, step, figure)
    turn.ask(f"{head}. {text}", buttons, request_location=wants_location)
    return step


async def _question(
    turn: Turn, step: Step, figure: str | None
) -> tuple[str, list[list[Button]], bool]:
    """The wording, buttons and location request of one question."""
    draft = turn.draft
    if step is Step.CHOOSE_UNIT:
        units = turn.access.filing_units() if turn.access else []
        return turn.text("ask_unit"), [[Button(u.name, f"unit:{u.id}")] for u in units], False
    if step is Step.ACTIVITY_TYPE:
        rows = [[turn.button(f"type_{code}", f"type:{code}")] for code in ACTIVITY_TYPES]
        return turn.text("ask_type"), rows, False
    if step is Step.DATE:
        rows = [
            [turn.button("btn_today", "date:0"), turn.button("btn_yesterday", "date:1")],
            [turn.button("btn_day_before", "date:2")],
        ]
        return turn.text("ask_date"), rows, False
    if step is Step.LOCATION:
        places = await directory.places_of(draft.unit_id) if draft.unit_id else []
        rows = [[Button(p.name, f"loc:place:{p.id}")] for p in places[:8]]
        rows.append([turn.button("btn_skip", "loc:skip")])
        return turn.text("ask_location"), rows, True
    if step is Step.FIGURE:
        return f"{turn.text(f'ask_figure_{figure}')} {turn.text('figure_hint')}", [], False
    if step is Step.COUNTERPART:
        key = f"ask_counterpart_{draft.activity_type}"
        return turn.text(key if has_text(key) else "ask_counterpart"), [], False
    if step is Step.COUNTRY:
        rows = [
            [turn.button(f"country_{c}", f"country:{c}") for c in COUNTRY_CODES],
            [turn.button("btn_other_country", "country:other")],
        ]
        return turn.text("ask_country"), rows, False
    if step is Step.LANGUAGES:
        return turn.text("ask_languages"), language_buttons(turn), False
    if step is Step.DESCRIPTION:
        if draft.activity_type == "other":
            return turn.text("ask_description_required"), [], False
        return turn.text("ask_description"), [[turn.button("btn_skip", "desc:skip")]], False
    if step is Step.PHOTOS:
        count = await filing.count_draft_photos(draft.key)
        return _photo_question(turn), photo_buttons(turn, count), False
    if step is Step.TITLE:
        return turn.text("ask_title", example=title_example(turn)), [], False
    simple = {Step.PLACE_NAME: "ask_place"}
    return turn.text(simple[step]), [], False


def title_example(turn: Turn) -> str:
    """An example title of the chosen type: a law-outreach title for law outreach, not an
    exchange's (people copy the example's shape)."""
    key = specific("title_example", turn.draft.activity_type)
    return turn.text(key, year=turn.today.year, month=turn.today.month)


def language_buttons(turn: Turn) -> list[list[Button]]:
    """Toggle buttons for each language, ticked when chosen, then Xong."""
    chosen = set(turn.data.get("languages_pick", []))
    labels = [
        Button(("✓ " if code in chosen else "") + turn.text(f"lang_{code}"), f"lang:{code}")
        for code in LANGUAGE_CODES
    ]
    rows = [labels[i : i + 3] for i in range(0, len(labels), 3)]
    return [*rows, [turn.button("btn_done", "lang:done")]]


def _photo_question(turn: Turn) -> str:
    kind = ACTIVITY_TYPES[turn.draft.activity_type or "other"]
    key = "ask_photos_required" if kind.photo_required else "ask_photos"
    return turn.text(key, max=turn.config.max_photos_per_report)
