"""One cleaning of every incoming text, before any step sees it.

A pasted NUL or vertical tab is stored by SQLite and then breaks the province's spreadsheet,
while PostgreSQL refuses the whole transaction; NFD input would be stored as NFD and match
nothing. So every text the engine receives (message, command and its arguments, button
payload, caption, file and display names) goes through `clean_text` once, here.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata

from handlers.types import Incoming, Kind

# C0 and C1 control characters except tab and newline, DEL, and lone surrogates (which a
# JSON decoder can produce and no database or XML writer accepts).
_UNWANTED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
# "/ huy": a space slipped in after the slash; still the command.
_SPACED_COMMAND = re.compile(r"^/\s+(\w+)(?:\s+(.*))?$", re.DOTALL)


def clean_text(text: str) -> str:
    """NFC, without control characters (newline and tab stay); a carriage return becomes a
    newline so Windows pastes keep their lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _UNWANTED.sub("", unicodedata.normalize("NFC", text))


def normalise_incoming(msg: Incoming) -> Incoming:
    """The same message with every text cleaned, and "/ word" read as the command /word."""
    attachment = msg.attachment
    if attachment is not None:
        attachment = dataclasses.replace(
            attachment,
            caption=_clean_optional(attachment.caption),
            file_name=_clean_optional(attachment.file_name),
        )
    cleaned = dataclasses.replace(
        msg,
        text=clean_text(msg.text),
        command=clean_text(msg.command),
        args=tuple(arg for arg in (clean_text(a) for a in msg.args) if arg),
        payload=clean_text(msg.payload),
        display_name=clean_text(msg.display_name).strip(),
        attachment=attachment,
    )
    return _spaced_command(cleaned)


def _clean_optional(text: str | None) -> str | None:
    return clean_text(text) if text is not None else None


def _spaced_command(msg: Incoming) -> Incoming:
    """Typed "/ huy" or "/  tonghop quý 3" as the command people meant."""
    if msg.kind is not Kind.TEXT:
        return msg
    match = _SPACED_COMMAND.match(msg.text.strip())
    if match is None:
        return msg
    command, rest = match.groups()
    return dataclasses.replace(
        msg, kind=Kind.COMMAND, command=command, args=tuple((rest or "").split())
    )
