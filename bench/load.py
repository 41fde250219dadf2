"""Load benchmark: N reporters file a full report at the same time against the real bot.

Not part of CI. Everything listens on 127.0.0.1; every run stops by itself (``--deadline``).

    python bench/load.py                  # N=10,100,500 × sqlite,postgres × polling,webhook
    python bench/load.py --n 100 --db sqlite --mode polling --no-echo
    python bench/load.py --n 100 --db sqlite --mode polling --no-echo --profile /tmp/profile
    python bench/load.py --n 500 --mode webhook --workers 1 2   # one vs two processes, one port
    python bench/load.py --n 50 --db sqlite --mode webhook --pace 2-5   # people's think time

Processes: this driver owns the fake Bot API server and plays the reporters
(bench/load_fake.py); the bot (``python main.py``, configured only through its environment)
and the floor, a bare python-telegram-bot echo bot (bench/echo_bot.py), each run in a process
of their own. Each reporter redeems an invite (/start CODE) and files one report: text steps,
buttons, a shared location, three 1280×960 JPEGs, Gửi — 14 updates, each sent as soon as the
previous one was answered (``--pace 2-5``: after a person's pause of 2–5 s, each reporter
starting within the first pause, as people do; bench/capacity.py searches N that way).
Latency runs from the update being made available to the bot (queued for getUpdates / its
webhook POST started) to the fake receiving the reply it waits for; peak RSS is the bot's
VmHWM. Every cell gets a fresh fake, database and media folder. See bench/README.md for
recorded results.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.load_fake import (  # noqa: E402
    ANSWERS,
    ECHO_SCRIPT,
    REPORT_SCRIPT,
    Delivery,
    Pace,
    Tally,
    TimedFake,
    camera_jpeg,
    play,
)
from bench.load_setup import (  # noqa: E402
    cpu_seconds,
    free_port,
    in_child,
    own_cpu_seconds,
    peak_rss_mb,
    scratch_postgres,
    stop,
    until_ready,
)

TOKEN = "123456:LOAD-BENCH"
SECRET = "load-bench-secret"
PHOTOS_PER_REPORT = 3


@dataclass
class Result:
    """One cell of the matrix."""

    label: str
    n: int
    updates: int
    seconds: float
    per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    peak_rss_mb: float
    bot_cpu_s: float
    driver_cpu_s: float
    reports: int | None
    failures: list[str]
    p95_ms_by_action: dict[str, float]
    p95_ms_from_creation: float
    # From the update's creation (what the person sees, Telegram's connection limit included):
    # texts, presses and the location together, and photos apart.
    p95_ms_answers: float = float("nan")
    p95_ms_photos: float = float("nan")
    pace: str | None = None


# --- one cell ------------------------------------------------------------------------------


async def run_cell(
    args: argparse.Namespace,
    kind: str,
    n: int,
    db: str,
    mode: str,
    photos: list[bytes],
    workers: int = 1,
) -> Result:
    """Fresh fake, database and bot process(es); N users at once; measure; tear down."""
    label = "echo" if kind == "echo" else f"{db}/{mode}" + (f"×{workers}" if workers > 1 else "")
    with tempfile.TemporaryDirectory(prefix="ttdn-load-") as tmp:
        async with cell_database(args, kind, db, tmp) as database_url:
            codes = await in_child("prepare", database_url, n) if kind == "bot" else [""] * n
            server = await TimedFake(TOKEN).start()
            port = free_port() if mode == "webhook" else None
            env = bot_environment(server.root, database_url, tmp, port, workers)
            tally, processes, usage = await burst(
                args, kind, n, db, mode, photos, codes, server, env, port, workers
            )
            reports = None
            if kind == "bot":
                reports, attached = await in_child("filed", database_url, n)
                if (reports, attached) != (n, n * PHOTOS_PER_REPORT):
                    tally.failures.append(f"filed {reports} reports with {attached} photos")
        for worker, process in enumerate(processes):
            if tally.failures or process.returncode:
                log = Path(tmp) / f"bot-{worker}.log"
                tail = log.read_text(errors="replace")[-3000:]
                tally.failures.append(f"worker {worker} exit {process.returncode}; log:\n{tail}")
    if args.profile and kind == "bot":
        render(profile_path(args, db, mode, n))
    result = summarise(label, n, tally, *usage, reports)
    return replace(result, pace=str(args.pace) if args.pace else None)


@asynccontextmanager
async def cell_database(
    args: argparse.Namespace, kind: str, db: str, tmp: str
) -> AsyncIterator[str]:
    """A SQLite file in the cell's folder, or a scratch PostgreSQL database dropped after."""
    if kind != "bot" or db != "postgres":
        yield f"sqlite://{tmp}/bench.sqlite3"
        return
    scratch = f"ttdn_bench_load_{os.getpid()}"
    try:
        yield await scratch_postgres(args.postgres, scratch, drop=False)
    finally:
        await scratch_postgres(args.postgres, scratch, drop=True)


