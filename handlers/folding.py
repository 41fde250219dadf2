"""Fold Vietnamese text so words match with or without diacritics ("huỷ" = "huy" = "HỦY")."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lowercase, strip diacritics (đ → d) and collapse white space."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())


def matches(text: str, *words: str) -> bool:
    """True if the folded text equals one of the folded words."""
    folded = fold(text)
    return any(folded == fold(word) for word in words)
