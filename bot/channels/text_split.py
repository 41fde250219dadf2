"""Splitting long replies under a messenger's length limit, at line breaks where possible."""

from __future__ import annotations


def split_text(text: str, limit: int) -> list[str]:
    """Chunks of at most `limit` UTF-16 units, cut at line breaks, else at spaces, else
    anywhere; no chunk is blank.

    UTF-16 units are Telegram's measure; for Zalo, whose servers count characters the same
    way or by code points, it is the safe (never longer) reading of "2000 characters".
    """
    chunks: list[str] = []
    rest = text
    while utf16_units(rest) > limit:
        fit = _fitting_prefix(rest, limit)
        window = rest[:fit]
        cut = window.rfind("\n")
        if cut <= 0:
            cut = window.rfind(" ")
        if cut <= 0:
            chunks.append(window)
            rest = rest[fit:]
            continue
        chunks.append(rest[:cut])
        rest = rest[cut + 1 :]
    chunks.append(rest)
    return [chunk for chunk in chunks if chunk.strip()]


def utf16_units(text: str) -> int:
    """Length in UTF-16 code units: characters outside the BMP (emoji) count twice."""
    return len(text.encode("utf-16-le")) // 2


def _fitting_prefix(text: str, limit: int) -> int:
    """The longest prefix length (in characters) that fits in `limit` UTF-16 units."""
    used = 0
    for index, char in enumerate(text):
        used += 2 if ord(char) > 0xFFFF else 1
        if used > limit:
            return index
    return len(text)