def bot_environment(
    api_root: str, database_url: str, tmp: str, port: int | None, workers: int = 1
) -> dict:
    """The bot is configured by its environment only, as in production."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "ZALO_"))}
    env |= {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": api_root,
        "TELEGRAM_RATE_LIMIT": "false",
        "DATABASE_URL": database_url,
        "MEDIA_DIR": f"{tmp}/media",
    }
    if port is not None:
        env |= {
            "TELEGRAM_WEBHOOK_URL": f"http://127.0.0.1:{port}/telegram/webhook",
            "TELEGRAM_WEBHOOK_SECRET": SECRET,
            "WEBHOOK_LISTEN": f"127.0.0.1:{port}",
            "WEBHOOK_SHARE_PORT": "true" if workers > 1 else "false",
        }
    return env


def profile_path(args: argparse.Namespace, db: str, mode: str, n: int) -> Path:
    """Where the bot's pyinstrument session of one cell goes."""
    return args.profile / f"{db}-{mode}-{n}.pyisession"


async def burst(
    args: argparse.Namespace,
    kind: str,
    n: int,
    db: str,
    mode: str,
    photos: list[bytes],
    codes: list[str],
    server: TimedFake,
    env: dict,
    port: int | None,
    workers: int = 1,
) -> tuple[Tally, list[asyncio.subprocess.Process], tuple[float, float, float]]:
    """Start the bot (one process per worker), let N users loose at once, measure, stop the
    bot and the fake. RSS and CPU are summed over the workers: what the server carries."""
    tmp = env["MEDIA_DIR"].rsplit("/", 1)[0]
    command = [sys.executable, "bench/echo_bot.py" if kind == "echo" else "main.py"]
    if args.profile and kind == "bot":
        profile = str(profile_path(args, db, mode, n))
        command[1:1] = ["-m", "pyinstrument", "-r", "pyisession", "-o", profile]
    processes = []
    tally = Tally()
    rss = bot_cpu = driver_cpu = 0.0
    try:
        for worker in range(workers):  # one after the other: each checks the schema at start
            with (Path(tmp) / f"bot-{worker}.log").open("wb") as log:
                processes.append(
                    await asyncio.create_subprocess_exec(
                        *command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
                    )
                )
            await until_ready(server, port)
            if worker:  # /healthz may have been answered by an earlier worker: let it bind
                await asyncio.sleep(1.0)
        cpu_before = [cpu_seconds(p.pid) for p in processes]
        own_before = own_cpu_seconds()
        webhook = f"http://127.0.0.1:{port}/telegram/webhook" if port else None
        async with Delivery(webhook, SECRET) as delivery:
            script = ECHO_SCRIPT if kind == "echo" else REPORT_SCRIPT
            users = [
                play(
                    server,
                    delivery,
                    tally,
                    10_000 + i,
                    script,
                    codes[i],
                    tuple(photos[i * PHOTOS_PER_REPORT : (i + 1) * PHOTOS_PER_REPORT]),
                    args.pace,
                )
                for i in range(n)
            ]
            tally.first_push = time.perf_counter()
            try:
                async with asyncio.timeout(args.deadline):
                    await asyncio.gather(*users)
            except TimeoutError:
                tally.failures.append(f"deadline of {args.deadline}s reached")
        rss = sum(peak_rss_mb(p.pid) for p in processes)
        bot_cpu = sum(cpu_seconds(p.pid) for p in processes) - sum(cpu_before)
        driver_cpu = own_cpu_seconds() - own_before
    finally:
        for process in processes:
            await stop(process)
        await server.stop()
    return tally, processes, (rss, bot_cpu, driver_cpu)


def summarise(
    label: str,
    n: int,
    tally: Tally,
    rss: float,
    bot_cpu: float,
    driver_cpu: float,
    reports: int | None,
) -> Result:
    """Throughput over the whole burst; latency percentiles over every answered update."""
    seconds = max(tally.last_reply - tally.first_push, 1e-9)
    by_action = tally.from_creation_by_action
    answers = [value for action in ANSWERS for value in by_action.get(action, [])]
    return Result(
        label=label,
        n=n,
        updates=len(tally.latencies),
        seconds=seconds,
        per_second=len(tally.latencies) / seconds,
        p50_ms=percentile(tally.latencies, 50) * 1000,
        p95_ms=percentile(tally.latencies, 95) * 1000,
        p99_ms=percentile(tally.latencies, 99) * 1000,
        peak_rss_mb=rss,
        bot_cpu_s=bot_cpu,
        driver_cpu_s=driver_cpu,
        reports=reports,
        failures=tally.failures,
        p95_ms_from_creation=percentile(tally.from_creation, 95) * 1000,
        p95_ms_by_action={
            action: percentile(values, 95) * 1000 for action, values in tally.by_action.items()
        },
        p95_ms_answers=percentile(answers, 95) * 1000,
        p95_ms_photos=percentile(by_action.get("photo", []), 95) * 1000,
    )


