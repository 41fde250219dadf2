"""Capacity search: the largest N the bot serves, human-paced, with p95 reply ≤ 300 ms.

Not part of CI. Each probe is one human-paced cell of bench/load.py (``--pace``): N reporters
each file the full report, waiting 2–5 s before each answer, starting spread over the first
pause. A probe passes when all N reports were filed and the p95 reply to texts, presses and
the location — from the update's creation, as the person sees it — is ≤ ``--target-ms``;
photos are measured apart and do not decide. N doubles from ``--start`` until a probe fails
(or reaches ``--max-n``), then bisects between the last pass and the first failure until they
are within ``--precision`` (or ``--max-probes`` were run). The echo floor (bench/echo_bot.py,
closed loop, ``--echo-n`` users) is measured at the start and at the end of the run.

    python bench/capacity.py                           # sqlite, postgres × polling, webhook (+×2)
    python bench/capacity.py --db sqlite --mode webhook --max-n 50 --echo-n 50   # a small check

See bench/README.md ("Capacity") for the recorded results and how to read them.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.load import PHOTOS_PER_REPORT, Result, run_cell  # noqa: E402
from bench.load_fake import Pace, camera_jpeg  # noqa: E402

Config = tuple[str, str, str, int]  # kind ("bot" or "echo"), database, mode, workers


@dataclass
class Probe:
    """One human-paced cell of the search and its verdict."""

    n: int
    passed: bool
    wall_s: float  # the whole probe: database, bot start, the paced burst, checks
    result: Result


def next_n(passed: int, failed: int | None, max_n: int, precision: float) -> int | None:
    """The next N to probe given the largest N that passed and the smallest that failed
    (None: none yet); None when the search is done. Doubling, then bisection."""
    if failed is None:
        return None if passed >= max_n else min(max(2 * passed, 1), max_n)
    if failed - passed <= max(1, int(precision * passed)):
        return None
    return passed + (failed - passed) // 2


async def search(
    probe: Callable[[int], Awaitable[Probe]],
    start: int,
    max_n: int,
    precision: float,
    max_probes: int,
) -> list[Probe]:
    """Probe N from ``start`` as next_n directs, at most ``max_probes`` times."""
    probes: list[Probe] = []
    passed, failed = 0, None
    n: int | None = min(start, max_n)
    while n is not None and len(probes) < max_probes:
        outcome = await probe(n)
        probes.append(outcome)
        if outcome.passed:
            passed = max(passed, n)
        else:
            failed = n if failed is None else min(failed, n)
        n = next_n(passed, failed, max_n, precision)
    return probes


class PhotoStock:
    """Distinct camera-like JPEGs, made once and shared by every probe (12 ms each)."""

    def __init__(self) -> None:
        self.photos: list[bytes] = []

    def first(self, count: int) -> list[bytes]:
        """The first ``count`` photos, making the missing ones."""
        self.photos.extend(camera_jpeg(i) for i in range(len(self.photos), count))
        return self.photos[:count]


def configs(args: argparse.Namespace) -> list[Config]:
    """Every database × mode; PostgreSQL webhook also with each --workers count (SQLite keeps
    one: its single write lock is why the README says PostgreSQL for several workers)."""
    cells: list[Config] = [("echo", "", "polling", 1)] if args.echo_capacity else []
    for db in args.db:
        for mode in args.mode:
            counts = args.workers if (db, mode) == ("postgres", "webhook") else [1]
            cells += [("bot", db, mode, workers) for workers in counts]
    return cells


def label(config: Config) -> str:
    """As bench/load.py labels its cells."""
    kind, db, mode, workers = config
    return "echo" if kind == "echo" else f"{db}/{mode}" + (f"×{workers}" if workers > 1 else "")


async def probe_once(args: argparse.Namespace, config: Config, stock: PhotoStock, n: int) -> Probe:
    """One paced cell at N and its verdict, printed as it comes."""
    kind, db, mode, workers = config
    started = time.perf_counter()
    photos = stock.first(n * PHOTOS_PER_REPORT) if kind == "bot" else []
    result = await run_cell(args, kind, n, db, mode, photos, workers)
    ok = not result.failures and result.p95_ms_answers <= args.target_ms
    outcome = Probe(n, ok, time.perf_counter() - started, result)
    print(
        f"    {label(config)} N={n}: {'pass' if ok else 'FAIL'} · p95 answers "
        f"{result.p95_ms_answers:.0f} ms, photos {result.p95_ms_photos:.0f} ms · "
        f"{result.per_second:.1f} updates/s · bot {result.bot_cpu_s / result.seconds:.2f} "
        f"cores · {outcome.wall_s:.0f} s",
        flush=True,
    )
    for failure in result.failures:
        print(f"      ! {failure[:500]}", flush=True)
    return outcome


async def echo_floor(args: argparse.Namespace) -> Result:
    """The closed-loop echo bot at --echo-n users, as bench/load.py measures it."""
    floor = await run_cell(replace_pace(args, None), "echo", args.echo_n, "", "polling", [])
    print(
        f"# echo floor (closed loop, N={floor.n}): {floor.per_second:.1f} updates/s, "
        f"p95 {floor.p95_ms:.0f} ms",
        flush=True,
    )
    return floor


def replace_pace(args: argparse.Namespace, pace: Pace | None) -> argparse.Namespace:
    """A copy of the arguments with another pace (the floor runs closed loop)."""
    return argparse.Namespace(**{**vars(args), "pace": pace})


def capacity_of(probes: list[Probe]) -> Probe | None:
    """The passing probe with the largest N, if any passed."""
    return max((p for p in probes if p.passed), key=lambda p: p.n, default=None)


def print_table(found: dict[str, list[Probe]], max_n: int) -> None:
    """The capacity per configuration, with the figures of the probe that set it; with the
    echo bot searched too, each capacity as a share of the echo bot's."""
    echo = capacity_of(found.get("echo", []))
    print(
        "\n| bot | capacity N | × echo N | first failing N (p95) | p95 answers ms "
        "| p95 photos ms | updates/s | bot cores busy | peak RSS MB | probes | minutes |\n|"
        + "---|"
        * 11
    )
    for name, probes in found.items():
        best, fail = (
            capacity_of(probes),
            min((p for p in probes if not p.passed), key=lambda p: p.n, default=None),
        )
        capacity = "none" if best is None else f"{best.n}" + ("+" if best.n >= max_n else "")
        share = f"{best.n / echo.n:.2f}" if best and echo else "—"
        failing = "—" if fail is None else f"{fail.n} ({fail.result.p95_ms_answers:.0f} ms)"
        r = best.result if best else None
        figures = (
            f"{r.p95_ms_answers:.0f} | {r.p95_ms_photos:.0f} | {r.per_second:.1f} "
            f"| {r.bot_cpu_s / r.seconds:.2f} | {r.peak_rss_mb:.0f}"
            if r
            else "— | — | — | — | —"
        )
        minutes = sum(p.wall_s for p in probes) / 60
        print(
            f"| {name} | {capacity} | {share} | {failing} | {figures} | {len(probes)} "
            f"| {minutes:.1f} |"
        )
    print("\n(capacity N: the largest N that passed; '+': the --max-n bound, not a failure)")


