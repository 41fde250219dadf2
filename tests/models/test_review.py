"""Review transitions: every (state, transition, actor) allowed or refused, races, reasons, diffs.

Decided here: nobody approves or returns a report they wrote, even when they are a reviewer of
its unit (four eyes); a committee member reads but never decides; someone who may not read a
report is told "not_found", exactly as for a number that does not exist.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta

import pytest
from tortoise.transactions import in_transaction

from models import access, directory, filing, review
from models.filing import periods_of
from models.people import Person, Role
from models.reports import AuditEvent, Report, ReportStatus
from models.review import TransitionRefused

S = ReportStatus
NOW = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)
UNITS = """code,name,kind,parent_code,lat,lon
P,Tỉnh,province,,,
D1,Huyện Một,district,P,,
D1-X1,Xã Một,commune,D1,,
D2,Huyện Hai,district,P,,
"""
ACTORS = {
    "author": [("D1-X1", Role.REPORTER)],
    "reviewer": [("D1", Role.REVIEWER)],
    "admin": [("P", Role.ADMIN)],
    "committee": [("P", Role.COMMITTEE)],
    "other_reviewer": [("D2", Role.REVIEWER)],
    "other_reporter": [("D1-X1", Role.REPORTER)],  # same unit, not the author
}
OUTSIDERS = {"other_reviewer", "other_reporter"}

# (state, transition, actor) -> the state it leads to; everything else is refused.
ALLOWED = {
    (S.SUBMITTED, "approve", "reviewer"): S.APPROVED,
    (S.SUBMITTED, "approve", "admin"): S.APPROVED,
    (S.SUBMITTED, "return", "reviewer"): S.RETURNED,
    (S.SUBMITTED, "return", "admin"): S.RETURNED,
    (S.SUBMITTED, "withdraw", "author"): S.WITHDRAWN,
    (S.RETURNED, "withdraw", "author"): S.WITHDRAWN,
    (S.SUBMITTED, "correct", "author"): S.SUBMITTED,
    (S.RETURNED, "correct", "author"): S.SUBMITTED,
    (S.APPROVED, "reopen", "admin"): S.SUBMITTED,
}


def _call(name: str, report: Report, actor: Person) -> Callable[[], Awaitable[object]]:
    """The transition `name` on the report's current revision."""
    rid, rev = report.id, report.revision
    calls: dict[str, Callable[[], Awaitable[object]]] = {
        "approve": lambda: review.approve(rid, rev, actor, NOW),
        "return": lambda: review.return_report(rid, rev, actor, "Thiếu số liệu", NOW),
        "withdraw": lambda: review.withdraw(rid, rev, actor, "Nhập trùng", NOW),
        "reopen": lambda: review.reopen(rid, rev, actor, NOW),
        "correct": lambda: review.correct(rid, rev, actor, {"title": "Đã sửa"}, NOW),
    }
    return calls[name]


async def _world() -> tuple[dict[str, Person], Report]:
    """The unit tree, one person per actor, and one report of the author's commune."""
    await directory.import_units(UNITS)
    units = {u.code: u for u in await directory.subtree(await directory.get_unit_by_code("P"))}
    people: dict[str, Person] = {}
    for name, grants in ACTORS.items():
        people[name] = await Person.create(display_name=name)
        for code, role in grants:
            await access.grant(people[name], units[code], role)
    return people, await _report(people["author"], units["D1-X1"].id)


async def _report(author: Person, unit_id: int, key: str = "k1") -> Report:
    keys = periods_of(date(2026, 11, 2))
    return await Report.create(
        submit_key=key,
        unit_id=unit_id,
        author=author,
        activity_type="law_outreach",
        title="Tuyên truyền",
        start_date=date(2026, 11, 2),
        end_date=date(2026, 11, 2),
        period_month=keys.month,
        period_quarter=keys.quarter,
        period_half=keys.half,
        period_year=keys.year,
        audience=120,
        channel="telegram",
        filed_external_id="555",
    )


CASES = [
    (state, name, actor)
    for state in S
    for name in ("approve", "return", "withdraw", "reopen", "correct")
    for actor in ACTORS
]


