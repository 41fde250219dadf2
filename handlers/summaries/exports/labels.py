"""How periods, numbers, changes, types and countries read, in the user's language."""

from __future__ import annotations

from handlers.texts import has_text, t
from handlers.vocabulary import country_label
from models.activity_types import ACTIVITY_TYPES
from models.aggregates import Figures, Summary, UnitLine
from models.periods import Period, PeriodKind
from models.units import Unit


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
    """'+40 %', '−12 %', and '±0 %' only for an equal count: a change under 1 % keeps the
    decimals that show it ('+0,4 %'), so it never reads as none. Empty when before is 0."""
    if before == 0:
        return ""
    if now == before:
        return "±0\u00a0%"  # a no-break space: the sign never ends a line without its figure
    size = abs(now - before) * 100 / before
    for decimals in range(4):
        text = f"{size:.{decimals}f}"
        if text.strip("0."):
            break
    else:
        text = "<0.001"
    return f"{'+' if now > before else '−'}{text.replace('.', ',')}\u00a0%"


def unit_line_name(lang: str, line: UnitLine) -> str:
    """A unit line's name; the scope unit's own reports say so."""
    return t(lang, "sum_own_reports", unit=line.unit.name) if line.own else line.unit.name


def tree_key(unit: Unit) -> tuple[int, ...]:
    """The units tree's order: parents before children, siblings as created (path ids
    compared as numbers, so '/1/10/' comes after '/1/9/', which text order gets wrong)."""
    return tuple(int(part) for part in unit.path.split("/") if part)


def first_level(current: Summary, previous: Summary | None) -> list[tuple[UnitLine, int]]:
    """The scope's first-level lines of either period in tree order, each with its count a
    period earlier: a unit active only a year ago still shows, with 0 now."""
    earlier = previous_by_unit(previous)
    lines = {line.unit.id: line for line in current.by_unit}
    for line in previous.by_unit if previous else ():
        lines.setdefault(line.unit.id, UnitLine(line.unit, line.own))
    ordered = sorted(lines.values(), key=lambda line: (not line.own, tree_key(line.unit)))
    return [(line, earlier.get(line.unit.id, 0)) for line in ordered]


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
