"""A small world for rollup tests: units, an author, an administrator, real writes, and an
oracle that computes a summary from the report rows in plain Python (no rollup, no GROUP BY)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from models import access, directory, filing, review
from models.activity_types import ACTIVITY_TYPES, FIGURE_FIELDS
from models.aggregates import Summary
from models.people import Person, Role
from models.reports import Report, ReportStatus
from models.schemas import Draft
from models.units import Unit
from tests.models.summary_data import UNITS_CSV

NOW = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)
FILING_UNITS = ("HN", "CM", "D1-X1", "D1-X2", "D1")


@dataclass
class World:
    """Units by code, the author (reporter of FILING_UNITS) and an admin of the province."""

    units: dict[str, Unit]
    author: Person
    admin: Person


async def world() -> World:
    """The units and people, created once per database (outside any rolled back example)."""
    if not await Unit.exists():
        await directory.import_units(UNITS_CSV)
    units = {u.code: u for u in await Unit.all()}
    author = await Person.get_or_none(display_name="Tác giả")
    admin = await Person.get_or_none(display_name="Quản trị")
    if author is None or admin is None:
        author = await Person.create(display_name="Tác giả")
        admin = await Person.create(display_name="Quản trị")
        for code in FILING_UNITS:
            await access.grant(author, units[code], Role.REPORTER)
        await access.grant(admin, units["P"], Role.ADMIN)
    return World(units, author, admin)


def draft(
    w: World, unit: str, kind: str, start: date, country: str = "", figures: dict | None = None
) -> Draft:
    """A complete draft of the author's (figures limited to the type's own)."""
    own = ACTIVITY_TYPES[kind]
    return Draft(
        unit_id=w.units[unit].id,
        activity_type=kind,
        title=f"{kind} {start.isoformat()}",
        start_date=start,
        end_date=start,
        figures={k: v for k, v in (figures or {}).items() if k in own.figures},
        country=(country or None) if own.country else None,
        photos_done=True,
    )


async def file(w: World, d: Draft) -> Report:
    """Gửi, as the conversation does."""
    report, _ = await filing.submit_draft(d, w.author, "console", now=NOW)
    return report


async def correct(w: World, report_id: int, d: Draft) -> Report:
    """The author's correction with the draft's values, at the report's current revision."""
    current = await Report.get(id=report_id)
    values = filing.report_values(d, w.author, "console")
    corrected, _ = await review.correct(report_id, current.revision, w.author, values, NOW)
    return corrected


def _within(unit: Unit, top: Unit) -> bool:
    return unit.path.startswith(top.path)


async def oracle(w: World, top: str, start: date, end: date, approved_only: bool) -> dict:
    """A summary's numbers computed from every report row in Python."""
    by_id = {u.id: u for u in w.units.values()}
    scope = w.units[top]
    states = [ReportStatus.APPROVED] if approved_only else [s for s in ReportStatus]
    rows = [
        r
        for r in await Report.all().values()
        if r["status"] != ReportStatus.WITHDRAWN
        and r["status"] in states
        and start <= r["start_date"] <= end
        and _within(by_id[r["unit_id"]], scope)
    ]

    def figures(chosen: list[dict]) -> tuple[int, dict[str, int]]:
        return len(chosen), {f: sum(r[f] or 0 for r in chosen) for f in FIGURE_FIELDS}

    children = [u for u in w.units.values() if u.parent_id == scope.id]  # type: ignore[attr-defined]
    lines: dict[str, Any] = {}
    own = [r for r in rows if r["unit_id"] == scope.id]
    if own:
        lines[scope.code] = figures(own)
    for child in children:
        mine = [r for r in rows if _within(by_id[r["unit_id"]], child)]
        if mine:
            lines[child.code] = figures(mine)
    countries = {}
    for code in sorted({r["country"] for r in rows if r["country"]}):
        mine = [r for r in rows if r["country"] == code]
        countries[code] = (
            len(mine),
            sum(r["participants_foreign"] or 0 for r in mine),
            sum(r["delegation_size"] or 0 for r in mine),
        )
    kinds = {r["activity_type"] for r in rows}
    in_scope = sorted((u for u in w.units.values() if _within(u, scope)), key=lambda u: u.path)

    def filed(unit: Unit) -> bool:
        return any(_within(by_id[r["unit_id"]], unit) for r in rows)

    silent = [
        u.code
        for u in in_scope
        if not filed(u) and (u.id == scope.id or filed(by_id[u.parent_id]))  # type: ignore[attr-defined]
    ]
    return {
        "total": figures(rows),
        "by_type": {k: figures([r for r in rows if r["activity_type"] == k]) for k in kinds},
        "lines": lines,
        "countries": countries,
        "waiting": sum(r["status"] == ReportStatus.SUBMITTED for r in rows),
        "returned": sum(r["status"] == ReportStatus.RETURNED for r in rows),
        "silent": silent,
    }


def seen(summary: Summary) -> dict:
    """The same numbers as the summary shows them."""
    return {
        "total": (summary.total.activities, summary.total.sums),
        "by_type": {k: (f.activities, f.sums) for k, f in summary.by_type.items()},
        "lines": {ln.unit.code: (ln.figures.activities, ln.figures.sums) for ln in summary.by_unit},
        "countries": {
            c.country: (c.activities, c.participants_foreign, c.delegation_size)
            for c in summary.countries
        },
        "waiting": summary.waiting,
        "returned": summary.returned,
        "silent": [u.code for u in summary.silent_units],
    }
