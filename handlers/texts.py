"""The texts catalogue: every user-visible string, looked up by key and language."""

from __future__ import annotations

from handlers.texts_en import EN
from handlers.texts_vi import VI

CATALOGUES: dict[str, dict[str, str]] = {"vi": VI, "en": EN}
LANGUAGES = tuple(CATALOGUES)


def t(lang: str, key: str, **values: object) -> str:
    """The text for `key` in `lang` (Vietnamese when missing), with values filled in."""
    template = CATALOGUES.get(lang, VI).get(key) or VI[key]
    return template.format(**values) if values else template


def has_text(key: str) -> bool:
    """Whether the catalogue has `key` (for optional, more specific wordings)."""
    return key in VI


def specific(key: str, code: str | None) -> str:
    """`{key}_{code}` when the catalogue words it for that code (a type's own label), else `key`."""
    return f"{key}_{code}" if code and has_text(f"{key}_{code}") else key
