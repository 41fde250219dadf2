"""The one cleaner every export writer puts stored text through before writing it.

Text reaches the database from chat input, imports and older versions, and may hold what the
file formats refuse: openpyxl raises IllegalCharacterError on C0 controls, python-docx (XML
1.0) on those and on U+FFFE/U+FFFF, UTF-8 encoders on lone surrogates, and matplotlib warns
of missing glyphs. One such value must not cost the whole spreadsheet or report.
"""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL and the C1 controls, lone surrogates, and the two
# noncharacters XML 1.0 forbids. (\r goes too: a line break is \n in every export.)
_UNWRITABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def clean_text(value: str) -> str:
    """The text without characters a spreadsheet, an XML document or a font cannot hold."""
    return _UNWRITABLE.sub("", value)


def clean_value(value: object) -> object:
    """A cell's value with its text cleaned; numbers, dates and empty cells as they are."""
    return clean_text(value) if isinstance(value, str) else value
