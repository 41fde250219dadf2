"""Summaries computed by the database match figures computed by hand from the data set."""

from __future__ import annotations

from datetime import date

import pytest

from models import access
from models.aggregates import compare, summarise
from models.people import Person, Role
from models.periods import Period
from models.report_list import report_rows
from models.scope import Scope, default_scope, scope_for
from models.summary_rows import highlights
from tests.models import summary_data
from tests.models.summary_data import expected


def _check(summary, want) -> None:
    assert summary.total.activities == want["activities"]
    assert summary.total.sums == want["sums"]
    got_types = {
        code: {"activities": f.activities, **{k: v for k, v in f.sums.items() if v}}
        for code, f in summary.by_type.items()
    }
    want_types = {
        code: {k: v for k, v in entry.items() if v} for code, entry in want["by_type"].items()
    }
    assert got_types == want_types


PERIODS = [
    Period.half(2026, 1),
    Period.half(2026, 2),
    Period.half(2025, 1),
    Period.half(2025, 2),
    Period.quarter(2026, 2),
    Period.quarter(2026, 3),
    Period.quarter(2026, 4),
    Period.month(2026, 6),
    Period.month(2026, 7),
    Period.month(2026, 10),
    Period.year(2026),
    Period.year(2025),
    Period.days(date(2026, 6, 30), date(2026, 7, 1)),
    Period.days(date(2025, 12, 31), date(2026, 1, 1)),
]


@pytest.mark.parametrize("period", PERIODS, ids=lambda p: p.code)
@pytest.mark.parametrize("top", ["P", "D1", "BDBP", "HN", "D2"])
async def test_figures_match_the_hand_count(database_url: str, period: Period, top: str) -> None:
    built = await summary_data.build()
    summary = await summarise(Scope(built["units"][top]), period)
    _check(summary, expected(top, period.start, period.end))


async def test_by_unit_rolls_up_children_and_lists_silent_units(database_url: str) -> None:
    built = await summary_data.build()
    units = built["units"]
    period = Period.half(2026, 1)
    summary = await summarise(Scope(units["P"]), period)
    by_unit = {line.unit.code: line for line in summary.by_unit}
    for child in ("D1", "BDBP", "BTG"):
        want = expected(child, period.start, period.end)
        assert by_unit[child].figures.activities == want["activities"]
        assert by_unit[child].figures.sums == want["sums"]
    assert "D2" not in by_unit  # filed nothing this half
    assert [u.code for u in summary.silent_units] == ["D2"]  # topmost silent unit only
    district = await summarise(Scope(units["D1"]), period)
    lines = {line.unit.code: line for line in district.by_unit}
    assert lines["D1"].own and lines["D1"].figures.activities == 1  # the district's own training
    assert lines["D1-X1"].figures.activities == 1  # the withdrawn one does not count
    assert lines["D1-X2"].figures.get("copies") == 1500
    assert summary.units_in_scope == 10 and district.units_in_scope == 3


async def test_countries_and_withdrawn(database_url: str) -> None:
    built = await summary_data.build()
    period = Period.half(2026, 1)
    summary = await summarise(Scope(built["units"]["P"]), period)
    countries = {c.country: c for c in summary.countries}
    assert set(countries) == {"CN", "LA"}
    assert countries["CN"].activities == 3
    assert countries["CN"].participants_foreign == 30 + 12 + 50
    assert countries["LA"].delegation_size == 12
    q1 = await summarise(Scope(built["units"]["D1-X1"]), Period.quarter(2026, 1))
    assert q1.total.activities == 1 and q1.total.get("audience") == 150  # not 230


async def test_edges_count_where_the_activity_starts(database_url: str) -> None:
    built = await summary_data.build()
    post = Scope(built["units"]["CM"])
    june = await summarise(post, Period.month(2026, 6))
    july = await summarise(post, Period.month(2026, 7))
    assert june.total.activities == 1 and june.total.get("participants_vn") == 100
    assert july.total.activities == 0
    q3 = await summarise(Scope(built["units"]["HN"]), Period.quarter(2026, 3))
    q4 = await summarise(Scope(built["units"]["HN"]), Period.quarter(2026, 4))
    assert q3.total.get("audience") == 45 and q4.total.get("audience") == 55
    assert q3.total.activities == 2  # 01/07 exchange and 30/09 outreach


async def test_comparison_with_the_same_period_a_year_earlier(database_url: str) -> None:
    built = await summary_data.build()
    period = Period.half(2026, 1)
    result = await compare(Scope(built["units"]["P"]), period, period.same_period_last_year())
    assert result.previous is not None
    assert result.previous.period == Period.half(2025, 1)
    _check(result.previous, expected("P", result.previous.period.start, result.previous.period.end))
    assert result.previous.type_figures("exhibition").get("visitors") == 3000


async def _person(units: dict, *grants: tuple[str, Role]) -> access.Access:
    person = await Person.create(display_name="x")
    for code, role in grants:
        await access.grant(person, units[code], role)
    return await access.access_of(person)