@pytest.mark.parametrize(("state", "name", "actor"), CASES, ids=lambda v: str(v))
async def test_every_transition_by_every_actor(
    database_url: str, state: ReportStatus, name: str, actor: str
) -> None:
    people, report = await _world()
    await Report.filter(id=report.id).update(status=state)
    report = await Report.get(id=report.id)
    events = await AuditEvent.filter(report=report).count()
    expected = ALLOWED.get((state, name, actor))
    if expected is not None:
        await _call(name, report, people[actor])()
        after = await Report.get(id=report.id)
        assert after.status is expected and after.revision == report.revision + 1
        last = await AuditEvent.filter(report=report).order_by("-id").first()
        assert last is not None and last.action == name and last.person_id == people[actor].id  # type: ignore[attr-defined]
        assert last.detail["revision"] == after.revision
        return
    with pytest.raises(TransitionRefused) as refused:
        await _call(name, report, people[actor])()
    assert refused.value.reason == ("not_found" if actor in OUTSIDERS else "not_allowed")
    if actor in OUTSIDERS:  # nothing about the report leaks
        assert refused.value.status is None and refused.value.decided_by_name is None
    after = await Report.get(id=report.id)
    assert (after.status, after.revision, after.title) == (state, report.revision, report.title)
    assert await AuditEvent.filter(report=report).count() == events


async def test_a_reviewer_does_not_decide_on_their_own_report(database_url: str) -> None:
    people, report = await _world()
    own = await _report(people["reviewer"], report.unit_id, key="k2")  # type: ignore[attr-defined]
    with pytest.raises(TransitionRefused) as refused:
        await review.approve(own.id, own.revision, people["reviewer"], NOW)
    assert refused.value.reason == "not_allowed"
    reviewer = await access.access_of(people["reviewer"])
    found = await review.report_in_scope(reviewer, people["reviewer"], own.id)
    assert found is not None and not review.may_decide(reviewer, found)
    assert review.may_read(reviewer, found)
    await review.approve(own.id, own.revision, people["admin"], NOW)  # someone else may


async def test_two_reviewers_on_the_same_revision_one_wins(database_url: str) -> None:
    people, report = await _world()
    people["reviewer"].display_name = "Trung tá Lê Văn Duyệt"
    await people["reviewer"].save()
    won = await review.approve(report.id, 1, people["reviewer"], NOW)
    assert won.status is S.APPROVED and won.revision == 2
    assert won.decided_by_id == people["reviewer"].id and won.decided_at == NOW  # type: ignore[attr-defined]
    later = NOW + timedelta(seconds=3)
    with pytest.raises(TransitionRefused) as refused:
        await review.return_report(report.id, 1, people["admin"], "Sai ngày", later)
    assert refused.value.reason == "stale"
    assert refused.value.status is S.APPROVED
    assert refused.value.decided_by_name == "Trung tá Lê Văn Duyệt"
    assert refused.value.decided_at == NOW
    after = await Report.get(id=report.id)
    assert (after.status, after.revision, after.return_reason) == (S.APPROVED, 2, "")


async def test_two_reviewers_in_concurrent_transactions(database_url: str) -> None:
    people, report = await _world()

    async def decide(actor: str) -> str:
        try:
            async with in_transaction():
                await review.approve(report.id, 1, people[actor], NOW)
            return "won"
        except TransitionRefused as refused:
            return refused.reason

    results = await asyncio.gather(decide("reviewer"), decide("admin"))
    assert sorted(results) == ["stale", "won"]
    assert await AuditEvent.filter(report=report, action="approve").count() == 1
    assert (await Report.get(id=report.id)).revision == 2


@pytest.mark.parametrize("reason", ["x" * 5000, "x" * 501, "", "   \n "])
async def test_a_return_reason_has_1_to_500_characters(database_url: str, reason: str) -> None:
    people, report = await _world()
    with pytest.raises(ValueError):
        await review.return_report(report.id, 1, people["reviewer"], reason, NOW)
    after = await Report.get(id=report.id)
    assert after.status is S.SUBMITTED and after.revision == 1
    kept = await review.return_report(report.id, 1, people["reviewer"], " " + "y" * 500, NOW)
    assert kept.return_reason == "y" * 500


async def test_returning_an_approved_report_is_refused(database_url: str) -> None:
    people, report = await _world()
    await review.approve(report.id, 1, people["reviewer"], NOW)
    with pytest.raises(TransitionRefused) as refused:
        await review.return_report(report.id, 2, people["admin"], "Sai", NOW)
    assert refused.value.reason == "not_allowed" and refused.value.status is S.APPROVED
    assert refused.value.decided_by_name == "reviewer"


