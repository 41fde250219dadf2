"""Recognising typed country and language names, with or without diacritics, vi or en."""

from __future__ import annotations

import re
from functools import lru_cache

from babel import Locale

from handlers.folding import fold
from handlers.texts import CATALOGUES
from models.activity_types import COUNTRY_CODES, LANGUAGE_CODES

# Input aliases people type that are not catalogue labels (never shown to users).
# Babel's names (vi and en) cover the full names; these are the short forms people say.
_COUNTRY_ALIASES = {
    "tq": "CN",
    "trung hoa": "CN",
    "trung": "CN",
    "cam pu chia": "KH",
    "cpc": "KH",
    "thai": "TH",
    "han": "KR",
    "nam han": "KR",
    "bac han": "KP",
    "nhat": "JP",
    "my": "US",
    "usa": "US",
    "anh": "GB",
    "uk": "GB",
    "hong kong": "HK",
    "ma cao": "MO",
    "macau": "MO",
}
# Names Babel gives that are no ISO 3166-1 country: exceptionally reserved codes (Ascension,
# Canary Islands…), groupings (EU, UN, eurozone), Kosovo's user-assigned XK, pseudo-locales,
# "unknown region"; numeric UN M.49 regions are left out by the letters-only test.
_NOT_COUNTRIES = frozenset(
    {"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "XK", "ZZ"}
)
_NAME_LOCALES = ("vi", "en")
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


@lru_cache(maxsize=1)
def country_codes() -> frozenset[str]:
    """The 249 ISO 3166-1 alpha-2 codes: only real countries may be stored on a report."""
    return frozenset(
        code
        for code in Locale("en").territories
        if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES
    )


@lru_cache(maxsize=len(_NAME_LOCALES))
def _territory_names(lang: str) -> dict[str, str]:
    """Babel's country names in one language, loaded once (not on every message)."""
    names = Locale(lang).territories
    return {code: names[code] for code in country_codes() if code in names}


def _name_variants(name: str) -> list[str]:
    """'Myanmar (Miến Điện)' is also 'Myanmar' and 'Miến Điện'; 'Macao, Trung Quốc' 'Macao'."""
    inside = re.findall(r"\(([^)]*)\)", name)
    before = re.split(r"[,(]", name, maxsplit=1)[0]
    return [before, *inside]


@lru_cache(maxsize=1)
def _country_by_name() -> dict[str, str]:
    """Folded name → code: catalogue labels, short forms, Babel's full names, then variants."""
    table: dict[str, str] = {}
    for catalogue in CATALOGUES.values():
        for code in COUNTRY_CODES:
            table.setdefault(fold(catalogue[f"country_{code}"]), code)
    for alias, code in _COUNTRY_ALIASES.items():
        table.setdefault(alias, code)
    named = [(n, c) for lang in _NAME_LOCALES for c, n in _territory_names(lang).items()]
    for name, code in named:
        table.setdefault(fold(name), code)
    for name, code in named:  # after every full name, so a shortened one never displaces it
        for variant in _name_variants(name):
            table.setdefault(fold(variant), code)
    return table


def parse_country(text: str) -> str | None:
    """An ISO 3166-1 code from a name ('Đức', 'Hàn', 'China') or a real typed code."""
    typed = text.strip()
    if re.fullmatch(r"[A-Z]{2}", typed) and typed in country_codes():
        return typed  # upper case is a code: "MY" is Malaysia, where "my"/"Mỹ" is the US
    folded = fold(text)
    if folded in _country_by_name():
        return _country_by_name()[folded]
    code = folded.upper()
    return code if re.fullmatch(r"[A-Z]{2}", code) and code in country_codes() else None


def country_label(lang: str, code: str) -> str | None:
    """Babel's name of an ISO country in `lang` (Vietnamese for other languages), else None."""
    return _territory_names(lang if lang in _NAME_LOCALES else "vi").get(code)


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
