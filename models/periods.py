"""Reporting periods: a day range, month, quarter, half or year, and the same period a year earlier.

A report counts in the period where it starts: every period selects reports by `start_date`
(a Vietnamese calendar date). `column` and `key` name the equivalent integer period column
stored on each report (see models.filing.periods_of), for grouping and hand-written SQL.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from models.filing import periods_of


class PeriodKind(StrEnum):
    """How a period was asked for; decides the column it filters on."""

    DAYS = "days"
    MONTH = "month"
    QUARTER = "quarter"
    HALF = "half"
    YEAR = "year"


_COLUMN = {
    PeriodKind.MONTH: "period_month",
    PeriodKind.QUARTER: "period_quarter",
    PeriodKind.HALF: "period_half",
    PeriodKind.YEAR: "period_year",
}
_CODE = re.compile(
    r"(?P<year>\d{4})(?:"
    r"(?P<half>H[12])|(?P<quarter>Q[1-4])|-(?P<month>\d{1,2})"
    r"|(?P<range>-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2}))?",
    re.IGNORECASE,
)
EARLIEST_YEAR = 2000
LATEST_YEAR = 2100


@dataclass(frozen=True, slots=True)
class Period:
    """An inclusive range of Vietnamese calendar days, with the kind it was asked as."""

    kind: PeriodKind
    start: date
    end: date

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        """One calendar month."""
        _check_year(year)
        if not 1 <= month <= 12:
            raise ValueError(f"no month {month}")
        last = calendar.monthrange(year, month)[1]
        return cls(PeriodKind.MONTH, date(year, month, 1), date(year, month, last))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        """Quarter 1–4."""
        _check_year(year)
        if not 1 <= quarter <= 4:
            raise ValueError(f"no quarter {quarter}")
        first = 3 * quarter - 2
        last_day = calendar.monthrange(year, first + 2)[1]
        return cls(PeriodKind.QUARTER, date(year, first, 1), date(year, first + 2, last_day))

    @classmethod
    def half(cls, year: int, half: int) -> Period:
        """First (Jan–Jun) or second (Jul–Dec) half: the 6-month review periods."""
        _check_year(year)
        if half not in (1, 2):
            raise ValueError(f"no half {half}")
        if half == 1:
            return cls(PeriodKind.HALF, date(year, 1, 1), date(year, 6, 30))
        return cls(PeriodKind.HALF, date(year, 7, 1), date(year, 12, 31))

    @classmethod
    def year(cls, year: int) -> Period:
        """A calendar year."""
        _check_year(year)
        return cls(PeriodKind.YEAR, date(year, 1, 1), date(year, 12, 31))

    @classmethod
    def days(cls, start: date, end: date) -> Period:
        """Any inclusive day range."""
        if end < start:
            raise ValueError("the range ends before it starts")
        _check_year(start.year)
        _check_year(end.year)
        return cls(PeriodKind.DAYS, start, end)

    @classmethod
    def containing(cls, kind: PeriodKind, day: date) -> Period:
        """The month, quarter, half or year that `day` falls in."""
        keys = periods_of(day)
        if kind is PeriodKind.MONTH:
            return cls.month(day.year, day.month)
        if kind is PeriodKind.QUARTER:
            return cls.quarter(day.year, keys.quarter % 10)
        if kind is PeriodKind.HALF:
            return cls.half(day.year, keys.half % 10)
        if kind is PeriodKind.YEAR:
            return cls.year(day.year)
        return cls.days(day, day)

    @property
    def column(self) -> str | None:
        """The indexed integer column of a standard period; None for a day range."""
        return _COLUMN.get(self.kind)

    @property
    def key(self) -> int | None:
        """The value of `column` for this period (202610, 20263, 20261, 2026)."""
        if self.kind is PeriodKind.DAYS:
            return None
        keys = periods_of(self.start)
        return {
            PeriodKind.MONTH: keys.month,
            PeriodKind.QUARTER: keys.quarter,
            PeriodKind.HALF: keys.half,
            PeriodKind.YEAR: keys.year,
        }[self.kind]

    @property
    def number(self) -> int:
        """Month 1–12, quarter 1–4 or half 1–2 within the year (the year itself for YEAR)."""
        month = self.start.month
        return {
            PeriodKind.MONTH: month,
            PeriodKind.QUARTER: (month - 1) // 3 + 1,
            PeriodKind.HALF: 1 if month <= 6 else 2,
            PeriodKind.YEAR: self.start.year,
        }.get(self.kind, 0)

    def same_period_last_year(self) -> Period:
        """The comparison period ("so với cùng kỳ"): the same span one year earlier."""
        if self.kind is PeriodKind.DAYS:
            return Period.days(_year_earlier(self.start), _year_earlier(self.end))
        return Period(self.kind, _year_earlier(self.start), _year_earlier(self.end))

    def filters(self) -> dict[str, object]:
        """Keyword filters selecting reports that start in this period (tortoise syntax).

        Always the start-date range, even for a month or a half: that range leads the
        covering summary index (models.reports.SUMMARY_INDEX), which serves every kind of
        period alike; the period key columns select the same rows by construction.
        """
        return {"start_date__gte": self.start, "start_date__lte": self.end}

    @property
    def code(self) -> str:
        """Short, stable text: 2026H1, 2026Q3, 2026-10, 2026, 2026-07-01..2026-08-15."""
        if self.kind is PeriodKind.MONTH:
            return f"{self.start.year}-{self.start.month:02d}"
        if self.kind is PeriodKind.QUARTER:
            return f"{self.start.year}Q{self.number}"
        if self.kind is PeriodKind.HALF:
            return f"{self.start.year}H{self.number}"
        if self.kind is PeriodKind.YEAR:
            return str(self.start.year)
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    @classmethod
    def from_code(cls, text: str) -> Period:
        """Parse `code` back (also lowercase h/q); ValueError when it is not one."""
        match = _CODE.fullmatch(text.strip())
        if match is None:
            raise ValueError(f"not a period: {text!r}")
        year = int(match["year"])
        if match["half"]:
            return cls.half(year, int(match["half"][1]))
        if match["quarter"]:
            return cls.quarter(year, int(match["quarter"][1]))
        if match["month"]:
            return cls.month(year, int(match["month"]))
        if match["range"]:
            first, last = text.strip().split("..")
            return cls.days(date.fromisoformat(first), date.fromisoformat(last))
        return cls.year(year)


def _check_year(year: int) -> None:
    """Keep typed years within what the reports can hold."""
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise ValueError(f"year {year} is out of range")


def _year_earlier(day: date) -> date:
    """The same day a year earlier; 29/02 becomes 28/02."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)
