"""A fixed data set for summaries: a small unit tree and reports on period edges.

Expected figures are computed here from the plain list below, independently of the queries
under test (no ORM, no period columns: only dates, statuses and unit codes).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from models import access, directory, rollups
from models.activity_types import FIGURE_FIELDS
from models.filing import periods_of
from models.people import Person, Role
from models.reports import Photo, Report, ReportStatus

UNITS_CSV = """code,name,kind,parent_code,lat,lon
P,Tỉnh Thử Nghiệm,province,,21.85,106.76
D1,Huyện Cao Lộc,district,P,21.87,106.84
D1-X1,Xã Đồng Đăng,commune,D1,21.94,106.70
D1-X2,Xã Tân Thanh,commune,D1,21.91,106.65
D2,Huyện Văn Lãng,district,P,22.03,106.60
D2-X1,Xã Tân Mỹ,commune,D2,22.00,106.62
BDBP,Bộ Chỉ huy Bộ đội Biên phòng tỉnh,agency,P,21.84,106.75
HN,Đồn Biên phòng Cửa khẩu Quốc tế Hữu Nghị,border_post,BDBP,21.97,106.71
CM,Đồn Biên phòng Chi Ma,border_post,BDBP,21.88,107.02
BTG,Ban Tuyên giáo Tỉnh ủy,agency,P,21.85,106.76
"""
PARENT = {
    "D1": "P",
    "D1-X1": "D1",
    "D1-X2": "D1",
    "D2": "P",
    "D2-X1": "D2",
    "BDBP": "P",
    "HN": "BDBP",
    "CM": "BDBP",
    "BTG": "P",
}


@dataclass(frozen=True)
class Spec:
    """One report as the test states it."""

    unit: str
    type: str
    start: date
    end: date | None = None
    withdrawn: bool = False
    country: str = ""
    figures: dict[str, int] = field(default_factory=dict)
    photo: bool = False
    review: ReportStatus = ReportStatus.SUBMITTED
    """Its review state unless withdrawn: approved and returned ones count like waiting ones."""


SPECS: tuple[Spec, ...] = (
    Spec(
        "HN",
        "border_exchange",
        date(2026, 3, 10),
        country="CN",
        figures={"participants_vn": 25, "participants_foreign": 30},
        photo=True,
        review=ReportStatus.APPROVED,
    ),
    # the last day of the first half, and the first day of the second
    Spec(
        "HN",
        "border_exchange",
        date(2026, 6, 30),
        country="CN",
        figures={"participants_vn": 10, "participants_foreign": 12},
    ),
    Spec(
        "HN",
        "border_exchange",
        date(2026, 7, 1),
        country="CN",
        figures={"participants_vn": 7, "participants_foreign": 8},
    ),
    # four days straddling 30/06–01/07: counts where it starts
    Spec(
        "CM",
        "cultural_event",
        date(2026, 6, 29),
        date(2026, 7, 2),
        country="CN",
        figures={"participants_vn": 100, "participants_foreign": 50},
        photo=True,
        review=ReportStatus.APPROVED,
    ),
    Spec("D1-X1", "law_outreach", date(2026, 1, 1), figures={"sessions": 2, "audience": 150}),
    Spec(
        "D1-X1",
        "law_outreach",
        date(2026, 2, 15),
        withdrawn=True,
        figures={"sessions": 1, "audience": 80},
    ),
    Spec(
        "D1-X2",
        "media_publication",
        date(2026, 5, 20),
        figures={"items": 3, "copies": 1500},
        review=ReportStatus.RETURNED,
    ),
    Spec("D1", "training", date(2026, 4, 10), figures={"classes": 1, "trainees": 60}),
    Spec(
        "BTG",
        "foreign_delegation_in",
        date(2026, 5, 5),
        country="LA",
        figures={"delegation_size": 12},
        review=ReportStatus.APPROVED,
    ),
    Spec("BTG", "oral_propaganda", date(2025, 12, 31), figures={"sessions": 1, "audience": 300}),
    Spec("D2-X1", "exhibition", date(2025, 3, 1), figures={"visitors": 3000}),
    Spec(
        "HN",
        "border_exchange",
        date(2025, 4, 10),
        country="CN",
        figures={"participants_vn": 20, "participants_foreign": 20},
    ),
    Spec(
        "D1-X1",
        "counter_disinformation",
        date(2026, 10, 5),
        figures={"posts_handled": 40},
        review=ReportStatus.RETURNED,
    ),
    Spec("CM", "foreigner_management", date(2026, 8, 1), country="CN", figures={"cases": 3}),
    Spec("HN", "law_outreach", date(2026, 9, 30), figures={"sessions": 1, "audience": 45}),
    Spec("HN", "law_outreach", date(2026, 10, 1), figures={"sessions": 1, "audience": 55}),
)


def within(code: str, top: str) -> bool:
    """True if unit `code` is `top` or lies under it."""
    while code != top:
        if code not in PARENT:
            return False
        code = PARENT[code]
    return True


def expected(
    top: str, first: date, last: date, *, subtree: bool = True, approved_only: bool = False
) -> dict[str, Any]:
    """Totals and per-type figures by plain filtering of SPECS."""
    chosen = [
        s
        for s in SPECS
        if not s.withdrawn
        and (s.review is ReportStatus.APPROVED or not approved_only)
        and first <= s.start <= last
        and (within(s.unit, top) if subtree else s.unit == top)
    ]
    total = {name: sum(s.figures.get(name, 0) for s in chosen) for name in FIGURE_FIELDS}
    by_type: dict[str, dict[str, int]] = {}
    for s in chosen:
        entry = by_type.setdefault(s.type, {"activities": 0})
        entry["activities"] += 1
        for name, value in s.figures.items():
            entry[name] = entry.get(name, 0) + value
    waiting = sum(s.review is ReportStatus.SUBMITTED for s in chosen)
    returned = sum(s.review is ReportStatus.RETURNED for s in chosen)
    return {
        "activities": len(chosen),
        "sums": total,
        "by_type": by_type,
        "specs": chosen,
        "waiting": waiting,
        "returned": returned,
    }


async def build(photo_key: Any = None) -> dict[str, Any]:
    """Create units, one author and the reports; returns units by code and the author."""
    await directory.import_units(UNITS_CSV)
    units = {u.code: u for u in await directory.subtree(await directory.get_unit_by_code("P"))}
    author = await Person.create(display_name="Người báo cáo")
    await access.grant(author, units["HN"], Role.REPORTER)
    for n, spec in enumerate(SPECS):
        keys = periods_of(spec.start)
        report = await Report.create(
            submit_key=f"spec-{n}",
            unit=units[spec.unit],
            author=author,
            activity_type=spec.type,
            title=f"Hoạt động {n} ({spec.type})",
            start_date=spec.start,
            end_date=spec.end or spec.start,
            period_month=keys.month,
            period_quarter=keys.quarter,
            period_half=keys.half,
            period_year=keys.year,
            place_name="Cửa khẩu",
            country=spec.country,
            status=ReportStatus.WITHDRAWN if spec.withdrawn else spec.review,
            channel="console",
            **spec.figures,
        )
        await rollups.report_added(report)  # as filing does: summaries read the rollup
        if spec.photo and photo_key is not None:
            sha, key = photo_key(n)
            await Photo.create(
                draft_key=f"spec-{n}",
                report=report,
                sha256=sha,
                storage_key=key,
                mime="image/jpeg",
                size_bytes=1,
            )
    return {"units": units, "author": author}
