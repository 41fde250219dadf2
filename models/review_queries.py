"""Reading reports for review: a page of a unit subtree's reports, one report, its photos.

Every query is bounded by the subtrees it is given (materialised path prefixes), so what a
caller can list is decided once, by the roots it passes in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tortoise.expressions import Q

from models.people import Person
from models.reports import Photo, Report, ReportStatus
from models.units import Unit

PAGE_SIZE = 10


@dataclass(frozen=True, slots=True)
class ReportPage:
    """One page of a listing and how many reports match in all."""

    reports: list[Report]
    total: int
    offset: int


@dataclass(frozen=True, slots=True)
class Filter:
    """What a listing shows: states (empty: every state), start dates, unit subtrees."""

    roots: tuple[Unit, ...]
    statuses: tuple[ReportStatus, ...] = (ReportStatus.SUBMITTED,)
    first_day: date | None = None
    last_day: date | None = None


def _subtrees(roots: tuple[Unit, ...]) -> Q:
    """Reports of any of the units' subtrees (one indexed prefix test each)."""
    return Q(*[Q(unit__path__startswith=root.path) for root in roots], join_type="OR")


async def reports_page(wanted: Filter, offset: int, limit: int = PAGE_SIZE) -> ReportPage:
    """Newest first (by number: stable while paging); nothing when no root is given."""
    if not wanted.roots:
        return ReportPage([], 0, 0)
    query = Report.filter(_subtrees(wanted.roots))
    if wanted.statuses:
        query = query.filter(status__in=list(wanted.statuses))
    if wanted.first_day is not None:
        query = query.filter(start_date__gte=wanted.first_day)
    if wanted.last_day is not None:
        query = query.filter(start_date__lte=wanted.last_day)
    total = await query.count()
    offset = max(0, min(offset, total - 1 if total else 0))
    rows = await query.order_by("-id").offset(offset).limit(limit).select_related("unit")
    return ReportPage(list(rows), total, offset)


async def own_reports_page(person: Person, offset: int, limit: int = PAGE_SIZE) -> ReportPage:
    """The person's own reports, newest first, every state."""
    query = Report.filter(author=person)
    total = await query.count()
    offset = max(0, min(offset, total - 1 if total else 0))
    rows = await query.order_by("-id").offset(offset).limit(limit)
    return ReportPage(list(rows), total, offset)


async def report_details(report_id: int) -> Report | None:
    """A report with its unit, author and decider loaded (for showing it in full)."""
    return await Report.get_or_none(id=report_id).select_related("unit", "author", "decided_by")


async def report_photos(report_id: int) -> list[Photo]:
    """The report's photos in the order they were sent."""
    return list(await Photo.filter(report_id=report_id).order_by("id"))


async def author_of(report: Report) -> Person:
    """The person who filed the report (the recipient of notices about it)."""
    return await Person.get(id=report.author_id)  # type: ignore[attr-defined]


async def same_day_reports(report: Report) -> list[int]:
    """Other live reports of the same unit, type and start date (a possible double filing)."""
    rows = (
        await Report.filter(
            unit_id=report.unit_id,  # type: ignore[attr-defined]
            activity_type=report.activity_type,
            start_date=report.start_date,
        )
        .exclude(id=report.id)
        .exclude(status=ReportStatus.WITHDRAWN)
        .order_by("id")
        .limit(5)
        .values_list("id", flat=True)
    )
    return [int(n) for n in rows]
