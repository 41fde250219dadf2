"""The top of the draft review report: issuing body, the Party's name, place and date, title."""

from __future__ import annotations

import re

from handlers.folding import fold
from handlers.summaries.exports.clean import clean_text
from handlers.summaries.exports.data import ExportData
from handlers.summaries.exports.docx_parts import BODY_PT, cell_text, para, widths
from handlers.summaries.exports.labels import day, period_label
from handlers.texts import t
from models.periods import PeriodKind

# Party committees named after the unit's kind word: "Tỉnh X" → "TỈNH ỦY X".
_PARTY_BODY = (
    ("tinh", "doc_party_province"),
    ("huyen", "doc_party_district"),
    ("thanh pho", "doc_party_city"),
    ("thi xa", "doc_party_town"),
    ("xa", "doc_party_commune"),
    ("phuong", "doc_party_ward"),
)


def _base_name(name: str) -> tuple[str | None, str]:
    """('doc_party_province', 'Lạng Sơn') for 'Tỉnh Lạng Sơn (dữ liệu mẫu)'."""
    plain = re.sub(r"\s*\(.*?\)\s*", " ", clean_text(name)).strip()
    folded = fold(plain)
    for word, key in _PARTY_BODY:
        if folded.startswith(word + " "):
            return key, plain[len(word) + 1 :].strip()
    return None, plain


def heading_block(document, data: ExportData) -> None:
    """Issuing body top-left, the Party's name and place/date top-right."""
    lang = data.lang
    key, base = _base_name(data.scope.unit.name)
    superior = t(lang, key, name=base.upper()) if key else base.upper()
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    cell_text(left, superior, size=BODY_PT, align="CENTER")
    para(left, t(lang, "doc_issuer"), bold=True, align="CENTER")
    para(left, "*", align="CENTER")
    para(left, t(lang, "doc_number"), align="CENTER")
    cell_text(right, t(lang, "doc_party"), bold=True, underline=True, size=15, align="CENTER")
    place_date = t(
        lang,
        "doc_place_date",
        place=base,
        day=f"{data.generated.day:02d}",
        month=f"{data.generated.month:02d}",
        year=data.generated.year,
    )
    para(right, place_date, italic=True, align="CENTER")
    widths(table, (7.5, 9.0))


def title(document, data: ExportData) -> None:
    """The title (BÁO CÁO), what it reviews, and where the figures come from."""
    lang, period = data.lang, data.period
    label = period_label(lang, period)
    if period.kind is PeriodKind.HALF and period.number == 1:
        subject = t(lang, "doc_subject_review", period=label)
    elif period.kind is PeriodKind.YEAR:
        subject = t(lang, "doc_subject_year", period=label)
    else:
        subject = t(lang, "doc_subject_other", period=label)
    para(document, t(lang, "doc_title"), bold=True, size=16, align="CENTER")
    para(document, subject, bold=True, align="CENTER")
    para(document, "-----", align="CENTER")
    intro = t(
        lang,
        "doc_intro",
        start=day(period.start),
        end=day(period.end),
        period=label,
        unit=data.scope.unit.name,
    )
    para(document, intro, indent=True)
    if data.comparison.current.approved_only:
        para(document, t(lang, "sum_approved_only"), indent=True)
