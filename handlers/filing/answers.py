"""Step functions that take the answers of a report, one question at a time.

Each returns the next step; on bad input it says what is expected, re-asks, and leaves the
draft as it was.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, timedelta

from handlers.filing.card import format_day
from handlers.filing.flow import advance, ask_question
from handlers.folding import matches
from handlers.parsing import (
    ParseError,
    more_than_a_year_before,
    parse_count,
    parse_date_range,
)
from handlers.steps import Step
from handlers.turn import Turn
from handlers.types import Kind
from handlers.vocabulary import parse_country, parse_languages
from models.activity_types import ACTIVITY_TYPES, COUNTRY_CODES
from models.schemas import COUNTERPART_MAX, DESCRIPTION_MAX, MAX_FIGURE, PLACE_MAX, TITLE_MAX

NONE_WORDS = ("không", "không có", "none", "no")
Asker = Callable[[Turn], Awaitable[Step]]


def wrong_kind_key(turn: Turn, expects: str) -> str:
    """The error for a message of the wrong kind; `expects` is 'text' or 'choice'."""
    kind = turn.msg.kind
    if kind in (Kind.PHOTO, Kind.DOCUMENT):
        return "err_not_now_photo"
    if kind is Kind.LOCATION:
        return "err_not_now_location"
    if kind is Kind.UNSUPPORTED:
        return "unsupported"
    return "err_expected_text" if expects == "text" else "err_expected_choice"


async def reask(turn: Turn, step: Step, key: str | None = None, **values: object) -> Step:
    """Say what was wrong (if anything) and ask the same question again."""
    if key:
        turn.say(key, **values)
    figure = turn.data.get("figure") if step is Step.FIGURE else None
    return await ask_question(turn, step, figure)


async def take_text(
    turn: Turn, step: Step, limit: int, ask_again: Asker | None = None
) -> str | None:
    """The typed answer within `limit` characters, or None after saying why and re-asking.

    `ask_again` re-asks steps outside the report's question flow (withdraw reason, invites).
    """
    problem: tuple[str, dict[str, object]] | None = None
    if turn.msg.kind is not Kind.TEXT:
        problem = (wrong_kind_key(turn, "text"), {})
    elif not turn.words:
        problem = ("err_empty", {})
    elif len(turn.words) > limit:
        problem = ("err_too_long", {"max": limit, "length": len(turn.words)})
    if problem is None:
        return turn.words
    if ask_again is None:
        await reask(turn, step, problem[0], **problem[1])
    else:
        turn.say(problem[0], **problem[1])
        await ask_again(turn)
    return None


def pressed(turn: Turn, prefix: str) -> str | None:
    """The payload after `prefix` if a matching button was pressed."""
    if turn.msg.kind is Kind.BUTTON and turn.msg.payload.startswith(prefix):
        return turn.msg.payload[len(prefix) :]
    return None


async def received_unit(turn: Turn) -> Step:
    """Which unit the report is for (only asked of people filing for several)."""
    choice = pressed(turn, "unit:")
    allowed = {str(u.id) for u in turn.access.filing_units()} if turn.access else set()
    if choice not in allowed:
        return await reask(turn, Step.CHOOSE_UNIT, wrong_kind_key(turn, "choice"))
    turn.update_draft(unit_id=int(choice))
    return await advance(turn)


async def received_activity_type(turn: Turn) -> Step:
    """The type decides which figures are asked; figures of another type are dropped."""
    code = pressed(turn, "type:")
    if code not in ACTIVITY_TYPES:
        return await reask(turn, Step.ACTIVITY_TYPE, wrong_kind_key(turn, "choice"))
    wanted = ACTIVITY_TYPES[code].figures
    kept = {k: v for k, v in turn.draft.figures.items() if k in wanted}
    turn.update_draft(activity_type=code, figures=kept)
    return await advance(turn)


async def _store_text(turn: Turn, step: Step, field: str, limit: int) -> Step:
    """Keep a typed answer in one draft field and move on (or re-ask)."""
    value = await take_text(turn, step, limit)
    if value is None:
        return step
    turn.update_draft(**{field: value})
    return await advance(turn)


async def received_title(turn: Turn) -> Step:
    """A short title."""
    return await _store_text(turn, Step.TITLE, "title", TITLE_MAX)


async def received_date(turn: Turn) -> Step:
    """Hôm nay / Hôm qua / Hôm kia buttons, or a typed date or range."""
    days_back = pressed(turn, "date:")
    if days_back in ("0", "1", "2"):
        day = turn.today - timedelta(days=int(days_back))
        turn.update_draft(start_date=day.isoformat(), end_date=day.isoformat())
        return await advance(turn)
    text = await take_text(turn, Step.DATE, 60)
    if text is None:
        return Step.DATE
    try:
        span = parse_date_range(text, turn.today)
    except ParseError as problem:
        return await reask(turn, Step.DATE, problem.key)
    if more_than_a_year_before(span.start, turn.today):
        turn.data["pending_date"] = [span.start.isoformat(), span.end.isoformat()]
        return await ask_date_confirmation(turn)
    turn.update_draft(start_date=span.start.isoformat(), end_date=span.end.isoformat())
    return await advance(turn)


async def ask_date_confirmation(turn: Turn) -> Step:
    """Show a date long ago back (2024 typed for 2026 is an easy slip) with its two choices."""
    pending = turn.data.get("pending_date")
    if not pending:
        return await reask(turn, Step.DATE)
    start, end = (date.fromisoformat(day) for day in pending)
    shown = format_day(start) if start == end else f"{format_day(start)} – {format_day(end)}"
    buttons = [[turn.button("btn_date_ok", "date:ok"), turn.button("btn_date_retry", "date:retry")]]
    turn.ask(turn.text("confirm_date_old", date=shown), buttons)
    return Step.CONFIRM_DATE


async def received_date_confirmation(turn: Turn) -> Step:
    """Yes keeps the old date; 'enter again' (or simply another date) replaces it."""
    answer = pressed(turn, "date:")
    pending = turn.data.get("pending_date")
    if answer == "ok" and pending:
        turn.data.pop("pending_date")
        turn.update_draft(start_date=pending[0], end_date=pending[1])
        return await advance(turn)
    if answer == "retry" or not pending:
        turn.data.pop("pending_date", None)
        return await reask(turn, Step.DATE)
    if turn.msg.kind is Kind.TEXT or answer in ("0", "1", "2"):
        turn.data.pop("pending_date")
        return await received_date(turn)
    turn.say(wrong_kind_key(turn, "choice"))
    return await ask_date_confirmation(turn)


async def received_place_name(turn: Turn) -> Step:
    """The place's name as people say it."""
    return await _store_text(turn, Step.PLACE_NAME, "place_name", PLACE_MAX)


