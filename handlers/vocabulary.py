"""Recognising typed country and language names, with or without diacritics, vi or en."""

from __future__ import annotations

import re

from handlers.folding import fold
from handlers.texts import CATALOGUES
from models.activity_types import COUNTRY_CODES, LANGUAGE_CODES

# Input aliases people type that are not catalogue labels (never shown to users).
_COUNTRY_ALIASES = {
    "tq": "CN",
    "trung hoa": "CN",
    "trung": "CN",
    "lao": "LA",
    "cam pu chia": "KH",
    "cpc": "KH",
    "thai lan": "TH",
    "thailand": "TH",
    "myanmar": "MM",
    "han quoc": "KR",
    "nhat ban": "JP",
    "hoa ky": "US",
    "my": "US",
    "nga": "RU",
    "an do": "IN",
}
_LANGUAGE_ALIASES = {
    "viet": "vi",
    "kinh": "vi",
    "vietnamese": "vi",
    "mong": "hmong",
    "hmong": "hmong",
    "h'mong": "hmong",
    "thai": "thai",
    "dao": "dao",
    "ha nhi": "hanhi",
    "hani": "hanhi",
    "trung": "zh",
    "hoa": "zh",
    "chinese": "zh",
    "lao": "lo",
    "khmer": "km",
    "anh": "en",
    "english": "en",
}


def parse_country(text: str) -> str | None:
    """An ISO alpha-2 code from a name ('Trung Quốc', 'lao', 'China') or a typed code."""
    folded = fold(text)
    for catalogue in CATALOGUES.values():
        for code in COUNTRY_CODES:
            if folded == fold(catalogue[f"country_{code}"]):
                return code
    if folded in _COUNTRY_ALIASES:
        return _COUNTRY_ALIASES[folded]
    if re.fullmatch(r"[a-z]{2}", folded):
        return folded.upper()
    return None


def _language_code(word: str) -> str | None:
    folded = fold(word)
    folded = folded.removeprefix("tieng ")
    if folded in LANGUAGE_CODES:
        return folded
    for catalogue in CATALOGUES.values():
        for code in LANGUAGE_CODES:
            if folded == fold(catalogue[f"lang_{code}"]).removeprefix("tieng "):
                return code
    return _LANGUAGE_ALIASES.get(folded)


def parse_languages(text: str) -> tuple[list[str], str]:
    """Codes for 'việt, mông và dao'; the second item is the first word not understood."""
    words = [w for w in re.split(r"[,;/+]|\s+va\s+|\s+and\s+", fold(text)) if w.strip()]
    codes: list[str] = []
    for word in words:
        code = _language_code(word.strip())
        if code is None:
            return codes, word.strip()
        if code not in codes:
            codes.append(code)
    return codes, ""
