"""/tonghop: ask (or read from one sentence) the period and the unit, answer with the figures,
a chart, and buttons for the spreadsheet and the draft review report.

The request being built lives in turn.data["summary"] as period codes and a unit id, so a typed
sentence, a button and a mix of both end in the same answer. The figures are read inside the
update's transaction; the chart and files are rendered after it committed, in a worker thread
(`Reply.render`): they are CPU work and must neither stall other users' updates nor hold the
database lock.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from handlers.access.guidance import scope_examples
from handlers.filing.answers import pressed, wrong_kind_key
from handlers.folding import fold
from handlers.periods import parse_request
from handlers.steps import Step
from handlers.summaries.exports import FORMATS, gather
from handlers.summaries.exports.chart import render_chart
from handlers.summaries.exports.chart_data import chart_data
from handlers.summaries.exports.labels import capitalised, period_label
from handlers.summaries.file_reply import cli_command, file_reply
from handlers.summaries.text import summary_text
from handlers.turn import Turn
from handlers.types import Button, Channel, Kind, Reply
from handlers.unit_names import match_units
from models import aggregates, directory
from models.periods import Period, PeriodKind
from models.scope import (
    all_units,
    children_of,
    default_scope,
    reader_roots,
    scope_for,
    visible_units,
)

FILE_CHANNELS = frozenset({Channel.TELEGRAM, Channel.CONSOLE})
"""Channels that can send a file; others are told how to get it (links come with the web
route for generated files)."""
MAX_UNIT_BUTTONS = 10
SENTENCE_MAX = 200
_DAYS_TOKEN = re.compile(r"(\d{8})-(\d{8})")
ONE_DAY = timedelta(days=1)


def period_token(period: Period) -> str:
    """A period in a button payload: its code, or a compact day range (Telegram allows 64 bytes)."""
    if period.kind is PeriodKind.DAYS:
        return f"{period.start:%Y%m%d}-{period.end:%Y%m%d}"
    return period.code


def period_from_token(token: str) -> Period:
    """Back from `period_token` (also accepts full codes); ValueError when it is not one."""
    match = _DAYS_TOKEN.fullmatch(token)
    if match:
        first, last = (date(int(v[:4]), int(v[4:6]), int(v[6:])) for v in match.groups())
        return Period.days(first, last)
    return Period.from_code(token)


def sentence_of(turn: Turn) -> str:
    """What follows /tonghop, or "tổng hợp" in a plain sentence."""
    if turn.msg.kind is Kind.COMMAND:
        return " ".join(turn.msg.args)
    words = turn.words.split()
    if fold(" ".join(words[:2])) == "tong hop":
        return " ".join(words[2:])
    return " ".join(words[1:] if words and fold(words[0]) == "summary" else words)


def asks_for_figures(turn: Turn) -> bool:
    """A plain sentence naming a period ("6 tháng đầu năm 2026 so với cùng kỳ") from someone
    who may see figures: a summary request even without "tổng hợp". A lone number is not
    (it is more likely a stray answer)."""
    if turn.msg.kind is not Kind.TEXT or turn.access is None:
        return False
    if default_scope(turn.access) is None:
        return False
    text = turn.words[:SENTENCE_MAX]
    request = parse_request(text, turn.today)
    if request.period is not None or request.against is not None:
        return True
    return bool(request.choices) and len(text.split()) > 1


def _state(turn: Turn) -> dict:
    return turn.data.setdefault("summary", {})


async def start_summary(turn: Turn) -> Step:
    """Readers and reporters only; then read the sentence, if any, and ask what is missing."""
    if turn.access is None or default_scope(turn.access) is None:
        turn.say("sum_not_allowed")
        return Step.IDLE
    turn.data["summary"] = {}
    text = sentence_of(turn)[:SENTENCE_MAX]
    if text.strip():
        return await _apply_sentence(turn, text, Step.SUMMARY_PERIOD)
    return await _ask_next(turn)


async def _apply_sentence(turn: Turn, text: str, step: Step) -> Step:
    """Take the period, comparison and unit a sentence names; ask back when it is ambiguous."""
    request = parse_request(text, turn.today)
    state = _state(turn)
    if request.problem:
        turn.say(request.problem)
    if request.period:
        state["period"] = period_token(request.period)
    if request.against:
        state["against"] = period_token(request.against)
    if request.whole and turn.access:
        scope = default_scope(turn.access)
        state["unit"] = scope.unit.id if scope else None
    elif request.unit_words and not await _take_unit_words(turn, request.unit_words):
        return await ask_scope(turn)
    if request.choices:
        return ask_period(turn, list(request.choices))
    nothing_read = not (request.period or request.problem or request.whole or request.unit_words)
    if nothing_read and step is Step.SUMMARY_PERIOD and not state.get("period"):
        turn.say("sum_period_unknown", text=text)
    return await _ask_next(turn)


async def _take_unit_words(turn: Turn, words: str) -> bool:
    """Resolve a typed unit name among the units the person may see; False after saying why."""
    assert turn.access is not None
    matches = match_units(words, await visible_units(turn.access))
    state = _state(turn)
    if len(matches) == 1:
        state["unit"] = matches[0].id
        state.pop("unit_choices", None)
        return True
    if matches:
        state["unit_choices"] = [u.id for u in matches[:MAX_UNIT_BUTTONS]]
        return True
    elsewhere = match_units(words, await all_units())
    if elsewhere:
        turn.say("sum_outside_scope", unit=elsewhere[0].name)
    else:
        turn.say("sum_unit_unknown", text=words)
    return False


async def _ask_next(turn: Turn) -> Step:
    """The first missing part is asked; with everything known, the answer."""
    state = _state(turn)
    if not state.get("period"):
        return ask_period(turn)
    if state.get("unit_choices") or not state.get("unit"):
        only = await _only_unit(turn)
        if only is None or state.get("unit_choices"):
            return await ask_scope(turn)
        state["unit"] = only
    return await answer(turn)


async def _only_unit(turn: Turn) -> int | None:
    """The unit to use without asking: when the person can see exactly one."""
    assert turn.access is not None
    units = await visible_units(turn.access)
    return units[0].id if len(units) == 1 else None


def _default_periods(today: date) -> list[Period]:
    """This 6-month period first (the default), then the usual review periods."""
    half = Period.containing(PeriodKind.HALF, today)
    quarter = Period.containing(PeriodKind.QUARTER, today)
    month = Period.containing(PeriodKind.MONTH, today.replace(day=1) - ONE_DAY)
    candidates = [
        half,
        Period.containing(PeriodKind.HALF, half.start - ONE_DAY),
        quarter,
        Period.containing(PeriodKind.QUARTER, quarter.start - ONE_DAY),
        month,
        Period.year(today.year),
        Period.year(today.year - 1),
    ]
    return list(dict.fromkeys(candidates))


def ask_period(turn: Turn, choices: list[Period] | None = None) -> Step:
    """Period buttons (the readings of an ambiguous sentence, or the usual ones)."""
    periods = choices or _default_periods(turn.today)
    rows = [
        [Button(capitalised(period_label(turn.lang, p)), f"sum_period:{period_token(p)}")]
        for p in periods
    ]
    key = "sum_ask_which_period" if choices else "sum_ask_period"
    turn.ask(turn.text(key), rows)
    return Step.SUMMARY_PERIOD


async def ask_scope(turn: Turn) -> Step:
    """Unit buttons: the matches of a typed name, else the person's top unit and its children."""
    assert turn.access is not None
    state = _state(turn)
    if state.get("unit_choices"):
        units = await directory.units_by_ids(state["unit_choices"])
        key = "sum_ask_which_unit"
    else:
        roots = reader_roots(turn.access)
        units = list(roots)
        if roots:
            units += [u for u in await children_of(roots[0]) if u not in units]
        units += [u for u in await visible_units(turn.access) if u not in units]
        key = "sum_ask_scope"
    rows = [[Button(u.name, f"sum_unit:{u.id}")] for u in units[:MAX_UNIT_BUTTONS]]
    examples = await scope_examples(turn) if key == "sum_ask_scope" else ""
    turn.ask(turn.text(key, examples=examples), rows)
    return Step.SUMMARY_SCOPE


