"""The last choices shown, remembered in the state, so typing one counts as pressing it."""

from __future__ import annotations

import dataclasses

from handlers.folding import fold
from handlers.types import Incoming, Kind, Reply
from models.outbox_queue import COMMAND_PREFIX


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
    labels = [(fold(label.removeprefix("✓ ")), payload) for label, payload in choices]
    for label, payload in labels:
        if folded and folded == label:
            return dataclasses.replace(msg, kind=Kind.BUTTON, payload=payload)
    if not folded or folded.isdigit():
        return msg  # a number is a number, never the start of a label
    # "tuyen truyen phap luat" for «Tuyên truyền pháp luật, biên giới, biển đảo»; two
    # choices starting so ("tuyen truyen") leave the text as typed, and the step re-asks.
    shortened = {payload for label, payload in labels if _starts_with_words(label, folded)}
    if len(shortened) == 1:
        return dataclasses.replace(msg, kind=Kind.BUTTON, payload=shortened.pop())
    return msg


def _starts_with_words(label: str, typed: str) -> bool:
    """Whether `typed` is the beginning of `label` ending at a word boundary (both folded)."""
    rest = label.removeprefix(typed)
    return rest != label and not rest[:1].isalnum()


def choices_of(replies: list[Reply]) -> list[list[str]]:
    """(label, payload) of the last reply that offered buttons; stored for resolve_choice."""
    for reply in reversed(replies):
        if reply.buttons:
            return [[b.label, b.payload] for b in reply.choices()]
    return []


TAG_SEPARATOR = "#"
TAG_LENGTH = 8
"""A draft's buttons end in "#" and the first characters of its key: enough to tell one
draft from the next, and short enough for Telegram's 64 bytes of callback data."""
ALWAYS_BOUND = ("review:",)
"""Buttons that file or discard: an untagged one (a keyboard from before tags) is outdated."""


def draft_tag(data: dict) -> str | None:
    """The tag of the draft held in a conversation's data, if one is being filed."""
    key = (data.get("draft") or {}).get("key")
    return key[:TAG_LENGTH] if key else None


def bind_buttons(replies: list[Reply], tag: str) -> list[Reply]:
    """The replies with every button tagged with the draft it was shown for."""
    return [
        dataclasses.replace(
            reply,
            buttons=tuple(
                tuple(dataclasses.replace(b, payload=_tagged(b.payload, tag)) for b in row)
                for row in reply.buttons
            ),
        )
        if reply.buttons
        else reply
        for reply in replies
    ]


def _tagged(payload: str, tag: str) -> str:
    return payload if TAG_SEPARATOR in payload else f"{payload}{TAG_SEPARATOR}{tag}"


def unbind(msg: Incoming) -> tuple[Incoming, str | None]:
    """The pressed button without its tag, and the tag of the draft it was shown for."""
    if msg.kind is not Kind.BUTTON:
        return msg, None
    payload, separator, carried = msg.payload.rpartition(TAG_SEPARATOR)
    if not separator:
        return msg, None
    return dataclasses.replace(msg, payload=payload), carried


def outdated(msg: Incoming, carried: str | None, tag: str | None) -> bool:
    """Whether a pressed button was shown for another draft than the one open now (or for
    a draft when none is open); untagged buttons are trusted except those that file."""
    if msg.kind is not Kind.BUTTON:
        return False
    if carried is None:
        return msg.payload.startswith(ALWAYS_BOUND)
    return carried != tag


def command_pressed(msg: Incoming) -> Incoming:
    """A pressed outbox button ("cmd:/sua 12") as the command it carries: handled like the
    typed command, never read against the conversation's stored choices."""
    if msg.kind is not Kind.BUTTON or not msg.payload.startswith(COMMAND_PREFIX + "/"):
        return msg
    text = msg.payload.removeprefix(COMMAND_PREFIX)
    command, *args = text[1:].split() or [""]
    return dataclasses.replace(
        msg, kind=Kind.COMMAND, text=text, command=command, args=tuple(args), payload=""
    )
