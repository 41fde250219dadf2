"""How periods, numbers, changes, types and countries read, in the user's language."""

from __future__ import annotations

from handlers.texts import has_text, t
from handlers.vocabulary import country_label
from models.activity_types import ACTIVITY_TYPES
from models.aggregates import Figures, Summary
from models.periods import Period, PeriodKind


def number(value: int) -> str:
    """Vietnamese thousands separator: 45.982."""
    return f"{value:,}".replace(",", ".")


def day(value: object) -> str:
    """dd/mm/yyyy."""
    return value.strftime("%d/%m/%Y") if hasattr(value, "strftime") else str(value)


def period_label(lang: str, period: Period) -> str:
    """'6 tháng đầu năm 2026', 'quý 3 năm 2026', 'tháng 10/2026', 'năm 2026', a day range."""
    year = period.start.year
    if period.kind is PeriodKind.MONTH:
        return t(lang, "period_month", month=period.number, year=year)
    if period.kind is PeriodKind.QUARTER:
        return t(lang, "period_quarter", number=period.number, year=year)
    if period.kind is PeriodKind.HALF:
        return t(lang, f"period_half_{period.number}", year=year)
    if period.kind is PeriodKind.YEAR:
        return t(lang, "period_year", year=year)
    if period.start == period.end:
        return t(lang, "period_day", day=day(period.start))
    return t(lang, "period_days", start=day(period.start), end=day(period.end))


def capitalised(text: str) -> str:
    """First letter upper case (labels are written to fit mid-sentence)."""
    return text[:1].upper() + text[1:]


def type_label(lang: str, code: str) -> str:
    """An activity type's name; the code itself for a type the catalogue does not know."""
    return t(lang, f"type_{code}") if has_text(f"type_{code}") else code


def figure_label(lang: str, name: str) -> str:
    """A figure column's name."""
    return t(lang, f"figure_{name}")


def country_name(lang: str, code: str) -> str:
    """A neighbour's catalogue name, else Babel's name of the country, else the stored code."""
    if has_text(f"country_{code}"):
        return t(lang, f"country_{code}")
    return country_label(lang, code) or code


def type_figures(lang: str, code: str, figures: Figures) -> str:
    """The type's own figures: 'Số buổi 2, Người nghe, người dự 150'."""
    kind = ACTIVITY_TYPES.get(code)
    names = kind.figures if kind else ()
    return "; ".join(f"{figure_label(lang, n)}: {number(figures.get(n))}" for n in names)


def change(lang: str, now: int, before: int | None) -> str:
    """' (cùng kỳ 5, +2)'; empty when there is nothing to compare with."""
    if before is None or (now == 0 and before == 0):
        return ""
    diff = now - before
    sign = "+" if diff > 0 else "−" if diff < 0 else "±"
    return t(lang, "sum_change", before=number(before), diff=f"{sign}{number(abs(diff))}")


def percent_change(now: int, before: int) -> str:
    """'+40%', '−12%'; empty when the earlier figure is zero."""
    if before == 0:
        return ""
    value = round((now - before) * 100 / before)
    return f"{'+' if value > 0 else '−' if value < 0 else '±'}{abs(value)}%"


def previous_by_unit(previous: Summary | None) -> dict[int, int]:
    """Activities per child unit id in the comparison summary."""
    if previous is None:
        return {}
    return {line.unit.id: line.figures.activities for line in previous.by_unit}


def all_types(current: Summary, previous: Summary | None) -> list[str]:
    """Types present in either period, in taxonomy order."""
    codes = set(current.by_type) | set(previous.by_type if previous else ())
    known = [c for c in ACTIVITY_TYPES if c in codes]
    return known + sorted(codes - set(known))