def percentile(values: list[float], p: int) -> float:
    """The p-th percentile (inclusive method), or the value itself for one value."""
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def render(session: Path) -> None:
    """Text and HTML views of a pyinstrument session (the bot wrote it on exit)."""
    for renderer, suffix in (("text", ".txt"), ("html", ".html")):
        output = str(session.with_suffix(suffix))
        command = ["-m", "pyinstrument", f"--load={session}", "-r", renderer, "-o", output]
        subprocess.run([sys.executable, *command], check=True)


# --- the matrix ----------------------------------------------------------------------------


def print_row(result: Result, floor: Result | None) -> None:
    """One markdown table row, with throughput as a ratio of the echo floor at the same N."""
    ratio = f"{result.per_second / floor.per_second:.2f}" if floor else "—"
    print(
        f"| {result.label} | {result.n} | {result.updates} | {result.seconds:.1f} "
        f"| {result.per_second:.1f} | {ratio} | {result.p50_ms:.0f} | {result.p95_ms:.0f} "
        f"| {result.p99_ms:.0f} | {result.peak_rss_mb:.0f} | {result.bot_cpu_s:.1f} "
        f"| {result.driver_cpu_s:.1f} |",
        flush=True,
    )
    for failure in result.failures:
        print(f"    ! {failure}", flush=True)


async def run(args: argparse.Namespace) -> list[Result]:
    """For each N: the echo floor, then every database × mode."""
    cells = [
        (db, mode, workers)
        for db in args.db
        for mode in args.mode
        for workers in (args.workers if mode == "webhook" else [1])
    ]
    photos = [camera_jpeg(i) for i in range(max(args.n) * PHOTOS_PER_REPORT)] if cells else []
    started = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    print(f"# CPython {platform.python_version()}, {os.cpu_count()} CPUs, {started}", flush=True)
    if args.pace:
        print(f"# human-paced: {args.pace} s between answers (seed {args.pace.seed})", flush=True)
    print(
        "| bot | N | updates | s | updates/s | × echo | p50 ms | p95 ms | p99 ms "
        "| peak RSS MB | bot CPU s | driver CPU s |\n|" + "---|" * 12,
        flush=True,
    )
    results = []
    for n in args.n:
        floor = await run_cell(args, "echo", n, "", "polling", []) if args.echo else None
        if floor:
            print_row(floor, None)
            results.append(floor)
        for db, mode, workers in cells:
            result = await run_cell(args, "bot", n, db, mode, photos, workers)
            print_row(result, floor)
            results.append(result)
    print_by_kind([r for r in results if r.label != "echo"])
    return results


def print_by_kind(results: list[Result]) -> None:
    """p95 latency per kind of update: where the waiting is."""
    if not results:
        return
    kinds = list(results[0].p95_ms_by_action)
    head = " | ".join(kinds)
    tail = "all, from creation | text+press+location, from creation | photo, from creation"
    print(f"\n| p95 ms by kind | N | {head} | {tail} |\n|" + "---|" * (len(kinds) + 5))
    for r in results:
        cells = " | ".join(f"{r.p95_ms_by_action.get(k, float('nan')):.0f}" for k in kinds)
        print(
            f"| {r.label} | {r.n} | {cells} | {r.p95_ms_from_creation:.0f} "
            f"| {r.p95_ms_answers:.0f} | {r.p95_ms_photos:.0f} |",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, nargs="+", default=[10, 100, 500])
    parser.add_argument("--db", nargs="*", choices=["sqlite", "postgres"], default=None)
    parser.add_argument("--mode", nargs="+", choices=["polling", "webhook"], default=None)
    parser.add_argument(
        "--workers",
        type=int,
        nargs="+",
        default=[1],
        help="bot processes sharing the webhook port (polling always runs one)",
    )
    parser.add_argument("--no-echo", dest="echo", action="store_false", help="skip the floor")
    parser.add_argument(
        "--pace", type=Pace.parse, help="LOW-HIGH seconds a reporter waits before each answer"
    )
    parser.add_argument("--seed", type=int, default=0, help="of the paced reporters' pauses")
    parser.add_argument("--deadline", type=float, default=240, help="seconds per cell")
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--profile", type=Path, help="run the bot under pyinstrument")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    args.db = ["sqlite", "postgres"] if args.db is None else args.db
    args.mode = args.mode or ["polling", "webhook"]
    if args.pace:
        args.pace = replace(args.pace, seed=args.seed)
    if args.profile:
        args.profile.mkdir(parents=True, exist_ok=True)
    results = asyncio.run(run(args))
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in results], indent=1))


if __name__ == "__main__":
    main()
