"""The last choices shown, remembered in the state, so typing one counts as pressing it."""

from __future__ import annotations

import dataclasses

from handlers.folding import fold
from handlers.types import Incoming, Kind, Reply


def resolve_choice(msg: Incoming, choices: list[list[str]]) -> Incoming:
    """A typed number or label of the last shown choices counts as pressing that button.

    This is how channels without buttons (Zalo, the console) answer choices, and it lets
    anyone type "gui" instead of pressing Gửi.
    """
    if msg.kind is not Kind.TEXT or not choices:
        return msg
    text = msg.text.strip()
    if text.isdigit() and 1 <= int(text) <= len(choices):
        return dataclasses.replace(msg, kind=Kind.BUTTON, payload=choices[int(text) - 1][1])
    folded = fold(text)
    for label, payload in choices:
        if folded and folded == fold(label.removeprefix("✓ ")):
            return dataclasses.replace(msg, kind=Kind.BUTTON, payload=payload)
    return msg


def choices_of(replies: list[Reply]) -> list[list[str]]:
    """(label, payload) of the last reply that offered buttons; stored for resolve_choice."""
    for reply in reversed(replies):
        if reply.buttons:
            return [[b.label, b.payload] for b in reply.choices()]
    return []
