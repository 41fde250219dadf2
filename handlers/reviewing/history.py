"""Lịch sử and /lichsu N: what happened to a report, who did it, when, and what changed.

Only for those who may read the report; any other number answers "not found".
"""

from __future__ import annotations

from handlers.reviewing.report_view import format_moment, say_not_found
from handlers.steps import Step
from handlers.texts import has_text
from handlers.turn import Turn
from handlers.types import Kind, Reply
from models import review
from models.reports import AuditEvent

FIELD_LABELS = {
    "unit_id": "card_unit",
    "activity_type": "card_type",
    "title": "card_title",
    "start_date": "card_date",
    "end_date": "card_date",
    "place_name": "card_place",
    "latitude": "card_location",
    "longitude": "card_location",
    "location_source": "card_location",
    "counterpart": "card_counterpart",
    "country": "card_country",
    "languages": "card_languages",
    "description": "card_description",
    "photos": "card_photos",
}
VALUE_MAX = 120
MAX_EVENTS = 30


async def start_history(turn: Turn) -> Step:
    """/lichsu 123 (the number is required)."""
    number = (turn.msg.args[0] if turn.msg.kind is Kind.COMMAND and turn.msg.args else "").lstrip(
        "#"
    )
    if not number.isdigit():
        turn.say("history_usage")
        return Step.IDLE
    await show_history(turn, int(number))
    return Step.IDLE


async def pressed_history(turn: Turn, rest: str) -> Step:
    """The Lịch sử button of an opened report."""
    if not rest.isdigit():
        say_not_found(turn, rest)
        return Step.IDLE
    await show_history(turn, int(rest))
    return Step.IDLE


async def show_history(turn: Turn, report_id: int) -> None:
    """The audit trail, oldest first (the latest events if there are very many)."""
    if await review.report_in_scope(turn.access, turn.person, report_id) is None:
        say_not_found(turn, report_id)
        return
    events = await review.history(report_id)
    lines = [turn.text("history_title", number=report_id)]
    for event in events[-MAX_EVENTS:]:
        lines += event_lines(turn, event)
    turn.replies.append(Reply(text="\n".join(lines)))


def event_lines(turn: Turn, event: AuditEvent) -> list[str]:
    """One line for the event, then one per changed field (old → new) and the reason."""
    action = f"history_action_{event.action}"
    what = turn.text(action) if has_text(action) else event.action
    who = event.person.display_name if event.person else turn.text("card_none")
    lines = [f"• {format_moment(turn, event.created_at)} · {who} · {what}"]
    detail = event.detail if isinstance(event.detail, dict) else {}
    if detail.get("reason"):
        lines.append(f"  {turn.text('history_reason')}: {_value(turn, detail['reason'])}")
    for field, change in _changes(detail).items():
        old, new = change
        label = _field_label(turn, field)
        lines.append(f"  {label}: {_value(turn, old)} → {_value(turn, new)}")
    return lines


def _changes(detail: dict) -> dict[str, tuple[object, object]]:
    """The field-level diff, stored under "diff"/"changes" or as the detail itself."""
    source = detail.get("diff") or detail.get("changes") or detail
    if not isinstance(source, dict):
        return {}
    return {
        str(name): (pair[0], pair[1])
        for name, pair in source.items()
        if isinstance(pair, list | tuple) and len(pair) == 2
    }


def _field_label(turn: Turn, field: str) -> str:
    key = FIELD_LABELS.get(field) or f"figure_{field}"
    return turn.text(key) if has_text(key) else field


def _value(turn: Turn, value: object) -> str:
    """A stored value as read: empty shows as none, long text is cut."""
    if value is None or value == "" or value == []:
        return turn.text("card_none")
    text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    return text if len(text) <= VALUE_MAX else text[: VALUE_MAX - 1] + "…"