async def test_correct_stores_the_field_level_diff(database_url: str) -> None:
    people, report = await _world()
    await review.return_report(report.id, 1, people["reviewer"], "Thiếu số người", NOW)
    values: dict[str, object] = {
        "title": "Tuyên truyền pháp luật",
        "audience": 150,
        "start_date": date(2026, 11, 3),
        "description": "",  # unchanged: not in the diff
        "submit_key": "another-draft",  # the report keeps its own key
        "author": people["reviewer"],  # and its author
    }
    later = NOW + timedelta(hours=2)
    corrected, diff = await review.correct(report.id, 2, people["author"], values, later)
    assert diff == {
        "title": ("Tuyên truyền", "Tuyên truyền pháp luật"),
        "audience": (120, 150),
        "start_date": (date(2026, 11, 2), date(2026, 11, 3)),
    }
    assert corrected.status is S.SUBMITTED and corrected.revision == 3
    assert corrected.submit_key == "k1" and corrected.author_id == people["author"].id  # type: ignore[attr-defined]
    assert corrected.return_reason == "" and corrected.submitted_at == later
    events = await review.history(report.id)
    assert [e.action for e in events] == ["return", "correct"]
    assert events[0].person.display_name == "reviewer"
    assert events[1].detail["changes"] == {
        "title": ["Tuyên truyền", "Tuyên truyền pháp luật"],
        "audience": [120, 150],
        "start_date": ["2026-11-02", "2026-11-03"],
    }
    assert events[1].detail["from_status"] == "returned"
    assert events[1].created_at == later


async def test_correct_refuses_unknown_columns_and_foreign_units(database_url: str) -> None:
    people, report = await _world()
    with pytest.raises(ValueError):
        await review.correct(report.id, 1, people["author"], {"photos": []}, NOW)
    other = await directory.get_unit_by_code("D2")
    assert other is not None
    with pytest.raises(TransitionRefused) as refused:
        await review.correct(report.id, 1, people["author"], {"unit_id": other.id}, NOW)
    assert refused.value.reason == "not_allowed"
    assert (await Report.get(id=report.id)).unit_id == report.unit_id  # type: ignore[attr-defined]


async def test_a_stale_correction_and_withdraw_without_revision(database_url: str) -> None:
    people, report = await _world()
    await review.correct(report.id, 1, people["author"], {"title": "Một"}, NOW)
    with pytest.raises(TransitionRefused) as refused:
        await review.approve(report.id, 1, people["reviewer"], NOW)
    assert refused.value.reason == "stale" and refused.value.decided_by_name == "author"
    gone = await review.withdraw(report.id, None, people["author"], " Nhập trùng ", NOW)
    assert gone.status is S.WITHDRAWN and gone.withdrawn_reason == "Nhập trùng"


async def test_missing_and_out_of_scope_reports_look_the_same(database_url: str) -> None:
    people, report = await _world()
    for name in ("reviewer", "admin", "committee", "author"):
        seen = await access.access_of(people[name])
        assert await review.report_in_scope(seen, people[name], report.id) is not None
    for name in OUTSIDERS:
        seen = await access.access_of(people[name])
        assert await review.report_in_scope(seen, people[name], report.id) is None
        assert await review.report_in_scope(seen, people[name], report.id + 1000) is None
    assert await review.report_in_scope(None, people["author"], report.id) is not None
    assert await review.report_in_scope(None, None, report.id) is None
    committee = await access.access_of(people["committee"])
    assert not review.may_decide(
        committee, report_in := await Report.get(id=report.id).select_related("unit")
    )
    assert review.may_read(committee, report_in)
    with pytest.raises(TransitionRefused) as refused:
        await review.approve(report.id + 1000, 1, people["admin"], NOW)
    assert refused.value.reason == "not_found"


async def test_an_approved_report_is_still_a_possible_duplicate(database_url: str) -> None:
    people, report = await _world()
    unit_id = report.unit_id  # type: ignore[attr-defined]
    same_day = ("law_outreach", date(2026, 11, 2))
    await review.approve(report.id, 1, people["reviewer"], NOW)
    assert await filing.possible_duplicate(unit_id, *same_day) == report.id
    assert await filing.possible_duplicate(unit_id, *same_day, exclude=report.id) is None
    await review.reopen(report.id, 2, people["admin"], NOW)
    await review.withdraw(report.id, 3, people["author"], "Trùng", NOW)
    assert await filing.possible_duplicate(unit_id, *same_day) is None
