"""Neutral replies → Zalo Bot API calls, for a messenger without buttons.

Choices become a numbered list under the text ("1. Hôm nay"); the user types the number or
the word and the engine maps it back (`resolve_choice`). A location request gets a hint on
typing coordinates or pasting a map link (Zalo has no location event). Photos and files go
out as links the shared web server serves (bot/links.py), or a note when there is none.
Pure functions: `render` returns what to send; the channel publishes files and sends.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.channels.text_split import split_text, utf16_units
from handlers.texts import t
from handlers.types import Reply

MAX_TEXT = 2000  # sendMessage text and sendPhoto caption


@dataclass(frozen=True, slots=True)
class Outgoing:
    """One call: sendMessage with `text`, or sendPhoto of `photo_url` with `text` as caption."""

    method: str
    text: str = ""
    photo_url: str | None = None


@dataclass(frozen=True, slots=True)
class Links:
    """Where this reply's photo and file were published (None: no public web server)."""

    photo_url: str | None = None
    file_url: str | None = None
    hours: int = 0
    photo_urls: tuple[str, ...] = ()
    """One link per picture of `Reply.photos` (a report's photos), in their order."""


def render(reply: Reply, lang: str, links: Links | None = None) -> list[Outgoing]:
    """The calls that show one reply, in order."""
    links = links or Links()
    text = compose(reply, lang, links)
    calls: list[Outgoing] = []
    if reply.photo is not None and links.photo_url:
        caption, text = (text, "") if utf16_units(text) <= MAX_TEXT else ("", text)
        calls.append(Outgoing("sendPhoto", caption, links.photo_url))
    calls += [Outgoing("sendMessage", chunk) for chunk in split_text(text, MAX_TEXT)]
    return calls


def compose(reply: Reply, lang: str, links: Links) -> str:
    """The reply's text with what Zalo cannot show natively written out."""
    parts = [reply.text.strip()] if reply.text.strip() else []
    if reply.photo is not None and not links.photo_url:
        parts.append(t(lang, "zalo_photo_unavailable"))
    if reply.photos:
        parts.append(_album_text(reply, lang, links))
    if reply.document is not None:
        if links.file_url:
            parts.append(t(lang, "zalo_file_link", url=links.file_url, hours=links.hours))
        else:
            parts.append(t(lang, "zalo_file_unavailable"))
    if reply.request_location:
        parts.append(t(lang, "zalo_location_hint"))
    choices = numbered_choices(reply, lang)
    if choices:
        parts.append(choices)
    return "\n".join(parts)


def _album_text(reply: Reply, lang: str, links: Links) -> str:
    """Numbered expiring links to the pictures, or where they can be seen instead."""
    if len(links.photo_urls) != len(reply.photos):
        return t(lang, "zalo_photos_unavailable", count=len(reply.photos))
    lines = "\n".join(f"{n}. {url}" for n, url in enumerate(links.photo_urls, start=1))
    return t(lang, "zalo_photos_links", count=len(reply.photos), hours=links.hours, links=lines)


def numbered_choices(reply: Reply, lang: str) -> str:
    """'1. Hôm nay' … one per line, and how to answer."""
    labels = [button.label for button in reply.choices()]
    if not labels:
        return ""
    lines = [f"{n}. {label}" for n, label in enumerate(labels, start=1)]
    lines.append(t(lang, "zalo_choice_hint"))
    return "\n".join(lines)