async def received_figure(turn: Turn) -> Step:
    """One figure of the activity type, a whole number."""
    figure = turn.data.get("figure")
    kind = ACTIVITY_TYPES[turn.draft.activity_type or "other"]
    if figure not in kind.figures:
        return await advance(turn)
    text = await take_text(turn, Step.FIGURE, 20)
    if text is None:
        return Step.FIGURE
    try:
        value = parse_count(text, MAX_FIGURE)
    except ParseError as problem:
        return await reask(turn, Step.FIGURE, problem.key)
    turn.update_draft(figures={**turn.draft.figures, figure: value})
    return await advance(turn)


async def received_counterpart(turn: Turn) -> Step:
    """The unit or partner across the border ('không' for none)."""
    text = await take_text(turn, Step.COUNTERPART, COUNTERPART_MAX)
    if text is None:
        return Step.COUNTERPART
    turn.update_draft(counterpart="" if matches(text, *NONE_WORDS) else text)
    return await advance(turn)


async def received_country(turn: Turn) -> Step:
    """A neighbour by button, or any country typed by name or ISO code."""
    choice = pressed(turn, "country:")
    if choice == "other":
        turn.ask(turn.text("ask_other_country"))
        return Step.COUNTRY
    if choice in COUNTRY_CODES:
        turn.update_draft(country=choice)
        return await advance(turn)
    text = await take_text(turn, Step.COUNTRY, 60)
    if text is None:
        return Step.COUNTRY
    code = parse_country(text)
    if code is None:
        return await reask(turn, Step.COUNTRY, "err_country", text=text)
    turn.update_draft(country=code)
    return await advance(turn)


async def received_languages(turn: Turn) -> Step:
    """Toggle languages with buttons and finish with Xong, or type them."""
    choice = pressed(turn, "lang:")
    picked: list[str] = list(turn.data.get("languages_pick", []))
    if choice == "done":
        if not picked:
            return await reask(turn, Step.LANGUAGES, "err_expected_choice")
        turn.data.pop("languages_pick", None)
        turn.update_draft(languages=picked)
        return await advance(turn)
    if choice is not None:
        picked = [c for c in picked if c != choice] if choice in picked else [*picked, choice]
        turn.data["languages_pick"] = picked
        return await reask(turn, Step.LANGUAGES)
    text = await take_text(turn, Step.LANGUAGES, 200)
    if text is None:
        return Step.LANGUAGES
    codes, unknown = parse_languages(text)
    if unknown or not codes:
        return await reask(turn, Step.LANGUAGES, "err_language", text=unknown or text)
    turn.data.pop("languages_pick", None)
    turn.update_draft(languages=codes)
    return await advance(turn)


async def received_description(turn: Turn) -> Step:
    """Free text; may be skipped except for 'other', where it is the report."""
    if pressed(turn, "desc:") == "skip" and turn.draft.activity_type != "other":
        turn.update_draft(description="")
        return await advance(turn)
    text = await take_text(turn, Step.DESCRIPTION, DESCRIPTION_MAX)
    if text is None:
        return Step.DESCRIPTION
    turn.update_draft(description=text)
    return await advance(turn)
