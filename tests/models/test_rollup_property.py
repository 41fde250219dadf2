"""Property: after any sequence of writes, every period's summary read from the rollup equals
the one computed from the report rows, and the rollup equals a GROUP BY over them.

Each example runs in one transaction that is rolled back, so examples do not see each other
and the suite stays fast (50 examples).
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tortoise.transactions import in_transaction

from models import review, rollup_upkeep
from models.activity_types import ACTIVITY_TYPES
from models.aggregates import summarise
from models.periods import Period
from models.reports import Report
from models.scope import Scope
from tests.models import rollup_world as rw

FIRST = date(2025, 11, 1)
MONTHS = 6  # across a year, a half and quarters, so edges and blocks meet often
TYPES = list(ACTIVITY_TYPES)


class RolledBack(Exception):
    """Raised at the end of an example to undo it."""


@st.composite
def day(draw: st.DrawFn) -> date:
    """A day of the months from FIRST, mostly on or next to a month's edges."""
    offset = draw(st.integers(0, MONTHS - 1))
    first = date(
        FIRST.year + (FIRST.month - 1 + offset) // 12, (FIRST.month - 1 + offset) % 12 + 1, 1
    )
    last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    number = draw(st.sampled_from((1, 2, 15, 28, 30, 31)))
    return first.replace(day=min(number, last.day))


@st.composite
def spec(draw: st.DrawFn) -> dict:
    """A report's answers: unit, type, start date, country, figures."""
    kind = draw(st.sampled_from(TYPES))
    return {
        "unit": draw(st.sampled_from(rw.FILING_UNITS)),
        "kind": kind,
        "start": draw(day()),
        "country": draw(st.sampled_from(("", "CN", "LA"))),
        "figures": {f: draw(st.integers(0, 500)) for f in ACTIVITY_TYPES[kind].figures},
    }


WRITE = st.one_of(
    st.tuples(st.just("file"), spec()),
    st.tuples(st.just("file"), spec()),
    st.tuples(st.sampled_from(("approve", "return", "withdraw", "reopen")), st.integers(0, 9)),
    st.tuples(st.just("correct"), st.tuples(st.integers(0, 9), spec())),
)


@st.composite
def period(draw: st.DrawFn) -> Period:
    """Any day range between two of those days (either order)."""
    first, second = sorted((draw(day()), draw(day())))
    return Period.days(first, second)


async def apply(w: rw.World, write: tuple, filed: list[int]) -> None:
    """One write through the real functions; a refused transition changes nothing."""
    name, arg = write
    if name == "file":
        report = await rw.file(
            w, rw.draft(w, arg["unit"], arg["kind"], arg["start"], arg["country"], arg["figures"])
        )
        filed.append(report.id)
        return
    if not filed:
        return
    if name == "correct":
        index, answers = arg
        report_id = filed[index % len(filed)]
        d = rw.draft(
            w,
            answers["unit"],
            answers["kind"],
            answers["start"],
            answers["country"],
            answers["figures"],
        )
        move: Callable[[], Awaitable[object]] = lambda: rw.correct(w, report_id, d)  # noqa: E731
    else:
        report = await Report.get(id=filed[arg % len(filed)])
        rid, rev = report.id, report.revision
        move = {
            "approve": lambda: review.approve(rid, rev, w.admin, rw.NOW),
            "return": lambda: review.return_report(rid, rev, w.admin, "Sai số liệu", rw.NOW),
            "withdraw": lambda: review.withdraw(rid, rev, w.author, "Nhầm", rw.NOW),
            "reopen": lambda: review.reopen(rid, rev, w.admin, rw.NOW),
        }[name]
    with contextlib.suppress(review.TransitionRefused):  # refused: nothing changed
        await move()


@settings(
    deadline=None, max_examples=50, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    writes=st.lists(WRITE, min_size=3, max_size=16),
    periods=st.lists(period(), min_size=1, max_size=3),
)
async def test_rollup_path_equals_raw_path(
    database_url: str, writes: list, periods: list[Period]
) -> None:
    w = await rw.world()
    try:
        async with in_transaction():
            filed: list[int] = []
            for write in writes:
                await apply(w, write, filed)
            assert await rollup_upkeep.differences() == []
            for p in periods:
                for top in ("P", "D1", "BDBP"):
                    for approved_only in (False, True):
                        got = await summarise(Scope(w.units[top]), p, approved_only)
                        want = await rw.oracle(w, top, p.start, p.end, approved_only)
                        assert rw.seen(got) == want, (p.code, top, approved_only)
            raise RolledBack
    except RolledBack:
        pass
    assert not await Report.exists()