async def test_scope_follows_memberships(database_url: str) -> None:
    built = await summary_data.build()
    units = built["units"]
    district = await _person(units, ("D1", Role.COMMITTEE))
    assert scope_for(district, units["D1-X1"]) == Scope(units["D1-X1"])
    assert scope_for(district, units["D2"]) is None  # the neighbour district
    assert scope_for(district, units["P"]) is None
    assert default_scope(district) == Scope(units["D1"])
    province = await _person(units, ("P", Role.COMMITTEE), ("D1", Role.ADMIN))
    assert default_scope(province) == Scope(units["P"])
    assert scope_for(province, units["D2-X1"]) is not None
    reviewer = await _person(units, ("BDBP", Role.REVIEWER))
    assert scope_for(reviewer, units["HN"]) == Scope(units["HN"])
    reporter = await _person(units, ("HN", Role.REPORTER))
    own = scope_for(reporter, units["HN"])
    assert own == Scope(units["HN"], subtree=False)
    assert scope_for(reporter, units["BDBP"]) is None
    assert scope_for(reporter, units["CM"]) is None


async def test_a_reporter_sees_only_its_own_units_reports(database_url: str) -> None:
    built = await summary_data.build()
    units = built["units"]
    reporter = await _person(units, ("D1", Role.REPORTER))
    scope = scope_for(reporter, units["D1"])
    summary = await summarise(scope, Period.half(2026, 1))
    want = expected("D1", date(2026, 1, 1), date(2026, 6, 30), subtree=False)
    assert summary.total.activities == want["activities"] == 1
    assert [line.unit.code for line in summary.by_unit] == ["D1"]


async def test_rows_and_highlights(database_url: str) -> None:
    built = await summary_data.build(lambda n: (f"{n:064x}", f"originals/00/{n:064x}.jpg"))
    period = Period.half(2026, 1)
    scope = Scope(built["units"]["P"])
    rows, more = await report_rows(scope, period)
    want = expected("P", period.start, period.end)["specs"]
    assert not more and len(rows) == len(want)
    assert [r.start_date for r in rows] == sorted(s.start for s in want)
    assert sum(r.figures["participants_vn"] or 0 for r in rows) == 135
    capped, more = await report_rows(scope, period, limit=2)
    assert more and len(capped) == 2
    notable = await highlights(scope, period, limit=3)
    assert len(notable) == 3 and len({r.activity_type for r in notable}) == 3
    assert {r.photo is not None for r in notable} == {True, False}  # photos preferred
    assert notable[0].photo is None or notable[0].photo.sha256
    with_photo = [r for r in notable if r.photo]
    assert {r.title for r in with_photo} == {
        "Hoạt động 0 (border_exchange)",
        "Hoạt động 3 (cultural_event)",
    }


@pytest.mark.parametrize("period", PERIODS, ids=lambda p: p.code)
@pytest.mark.parametrize("top", ["P", "D1", "BDBP"])
async def test_review_states_are_counted_and_told_apart(
    database_url: str, period: Period, top: str
) -> None:
    built = await summary_data.build()
    summary = await summarise(Scope(built["units"][top]), period)
    want = expected(top, period.start, period.end)
    _check(summary, want)
    assert (summary.waiting, summary.returned) == (want["waiting"], want["returned"])
    approved = await summarise(Scope(built["units"][top]), period, approved_only=True)
    want_approved = expected(top, period.start, period.end, approved_only=True)
    _check(approved, want_approved)
    assert approved.approved_only and (approved.waiting, approved.returned) == (0, 0)


async def test_approved_and_returned_reports_still_count(database_url: str) -> None:
    built = await summary_data.build()
    summary = await summarise(Scope(built["units"]["P"]), Period.half(2026, 1))
    # 7 counted: 3 approved (exchange of 10/03, cultural event, delegation), 1 returned, 3 waiting
    assert summary.total.activities == 7
    assert (summary.waiting, summary.returned) == (3, 1)
    assert summary.type_figures("media_publication").get("copies") == 1500  # the returned one
    countries = {c.country: c.activities for c in summary.countries}
    assert countries == {"CN": 3, "LA": 1}
    only = await summarise(Scope(built["units"]["P"]), Period.half(2026, 1), approved_only=True)
    assert only.total.activities == 3
    assert {c.country: c.activities for c in only.countries} == {"CN": 2, "LA": 1}
    assert {line.unit.code for line in only.by_unit} == {"BDBP", "BTG"}
    rows, _ = await report_rows(
        Scope(built["units"]["P"]), Period.half(2026, 1), approved_only=True
    )
    assert sorted(r.title for r in rows) == [
        "Hoạt động 0 (border_exchange)",
        "Hoạt động 3 (cultural_event)",
        "Hoạt động 8 (foreign_delegation_in)",
    ]
    notable = await highlights(Scope(built["units"]["P"]), Period.year(2026), approved_only=True)
    assert {r.id for r in notable} <= {r.id for r in rows}
    withdrawn_or_waiting = await report_rows(Scope(built["units"]["D1-X1"]), Period.year(2026))
    assert len(withdrawn_or_waiting[0]) == 2  # the withdrawn one is never listed
