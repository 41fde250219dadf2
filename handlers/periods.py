"""Understanding one Vietnamese sentence asking for a summary: the period, the comparison, the unit.

Pure functions over folded text (diacritics optional): "quý 3 2026", "tháng 10", "6 tháng đầu
năm", "năm 2025 so với 2024", "từ 01/07 đến 15/08/2026", "toàn tỉnh", "đồn Hữu Nghị". What is
left after the period words is taken as the unit's name. When the sentence allows several
readings ("6 tháng", a bare "3", "quý 3 tháng 10"), the result lists them as `choices` so the
conversation asks back instead of guessing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from handlers.folding import fold
from models.periods import Period, PeriodKind

_YEAR = r"(?:\s*(?:,|/|-)?\s*(?:(?:cua\s+)?nam\s*)?(?P<year>\d{4}|nay|ngoai|truoc|qua)\b)?"
_DAY = r"(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{4}|\d{2}))?"
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "mot": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4}

_RANGE = re.compile(rf"(?:tu\s+)?(?:ngay\s+)?{_DAY}\s*(?:-|–|—|den|toi)\s*(?:ngay\s+)?{_DAY}")
_ONE_DAY = re.compile(rf"(?:ngay\s+)?{_DAY}")
_HALF = re.compile(rf"(?:(?:6|sau)\s+thang|nua)\s+(?P<which>dau|cuoi)(?:\s+nam)?{_YEAR}")
_FIRST_MONTHS = re.compile(rf"(?P<n>\d{{1,2}})\s+thang\s+dau(?:\s+nam)?{_YEAR}")
_SIX_MONTHS = re.compile(rf"(?:6|sau)\s+thang(?!\s+(?:qua|gan))(?:\s+nam)?{_YEAR}")
_QUARTER = re.compile(rf"quy\s+(?P<q>\d{{1,2}}|iv|iii|ii|i|mot|hai|ba|bon|tu|nay|truoc)\b{_YEAR}")
_MONTH = re.compile(rf"thang\s+(?P<m>\d{{1,2}}|nay|truoc)\b{_YEAR}")
_YEAR_WORDS = re.compile(r"(?:ca\s+)?nam\s+(?P<year>\d{4}|nay|ngoai|truoc|qua)\b")
_BARE_YEAR = re.compile(r"\b(?P<year>(?:19|20|21)\d{2})\b")
_REVIEW = re.compile(rf"(?P<what>so ket|tong ket){_YEAR}")
_LAST_MONTHS = re.compile(r"(?P<n>\d{1,2})\s+thang\s+(?:qua|gan day|gan nhat|vua qua)")
_LAST_DAYS = re.compile(r"(?P<n>\d{1,3})\s+ngay\s+(?:qua|gan day|gan nhat|vua qua)")
_RELATIVE = re.compile(r"\b(?:hom nay|hom qua|tuan nay|tuan truoc)\b")
_COMPARE = re.compile(r"\b(?:so sanh voi|so voi|doi chieu voi|vs)\b")
_SAME_TIME = re.compile(r"\b(?:cung ky|ky truoc|nam truoc|nam ngoai|nam qua)\b")
_BARE_NUMBER = re.compile(r"\b(?P<n>\d{1,2})\b")

WHOLE_WORDS = ("toan tinh", "ca tinh", "toan bo", "tat ca", "tinh", "toan don vi")
_FILLERS = (
    "thong tin doi ngoai",
    "tong hop",
    "bao cao",
    "so lieu",
    "thong ke",
    "ket qua",
    "hoat dong",
    "cong tac",
    "don vi",
    "cho toi",
    "giup toi",
    "xem",
    "ttdn",
    "cua",
    "cho",
    "tai",
    "trong",
    "o",
    "ve",
    "va",
    "ky",
    "nhe",
    "a",
)
_FILLER = re.compile(r"\b(?:" + "|".join(_FILLERS) + r")\b")
_PUNCTUATION = re.compile(r"[,;:!?()\"'“”]+|(?<!\w)[.](?!\w)")


@dataclass(frozen=True, slots=True)
class SummaryRequest:
    """What one sentence asked for; every part may be missing."""

    period: Period | None = None
    against: Period | None = None
    choices: tuple[Period, ...] = ()
    whole: bool = False
    unit_words: str = ""
    problem: str | None = None


class _Bad(ValueError):
    """A period expression that names no real period (quý 5, tháng 13, 31/02)."""


def _year_of(word: str | None, today: date) -> int | None:
    """An explicit or relative year ("nay", "ngoái"); None when not said."""
    if word is None:
        return None
    if word.isdigit():
        return int(word)
    return today.year if word == "nay" else today.year - 1


def _latest(make, number: int, year: int | None, today: date) -> Period:
    """The period numbered `number` in `year`, or the latest one already begun."""
    if year is not None:
        return make(year, number)
    current = make(today.year, number)
    return current if current.start <= today else make(today.year - 1, number)


def _day(d: str, m: str, y: str | None, default_year: int) -> date:
    year = default_year if y is None else int(y) + (2000 if len(y) == 2 else 0)
    try:
        return date(year, int(m), int(d))
    except ValueError:
        raise _Bad from None


def _range(match: re.Match[str], today: date) -> Period:
    d1, m1, y1, d2, m2, y2 = match.groups()
    end = _day(d2, m2, y2, today.year)
    start = _day(d1, m1, y1, end.year)
    if start > end:
        raise _Bad
    return Period.days(start, end)


def _relative(word: str, today: date) -> Period:
    if word == "hom nay":
        return Period.days(today, today)
    if word == "hom qua":
        yesterday = today - timedelta(days=1)
        return Period.days(yesterday, yesterday)
    monday = today - timedelta(days=today.weekday())
    if word == "tuan nay":
        return Period.days(monday, today)
    return Period.days(monday - timedelta(days=7), monday - timedelta(days=1))


def _quarter(match: re.Match[str], today: date) -> Period:
    word, year = match["q"], _year_of(match["year"], today)
    if word == "nay":
        return Period.containing(PeriodKind.QUARTER, today)
    if word == "truoc":
        current = Period.containing(PeriodKind.QUARTER, today)
        return Period.containing(PeriodKind.QUARTER, current.start - timedelta(days=1))
    number = int(word) if word.isdigit() else _ROMAN[word]
    if not 1 <= number <= 4:
        raise _Bad
    return _latest(Period.quarter, number, year, today)


def _month(match: re.Match[str], today: date) -> Period:
    word, year = match["m"], _year_of(match["year"], today)
    if word == "nay":
        return Period.containing(PeriodKind.MONTH, today)
    if word == "truoc":
        first = today.replace(day=1)
        return Period.containing(PeriodKind.MONTH, first - timedelta(days=1))
    if not 1 <= int(word) <= 12:
        raise _Bad
    return _latest(Period.month, int(word), year, today)


def _half(match: re.Match[str], today: date) -> Period:
    number = 1 if match["which"] == "dau" else 2
    return _latest(Period.half, number, _year_of(match["year"], today), today)


def _first_months(match: re.Match[str], today: date) -> Period:
    months, year = int(match["n"]), _year_of(match["year"], today) or today.year
    if not 1 <= months <= 12:
        raise _Bad
    if months == 6:
        return Period.half(year, 1)
    if months == 12:
        return Period.year(year)
    return Period.days(date(year, 1, 1), Period.month(year, months).end)


def _year(match: re.Match[str], today: date) -> Period:
    year = _year_of(match["year"], today)
    assert year is not None
    return Period.year(year)


def _review(match: re.Match[str], today: date) -> Period:
    year = _year_of(match["year"], today) or today.year
    return Period.half(year, 1) if match["what"] == "so ket" else Period.year(year)


def _last_days(match: re.Match[str], today: date) -> Period:
    days = int(match["n"])
    if not 1 <= days <= 366:
        raise _Bad
    return Period.days(today - timedelta(days=days - 1), today)


def _last_months(match: re.Match[str], today: date) -> Period:
    months = int(match["n"])
    if not 1 <= months <= 24:
        raise _Bad
    index = today.year * 12 + today.month - 1 - months
    year, month = divmod(index, 12)
    last = Period.month(year, month + 1).end.day
    return Period.days(date(year, month + 1, min(today.day, last)) + timedelta(days=1), today)


# Most specific first: each match is cut out before the next pattern looks. A review word
# ("sơ kết", "tổng kết") names a period only when nothing more precise was said, and must be
# read before a bare year so that "sơ kết 2026" is the first half of 2026.
_SPECIFIC = (
    (_RANGE, _range),
    (_LAST_MONTHS, _last_months),
    (_HALF, _half),
    (_FIRST_MONTHS, _first_months),
    (_QUARTER, _quarter),
    (_MONTH, _month),
    (_ONE_DAY, lambda m, today: Period.days(*(2 * [_day(*m.groups(), today.year)]))),
    (_LAST_DAYS, _last_days),
)
_YEARS = ((_YEAR_WORDS, _year), (_BARE_YEAR, _year))


def _apply(patterns, text: str, today: date, found: list[Period]) -> tuple[str, bool]:
    """Collect the periods `patterns` find into `found`; the text without them, and badness."""
    bad = False
    for pattern, build in patterns:
        for match in pattern.finditer(text):
            try:
                period = build(match, today)
            except (_Bad, ValueError):
                bad = True
                continue
            if period not in found:
                found.append(period)
        text = pattern.sub(" ", text)
    return text, bad


def _find_periods(text: str, today: date) -> tuple[list[Period], str, bool]:
    """Periods named in `text`, the text without them, and whether one was impossible."""
    found: list[Period] = []
    text, bad = _apply(_SPECIFIC, text, today, found)
    for match in _RELATIVE.finditer(text):
        found.append(_relative(match.group(0), today))
    text = _RELATIVE.sub(" ", text)
    if found:
        text = _REVIEW.sub(" ", text)
    else:
        text, bad_review = _apply(((_REVIEW, _review),), text, today, found)
        bad = bad or bad_review
    text, bad_year = _apply(_YEARS, text, today, found)
    return found, text, bad or bad_year


def _six_months(text: str, today: date) -> tuple[Period, ...]:
    """ "6 tháng" without đầu/cuối: either half of the year (those already begun)."""
    if _HALF.search(text):
        return ()
    six = _SIX_MONTHS.search(text)
    if six is None:
        return ()
    year = _year_of(six["year"], today) or today.year
    halves = (Period.half(year, 1), Period.half(year, 2))
    return tuple(p for p in halves if p.start <= today) or halves


def _ambiguous(text: str, today: date) -> tuple[tuple[Period, ...], str]:
    """Readings of "quý", "tháng" or "năm" without a number, or of a bare number."""
    words = text.split()
    if "quy" in words:
        quarters = [Period.quarter(today.year, q) for q in range(1, 5)]
        return tuple(q for q in quarters if q.start <= today), " ".join(
            w for w in words if w != "quy"
        )
    if "nam" in words:
        years = (Period.year(today.year), Period.year(today.year - 1))
        return years, " ".join(w for w in words if w != "nam")
    if "thang" in words:
        month = Period.containing(PeriodKind.MONTH, today)
        before = Period.containing(PeriodKind.MONTH, month.start - timedelta(days=1))
        return (month, before), " ".join(w for w in words if w != "thang")
    number = _BARE_NUMBER.search(text)
    if number:
        n = int(number["n"])
        readings: list[Period] = []
        if 1 <= n <= 12:
            readings.append(_latest(Period.month, n, None, today))
        if 1 <= n <= 4:
            readings.append(_latest(Period.quarter, n, None, today))
        if readings:
            return tuple(readings), _BARE_NUMBER.sub(" ", text, count=1)
    return (), text


def _comparison(text: str, period: Period | None, today: date) -> tuple[Period | None, bool, str]:
    """The period after "so với" (None: the same period a year earlier), whether it was
    unreadable, and the words left over (a unit may follow: "… so với 2024 huyện X")."""
    if not text.strip():
        return None, False, ""
    if _SAME_TIME.search(text):
        return None, False, _SAME_TIME.sub(" ", text)
    # "so với quý 2" means the latest quarter 2 before the period asked about.
    reference = period.start - timedelta(days=1) if period else today
    found, rest, bad = _find_periods(text, reference)
    if len(found) != 1 or bad:
        return None, True, rest
    against = found[0]
    if period and against.kind is PeriodKind.YEAR and period.kind is not PeriodKind.YEAR:
        against = _in_year(period, against.start.year)  # "quý 3 so với 2025": quý 3/2025
    return against, False, rest


def _in_year(period: Period, year: int) -> Period:
    """The same month, quarter, half or day range in another year (29/02 becomes 28/02)."""
    if period.kind is not PeriodKind.DAYS:
        return Period.containing(period.kind, period.start.replace(year=year))
    shift = year - period.start.year
    return Period.days(_moved(period.start, shift), _moved(period.end, shift))


def _moved(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def scope_words(text: str) -> tuple[bool, str]:
    """(whole province?, the words left to name a unit) once fillers are dropped."""
    cleaned = " ".join(_FILLER.sub(" ", _PUNCTUATION.sub(" ", text)).split())
    for whole in WHOLE_WORDS:
        if cleaned == whole or (cleaned.startswith(f"{whole} ") and whole != "tinh"):
            return True, cleaned.removeprefix(whole).strip()
    return False, cleaned


def parse_request(text: str, today: date) -> SummaryRequest:
    """Read one sentence: the period (or the readings to choose from), comparison and unit."""
    parts = _COMPARE.split(fold(text), maxsplit=1)
    main, against_text = (parts[0], parts[1]) if len(parts) == 2 else (parts[0], "")
    halves = _six_months(main, today)
    if halves:
        main = _SIX_MONTHS.sub(" ", main)
    found, rest, bad = _find_periods(main, today)
    choices: tuple[Period, ...] = ()
    if not found:
        choices, rest = (halves, rest) if halves else _ambiguous(rest, today)
    elif len(found) > 1 or halves:
        choices = (*halves, *found)
    period = found[0] if len(found) == 1 else None
    if len(choices) == 1:
        period, choices = choices[0], ()
    against, unreadable, leftover = _comparison(against_text, period, today)
    whole, unit_words = scope_words(f"{rest} {leftover}")
    problem = None
    if bad and period is None and not choices:
        problem = "err_period_invalid"
    elif unreadable:
        problem = "err_period_compare"
    return SummaryRequest(period, against, choices, whole, unit_words, problem)