async def run(args: argparse.Namespace) -> dict:
    """Floor, every configuration's search, floor again; print and return everything."""
    started = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    print(f"# CPython {platform.python_version()}, {os.cpu_count()} CPUs, {started}")
    print(
        f"# human-paced {args.pace} s (seed {args.pace.seed}); pass: all filed and p95 of "
        f"text+press+location ≤ {args.target_ms:g} ms; N from {args.start} doubling to "
        f"≤ {args.max_n}, then bisection to {args.precision:.0%}, ≤ {args.max_probes} probes",
        flush=True,
    )
    clock = time.perf_counter()
    floors = [await echo_floor(args)] if args.echo_n else []
    stock = PhotoStock()
    found: dict[str, list[Probe]] = {}
    for config in configs(args):
        print(f"## {label(config)}", flush=True)
        found[label(config)] = await search(
            lambda n, c=config: probe_once(args, c, stock, n),
            args.start,
            args.max_n,
            args.precision,
            args.max_probes,
        )
    if args.echo_n:
        floors.append(await echo_floor(args))
    print_table(found, args.max_n)
    print(f"\nwhole run: {(time.perf_counter() - clock) / 60:.1f} min", flush=True)
    return {
        "started": started,
        "pace": str(args.pace),
        "target_ms": args.target_ms,
        "echo_floors": [asdict(f) for f in floors],
        "probes": {name: [asdict(p) for p in probes] for name, probes in found.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", nargs="+", choices=["sqlite", "postgres"])
    parser.add_argument("--mode", nargs="+", choices=["polling", "webhook"])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="PG webhook")
    parser.add_argument("--pace", type=Pace.parse, default=Pace.parse("2-5"))
    parser.add_argument("--seed", type=int, default=0, help="of the reporters' pauses")
    parser.add_argument("--target-ms", type=float, default=300.0)
    parser.add_argument("--start", type=int, default=25, help="first N probed")
    parser.add_argument("--max-n", type=int, default=1000, help="never probe more reporters")
    parser.add_argument(
        "--precision", type=float, default=0.1, help="stop when failed - passed ≤ this × passed"
    )
    parser.add_argument("--max-probes", type=int, default=10, help="per configuration")
    parser.add_argument("--echo-n", type=int, default=500, help="closed-loop floor; 0: none")
    parser.add_argument(
        "--echo-capacity", action="store_true", help="also search the echo bot's paced capacity"
    )
    parser.add_argument("--deadline", type=float, default=240, help="seconds per probe")
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--json", type=Path, help="also write every probe here")
    args = parser.parse_args()
    args.db = args.db or ["sqlite", "postgres"]
    args.mode = args.mode or ["polling", "webhook"]
    args.pace = replace(args.pace, seed=args.seed)
    args.profile = None  # bench/load.py's run_cell reads it
    record = asyncio.run(run(args))
    if args.json:
        args.json.write_text(json.dumps(record, indent=1))


if __name__ == "__main__":
    main()
