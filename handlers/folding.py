"""Fold Vietnamese text so words match with or without diacritics ("huỷ" = "huy" = "HỦY")."""

from __future__ import annotations

import unicodedata

# Đ/đ have no decomposition; Ð/ð (Icelandic eth, U+00D0/U+00F0) look the same and come from
# some keyboards and copied text, so they must match too.
_D_LETTERS = str.maketrans({"đ": "d", "Đ": "D", "\u00f0": "d", "\u00d0": "D"})


def fold(text: str) -> str:
    """Lowercase, strip diacritics (đ, Ð → d) and collapse white space."""
    decomposed = unicodedata.normalize("NFD", text.translate(_D_LETTERS))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())


def matches(text: str, *words: str) -> bool:
    """True if the folded text equals one of the folded words."""
    folded = fold(text)
    return any(folded == fold(word) for word in words)
