"""Every counted report of a period, in keyset pages, with all its photos say about it.

`WHERE id > ? ORDER BY id LIMIT n`: each page starts where the last one ended, so an export
holds one page at a time however many reports the period has, and no page is read twice.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from models.aggregates import counted, planned_for_these_values, scope_units
from models.periods import Period
from models.reports import Photo
from models.scope import Scope
from models.summary_rows import (
    CHUNK,
    LISTED_COLUMNS,
    PHOTO_COLUMNS,
    PhotoRef,
    ReportRow,
    make_row,
    photo_ref,
)

PAGE_SIZE = 1000
"""Reports per page: big enough that per-query costs vanish, small enough to hold."""


async def report_page(
    unit_ids: list[int], period: Period, after_id: int, size: int, approved_only: bool = False
) -> list[ReportRow]:
    """The next `size` counted reports with an id above `after_id`, by id, with their photos."""
    async with planned_for_these_values():
        values = (
            await counted(period, unit_ids, approved_only)
            .filter(id__gt=after_id)
            .order_by("id")
            .limit(size)
            .values(*LISTED_COLUMNS)
        )
    facts = await _photo_facts([v["id"] for v in values])
    return [_listed_row(v, facts.get(v["id"])) for v in values]


def _listed_row(values: dict, facts: _PhotoFacts | None) -> ReportRow:
    facts = facts or _PhotoFacts()
    return make_row(
        values,
        facts.first,
        facts.points,
        author=values["author__display_name"] or "",
        submitted_at=values["submitted_at"] or values["created_at"],
        status=str(values["status"]),
        photo_keys=tuple(facts.keys),
        reused_in=tuple(sorted(facts.reused_in)),
        near_duplicate_of=tuple(sorted(facts.near)),
    )


@dataclass
class _PhotoFacts:
    """What the list says of one report's photos."""

    first: PhotoRef | None = None
    keys: list[str] = field(default_factory=list)
    points: list[tuple[float, float]] = field(default_factory=list)
    shas: set[str] = field(default_factory=set)
    reused_in: set[int] = field(default_factory=set)
    near: set[int] = field(default_factory=set)


async def _photo_facts(report_ids: list[int]) -> dict[int, _PhotoFacts]:
    """Every photo of these reports (one query per chunk), then which files other reports
    hold too (by SHA-256, indexed)."""
    found: dict[int, _PhotoFacts] = {}
    for i in range(0, len(report_ids), CHUNK):
        photos = (
            await Photo.filter(report_id__in=report_ids[i : i + CHUNK])
            .order_by("id")
            .values(*PHOTO_COLUMNS)
        )
        for p in photos:
            facts = found.setdefault(p["report_id"], _PhotoFacts())
            facts.first = facts.first or photo_ref(p)
            facts.keys.append(p["storage_key"])
            facts.shas.add(p["sha256"])
            if p["latitude"] is not None and p["longitude"] is not None:
                facts.points.append((p["latitude"], p["longitude"]))
            if p["reused_from_report_id"]:
                facts.near.add(p["reused_from_report_id"])
    holders: dict[str, set[int]] = {}
    shas = sorted({sha for facts in found.values() for sha in facts.shas})
    for i in range(0, len(shas), CHUNK):
        pairs = await Photo.filter(
            sha256__in=shas[i : i + CHUNK], report_id__isnull=False
        ).values_list("sha256", "report_id")
        for sha, report_id in pairs:
            holders.setdefault(sha, set()).add(report_id)
    for report_id, facts in found.items():
        facts.reused_in = {r for sha in facts.shas for r in holders.get(sha, ()) if r != report_id}
    return found


async def report_pages(
    scope_unit_ids: list[int], period: Period, approved_only: bool = False, size: int = PAGE_SIZE
) -> AsyncIterator[list[ReportRow]]:
    """Every counted report of the period, page by page in id order."""
    after = 0
    while page := await report_page(scope_unit_ids, period, after, size, approved_only):
        yield page
        after = page[-1].id


async def report_rows(
    scope: Scope, period: Period, limit: int | None = None, approved_only: bool = False
) -> tuple[list[ReportRow], bool]:
    """A small period's reports in one list by date (tests, previews): at most `limit`, and
    whether more were left out. Exports stream `report_pages` instead."""
    units = [u.id for u in await scope_units(scope)]
    rows: list[ReportRow] = []
    async for page in report_pages(units, period, approved_only):
        rows += page
        if limit is not None and len(rows) > limit:
            break
    more = limit is not None and len(rows) > limit
    rows.sort(key=lambda r: (r.start_date, r.id))
    return rows[:limit] if limit is not None else rows, more
