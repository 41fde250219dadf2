"""The capacity search's bookkeeping and the human pace: pure functions, no bot is started."""

from __future__ import annotations

import math
from collections.abc import Awaitable, Callable

import pytest

from bench.capacity import Probe, next_n, search
from bench.load import Result
from bench.load_fake import Pace


def result(n: int) -> Result:
    """A stand-in for a measured cell (the search only reads the verdict)."""
    nan = math.nan
    return Result("x", n, 14 * n, 1.0, 14.0 * n, nan, nan, nan, nan, nan, nan, n, [], {}, nan)


def prober(capacity: int, seen: list[int]) -> Callable[[int], Awaitable[Probe]]:
    """A probe that passes up to ``capacity`` reporters and records what it was asked."""

    async def probe(n: int) -> Probe:
        seen.append(n)
        return Probe(n, n <= capacity, 0.0, result(n))

    return probe


async def test_doubles_then_bisects_to_within_the_precision() -> None:
    seen: list[int] = []
    probes = await search(prober(137, seen), start=25, max_n=1000, precision=0.1, max_probes=20)
    assert seen[:4] == [25, 50, 100, 200]  # doubling until the first failure
    best = max(p.n for p in probes if p.passed)
    worst = min(p.n for p in probes if not p.passed)
    assert best <= 137 < worst and worst - best <= max(1, int(0.1 * best))
    assert len(seen) == len(set(seen)) and len(seen) <= 8


async def test_stops_at_the_bound_when_everything_passes() -> None:
    seen: list[int] = []
    await search(prober(10_000, seen), start=25, max_n=150, precision=0.1, max_probes=20)
    assert seen == [25, 50, 100, 150]


async def test_a_failing_first_probe_searches_below_it() -> None:
    seen: list[int] = []
    probes = await search(prober(7, seen), start=25, max_n=1000, precision=0.1, max_probes=20)
    assert seen[0] == 25 and max(p.n for p in probes if p.passed) == 7


async def test_never_more_probes_than_allowed() -> None:
    seen: list[int] = []
    await search(prober(300, seen), start=1, max_n=1000, precision=0.0, max_probes=5)
    assert seen == [1, 2, 4, 8, 16]


def test_next_n_is_done_once_pass_and_fail_are_adjacent() -> None:
    assert next_n(40, 41, 1000, 0.0) is None
    assert next_n(40, 44, 1000, 0.1) is None  # within 10 % of 40
    assert next_n(40, 80, 1000, 0.1) == 60


def test_pace_is_seeded_per_reporter_and_stays_in_its_bounds() -> None:
    pace = Pace.parse("2-5", seed=3)
    first = [pace.rng(10_001).uniform(pace.low, pace.high) for _ in range(2)]
    assert first[0] == first[1]  # the same reporter repeats its pauses from run to run
    pauses = [pace.rng(user).uniform(pace.low, pace.high) for user in range(10_000, 10_200)]
    assert all(2 <= p <= 5 for p in pauses) and len(set(pauses)) == 200
    assert Pace.parse("3") == Pace(3.0, 3.0)
    with pytest.raises(ValueError):
        Pace.parse("5-2")
