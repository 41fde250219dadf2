"""Everything an export shows, fetched from models/ in one place before rendering starts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from models.aggregates import Comparison, compare
from models.periods import Period
from models.scope import Scope
from models.summary_rows import ReportRow, highlights, report_rows


@dataclass
class ExportData:
    """A summary with its comparison, the report rows and the highlighted activities."""

    lang: str
    comparison: Comparison
    generated: date
    rows: list[ReportRow] = field(default_factory=list)
    rows_truncated: bool = False
    highlights: list[ReportRow] = field(default_factory=list)

    @property
    def scope(self) -> Scope:
        """Whose figures these are."""
        return self.comparison.current.scope

    @property
    def period(self) -> Period:
        """The period asked about."""
        return self.comparison.current.period


async def gather(
    scope: Scope,
    period: Period,
    against: Period | None,
    *,
    lang: str,
    today: date,
    rows: bool = True,
    notable: bool = True,
) -> ExportData:
    """Run the queries an export needs (aggregates always; rows and highlights on request)."""
    data = ExportData(lang, await compare(scope, period, against), today)
    if rows:
        data.rows, data.rows_truncated = await report_rows(scope, period)
    if notable:
        data.highlights = await highlights(scope, period)
    return data


def file_name(data: ExportData, extension: str) -> str:
    """tonghop_<UNIT>_<period>.<ext>, safe on every file system."""
    raw = f"tonghop_{data.scope.unit.code}_{data.period.code.replace('..', '_')}"
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", raw) + f".{extension}"
