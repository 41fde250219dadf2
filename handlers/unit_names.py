"""Finding the unit a person names in a sentence ("đồn Hữu Nghị", "huyện Cao Lộc", a code)."""

from __future__ import annotations

import re

from handlers.folding import fold
from models.units import Unit

# Abbreviations people type for unit kinds (input only, never shown).
_ABBREVIATIONS = {
    "dbp": "don bien phong",
    "bdbp": "bo doi bien phong",
    "bchbdbp": "bo chi huy bo doi bien phong",
    "tp": "thanh pho",
    "tt": "thi tran",
    "btg": "ban tuyen giao",
}
# Kind words dropped on a second try: "huyện Cao Lộc" still finds a unit named "Cao Lộc".
_KIND_WORDS = frozenset({"don", "huyen", "xa", "phuong", "thi", "tran", "thanh", "pho", "tinh"})
_WORD = re.compile(r"[a-z0-9]+")


def _tokens(text: str) -> list[str]:
    words = _WORD.findall(fold(text))
    expanded = " ".join(_ABBREVIATIONS.get(w, w) for w in words)
    return expanded.split()


def match_units(words: str, units: list[Unit]) -> list[Unit]:
    """Units whose name contains every word typed (any order, diacritics optional), or whose
    code is the text; the closest matches when several fit."""
    folded = fold(words).replace(" ", "")
    if not folded:
        return []
    by_code = [u for u in units if fold(u.code) == folded]
    if by_code:
        return by_code
    wanted = _tokens(words)
    found = _containing(wanted, units)
    if not found:
        rest = [w for w in wanted if w not in _KIND_WORDS]
        found = _containing(rest, units) if rest else []
    exact = [u for u in found if _tokens(u.name) == wanted]
    if exact:
        return exact
    phrase = [u for u in found if " ".join(wanted) in " ".join(_tokens(u.name))]
    return phrase or found


def _containing(wanted: list[str], units: list[Unit]) -> list[Unit]:
    return [u for u in units if wanted and set(wanted) <= set(_tokens(u.name))]