async def received_period(turn: Turn) -> Step:
    """A period button, or a typed sentence (which may name the unit too)."""
    token = pressed(turn, "sum_period:")
    if token is not None:
        try:
            _state(turn)["period"] = period_token(period_from_token(token))
        except ValueError:
            return ask_period(turn)
        return await _ask_next(turn)
    if pressed(turn, "sum_unit:") is not None:
        return await received_scope(turn)
    if pressed(turn, "sumx:") is not None:
        return await _export_instead(turn)
    text = await _typed(turn, Step.SUMMARY_PERIOD)
    if text is None:
        return Step.SUMMARY_PERIOD
    return await _apply_sentence(turn, text, Step.SUMMARY_PERIOD)


async def received_scope(turn: Turn) -> Step:
    """A unit button, or a typed unit name ("toàn tỉnh", "đồn Hữu Nghị")."""
    chosen = pressed(turn, "sum_unit:")
    if chosen is not None:
        unit = await directory.get_unit(int(chosen)) if chosen.isdigit() else None
        if unit is None or turn.access is None or scope_for(turn.access, unit) is None:
            turn.say("sum_outside_scope", unit=unit.name if unit else chosen)
            return await ask_scope(turn)
        state = _state(turn)
        state["unit"] = unit.id
        state.pop("unit_choices", None)
        return await _ask_next(turn)
    if pressed(turn, "sum_period:") is not None:
        return await received_period(turn)
    if pressed(turn, "sumx:") is not None:
        return await _export_instead(turn)
    text = await _typed(turn, Step.SUMMARY_SCOPE)
    if text is None:
        return Step.SUMMARY_SCOPE
    _state(turn).pop("unit_choices", None)
    return await _apply_sentence(turn, text, Step.SUMMARY_SCOPE)


