"""/xem: the reports of a reader's subtree, waiting for review unless asked otherwise, 10 a page.

Filters are typed like summaries ("xem trả lại tháng 11 đồn Hữu Nghị"): a state word, then the
period and unit words the summary parsers read. A page button carries the whole filter, so an
old list still pages; its unit is checked against the person's scope again when pressed.
"""

from __future__ import annotations

from handlers.filing.card import format_day
from handlers.folding import fold
from handlers.periods import parse_request
from handlers.reviewing.report_view import show_report
from handlers.steps import Step
from handlers.summaries.dialogue import period_from_token, period_token
from handlers.summaries.exports.labels import period_label
from handlers.turn import Turn
from handlers.types import Button, Kind
from handlers.unit_names import match_units
from models import review_queries
from models.periods import Period
from models.reports import Report, ReportStatus
from models.review_queries import Filter
from models.scope import all_units, reader_roots, scope_for, visible_units
from models.units import Unit

SENTENCE_MAX = 200
TITLE_IN_BUTTON = 40
STATE_WORDS = (  # folded; longest first so "tat ca" is not read as a unit
    ("cho duyet", "s"),
    ("tra lai", "r"),
    ("da duyet", "a"),
    ("da rut", "w"),
    ("tat ca", "*"),
)
STATES: dict[str, tuple[ReportStatus, ...]] = {
    "s": (ReportStatus.SUBMITTED,),
    "r": (ReportStatus.RETURNED,),
    "a": (ReportStatus.APPROVED,),
    "w": (ReportStatus.WITHDRAWN,),
    "*": (),
}


def sentence_of(turn: Turn) -> str:
    """What follows /xem, or "xem" in a plain sentence."""
    if turn.msg.kind is Kind.COMMAND:
        return " ".join(turn.msg.args)[:SENTENCE_MAX]
    words = turn.words.split()
    return " ".join(words[1:])[:SENTENCE_MAX]


def take_state(folded: str) -> tuple[str, str]:
    """The state code a sentence names (waiting for review by default) and the other words."""
    for words, code in STATE_WORDS:
        if f" {words} " in f" {folded} ":
            return code, " ".join(f" {folded} ".replace(f" {words} ", " ").split())
    return "s", folded


async def start_reports(turn: Turn) -> Step:
    """A number opens that report; anything else lists, for those who read a subtree."""
    text = sentence_of(turn)
    number = text.strip().lstrip("#")
    if number.isdigit():
        await show_report(turn, int(number))
        return Step.IDLE
    if turn.access is None or not reader_roots(turn.access):
        turn.say("queue_not_allowed")
        return Step.IDLE
    state, rest = take_state(fold(text))
    request = parse_request(rest, turn.today)
    if request.problem or request.choices:
        turn.say("queue_filter_unknown", text=text)
        return Step.IDLE
    unit = None
    if request.unit_words and not request.whole:
        unit = await _unit_named(turn, request.unit_words)
        if unit is None:
            return Step.IDLE
    await show_page(turn, state, request.period, unit, 0)
    return Step.IDLE


async def _unit_named(turn: Turn, words: str) -> Unit | None:
    """The one unit of the person's subtrees the words name; None after saying why."""
    assert turn.access is not None
    readable = [u for u in await visible_units(turn.access) if _readable(turn, u)]
    matches = match_units(words, readable)
    if len(matches) == 1:
        return matches[0]
    if matches:
        names = ", ".join(u.name for u in matches[:5])
        turn.say("queue_unit_several", names=names)
    elif match_units(words, await all_units()):
        turn.say("queue_unit_outside", text=words)
    else:
        turn.say("sum_unit_unknown", text=words)
    return None


def _readable(turn: Turn, unit: Unit) -> bool:
    """Whether the unit lies in a subtree the person reads (a reporter's own unit does not)."""
    scope = scope_for(turn.access, unit) if turn.access else None
    return scope is not None and scope.subtree


async def show_page(
    turn: Turn, state: str, period: Period | None, unit: Unit | None, offset: int
) -> None:
    """One page: a line and a button per report, and Trước / Sau."""
    assert turn.access is not None
    roots = (unit,) if unit is not None else tuple(reader_roots(turn.access))
    wanted = Filter(
        roots=roots,
        statuses=STATES[state],
        first_day=period.start if period else None,
        last_day=period.end if period else None,
    )
    page = await review_queries.reports_page(wanted, offset)
    heading = _heading(turn, state, period, unit)
    if not page.total:
        turn.say("queue_empty", what=heading)
        return
    pages = (page.total + review_queries.PAGE_SIZE - 1) // review_queries.PAGE_SIZE
    lines = [
        turn.text(
            "queue_title",
            what=heading,
            total=page.total,
            page=page.offset // review_queries.PAGE_SIZE + 1,
            pages=pages,
        )
    ]
    lines += [_line(turn, r) for r in page.reports]
    rows = [[Button(_label(r), f"rv:open:{r.id}")] for r in page.reports]
    rows.append(_paging(turn, page, f"rv:pg:{state}:{_token(period)}:{unit.id if unit else '-'}"))
    turn.ask("\n".join(lines), rows)


def _heading(turn: Turn, state: str, period: Period | None, unit: Unit | None) -> str:
    parts = [turn.text(f"queue_state_{'all' if state == '*' else state}")]
    if period is not None:
        parts.append(period_label(turn.lang, period))
    if unit is not None:
        parts.append(unit.name)
    return " — ".join(parts)


def _line(turn: Turn, report: Report) -> str:
    return turn.text(
        "queue_line",
        number=report.id,
        date=format_day(report.start_date),
        unit=report.unit.name,
        type=turn.text(f"type_{report.activity_type}"),
        title=report.title,
        status=turn.text(f"status_{report.status.value}"),
    )


def _label(report: Report) -> str:
    title = report.title
    short = title if len(title) <= TITLE_IN_BUTTON else title[: TITLE_IN_BUTTON - 1] + "…"
    return f"#{report.id} · {short}"


def _token(period: Period | None) -> str:
    return period_token(period) if period is not None else "-"


def _paging(turn: Turn, page: review_queries.ReportPage, prefix: str) -> list[Button]:
    """Trước / Sau buttons carrying the offset of the page they lead to."""
    size = review_queries.PAGE_SIZE
    row = []
    if page.offset > 0:
        row.append(turn.button("btn_page_previous", f"{prefix}:{max(0, page.offset - size)}"))
    if page.offset + size < page.total:
        row.append(turn.button("btn_page_next", f"{prefix}:{page.offset + size}"))
    return row


async def pressed_page(turn: Turn, rest: str) -> Step:
    """A Trước / Sau press: the filter again from the payload, its unit checked again."""
    parts = rest.split(":")
    if turn.access is None or not reader_roots(turn.access):
        turn.say("queue_not_allowed")
        return Step.IDLE
    try:
        state, token, unit_id, offset = parts
        period = None if token == "-" else period_from_token(token)
        start = int(offset)
    except ValueError:
        turn.say("err_expected_choice")
        return Step.IDLE
    if state not in STATES:
        turn.say("err_expected_choice")
        return Step.IDLE
    unit = None
    if unit_id != "-":
        readable = [u for u in await visible_units(turn.access) if _readable(turn, u)]
        unit = next((u for u in readable if str(u.id) == unit_id), None)
        if unit is None:
            turn.say("queue_not_allowed")
            return Step.IDLE
    await show_page(turn, state, period, unit, start)
    return Step.IDLE