async def _export_instead(turn: Turn) -> Step:
    """A file button of an earlier answer pressed mid-question: the new question is dropped."""
    turn.data.pop("summary", None)
    return await pressed_export(turn)


async def _typed(turn: Turn, step: Step) -> str | None:
    """Typed text, or None after saying what is expected and asking again."""
    if turn.msg.kind is not Kind.TEXT or not turn.words:
        turn.say(wrong_kind_key(turn, "choice") if turn.msg.kind is not Kind.TEXT else "err_empty")
        await reask_summary(turn, step)
        return None
    return turn.words[:SENTENCE_MAX]


async def reask_summary(turn: Turn, step: Step) -> Step:
    """Ask the pending summary question again (after help, or bad input)."""
    if step is Step.SUMMARY_SCOPE:
        return await ask_scope(turn)
    return ask_period(turn)


async def answer(turn: Turn) -> Step:
    """The figures as text, the chart, and buttons for the files."""
    state = turn.data.get("summary", {})
    turn.data.pop("summary", None)
    period = period_from_token(state["period"])
    against = period_from_token(state["against"]) if state.get("against") else None
    against = against or period.same_period_last_year()
    unit = await directory.get_unit(state["unit"])
    scope = scope_for(turn.access, unit) if unit and turn.access else None
    if scope is None:
        turn.say("sum_outside_scope", unit=unit.name if unit else "?")
        return Step.IDLE
    await turn.working("sum_working")  # the figures, then a chart: a second or two
    comparison = await aggregates.compare(scope, period, against)
    figures, caption = chart_data(turn.lang, comparison), turn.text("sum_chart_caption")
    turn.replies.append(Reply(render=lambda: Reply(photo=render_chart(figures), text=caption)))
    payload = f"{unit.id}:{period_token(period)}:{period_token(against)}"
    buttons = [
        [turn.button("btn_sum_xlsx", f"sumx:xlsx:{payload}")],
        [turn.button("btn_sum_docx", f"sumx:docx:{payload}")],
    ]
    turn.ask(summary_text(turn.lang, comparison), buttons)
    return Step.IDLE


async def pressed_export(turn: Turn) -> Step:
    """Build the .xlsx or .docx the button names; re-checks the person's scope first."""
    parts = turn.msg.payload.split(":")
    try:
        _, kind, unit_id, period_text, against_text = parts
        period, against = period_from_token(period_text), period_from_token(against_text)
    except ValueError:
        turn.say("err_expected_choice")
        return Step.IDLE
    unit = await directory.get_unit(int(unit_id)) if unit_id.isdigit() else None
    scope = scope_for(turn.access, unit) if unit and turn.access else None
    if kind not in FORMATS or unit is None or scope is None:
        turn.say("sum_outside_scope", unit=unit.name if unit else unit_id)
        return Step.IDLE
    # Zalo cannot upload files: its adapter turns a document into an expiring link, which
    # needs PUBLIC_BASE_URL; without one, point to the CLI.
    if turn.msg.channel not in FILE_CHANNELS and not turn.config.public_base_url:
        turn.say("sum_file_cli", command=cli_command(unit, period, kind))
        return Step.IDLE
    await turn.working("sum_working")
    turn.keep_choices = True  # the other file's button stays typable ("2")
    data = await gather(
        scope,
        period,
        against,
        lang=turn.lang,
        today=turn.today,
        rows=kind != "docx",
        notable=kind == "docx",
        max_distance_km=turn.config.max_distance_from_unit_km,
        tz=turn.config.tz,
    )
    caption = turn.text(f"sum_file_{kind}", period=period_label(turn.lang, period))
    turn.replies.append(file_reply(turn, kind, data, unit, period, caption))
    return Step.IDLE
