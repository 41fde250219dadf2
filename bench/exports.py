"""Benchmark: 100,000 reports to XLSX and CSV, streamed, against the in-memory writers of before.

Not part of CI. Builds (once) a SQLite database with bench/summary.py's generator plus a
location, a description and a photo per report, then exports one province over the whole
span (about 98,000 counted reports) in fresh processes, one per run, so each peak RSS is its
own: today's code (this tree) and the code before streaming (a `git worktree` of BEFORE, its
20,000-row cap lifted so both list every report), in the same run, interleaved.

    python bench/exports.py                  # builds /tmp/bench_exports.sqlite3 on first use
    python bench/exports.py --runs 3 --formats xlsx csv

See bench/README.md for recorded results.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sqlite3
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BEFORE = "a06c211"
"""The last commit with the in-memory writers (openpyxl's normal workbook, CSV in a string)."""
SPAN = "2023-01-01..2026-12-31"

CHILD = """
import asyncio, io, json, resource, sys, time
from datetime import date
sys.path.insert(0, {tree!r})
from handlers.summaries import exports
from media import LocalPhotoStorage
from models import directory, summary_rows
from models.db import close_database, open_database
from models.periods import Period
from models.scope import Scope

async def main():
    await open_database({database!r}, upgrade=False)
    unit = await directory.get_unit_by_code("P")
    period = Period.from_code({span!r})
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    if hasattr(exports, "export_file"):
        data = await exports.gather(Scope(unit), period, None, lang="vi", today=date(2026, 12, 1),
                                    rows=True, notable=False)
        photos = exports.PhotoReader(LocalPhotoStorage("/tmp"))
        content, _ = await exports.export_file({kind!r}, data, photos)
    else:
        summary_rows.report_rows.__defaults__ = (10**9, False)  # lift the 20,000-row cap
        data = await exports.gather(Scope(unit), period, None, lang="vi", today=date(2026, 12, 1),
                                    rows=True, notable=False)
        content, _ = await asyncio.to_thread(exports.render_export, {kind!r}, data,
                                             exports.PhotoReader(LocalPhotoStorage("/tmp")))
    seconds = time.perf_counter() - started
    await close_database()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({{"seconds": seconds, "peak_mb": peak, "start_mb": before,
                      "bytes": len(content)}}))

asyncio.run(main())
"""


def build(path: Path, count: int) -> None:
    """bench/summary.py's reports, then a point, a description and a photo on each."""
    sys.path.insert(0, str(ROOT))
    from bench.summary import fill_sqlite
    from models.db import close_database, open_database

    async def migrate() -> None:
        await open_database(f"sqlite://{path}")
        await close_database()

    asyncio.run(migrate())
    fill_sqlite(str(path), count)
    rng = random.Random(11)
    db = sqlite3.connect(path)
    stamp = datetime(2026, 11, 23, tzinfo=UTC).isoformat()
    with db:
        db.execute(
            "UPDATE report SET latitude = 21.5 + (id % 1000) / 2000.0,"
            " longitude = 106.5 + (id % 777) / 1500.0, place_name = 'Cửa khẩu Hữu Nghị',"
            " description = 'Giao lưu, trao đổi tình hình biên giới, tuyên truyền pháp luật"
            " cho nhân dân hai bên; tặng quà các gia đình chính sách.'"
        )
        photos = (
            (f"bench-{n}", n + 1, f"{rng.getrandbits(256):064x}", stamp) for n in range(count)
        )
        db.executemany(
            "INSERT INTO photo (draft_key, report_id, sha256, storage_key, mime, size_bytes,"
            " created_at) VALUES (?, ?, ?, 'originals/' || substr(?3, 1, 2) || '/' || ?3"
            " || '.jpg', 'image/jpeg', 1, ?)",
            photos,
        )
    db.close()
    asyncio.run(finish(f"sqlite://{path}"))


async def finish(url: str) -> None:
    """Migrate (a newer index) and build the monthly rollup the figures are read from."""
    sys.path.insert(0, str(ROOT))
    from models.db import close_database, open_database
    from models.rollup_upkeep import rebuild

    await open_database(url)
    try:
        await rebuild()
    finally:
        await close_database()


def measure(tree: Path, database: str, kind: str) -> dict:
    """One export in a fresh process of `tree`'s code."""
    script = CHILD.format(tree=str(tree), database=database, span=SPAN, kind=kind)
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=tree, capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise SystemExit(f"{tree}: {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    """Build if needed, then time both trees, interleaved."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", type=Path, default=Path("/tmp/bench_exports.sqlite3"))
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--formats", nargs="+", default=["xlsx", "csv"])
    parser.add_argument("--before", default=BEFORE, help="commit of the in-memory writers")
    args = parser.parse_args()
    if not args.database.exists():
        started = time.perf_counter()
        build(args.database, args.reports)
        print(f"built {args.reports} reports in {time.perf_counter() - started:.0f} s")
    old = Path(f"/tmp/bench_exports_before_{args.before}")
    if not old.exists():
        subprocess.run(["git", "worktree", "add", "--detach", str(old), args.before], check=True)
    url = f"sqlite://{args.database}"
    asyncio.run(finish(url))  # also for a database built by an older version of this script
    for kind in args.formats:
        results: dict[str, list[dict]] = {"before": [], "streamed": []}
        for _ in range(args.runs):
            results["before"].append(measure(old, url, kind))
            results["streamed"].append(measure(ROOT, url, kind))
        for label, runs in results.items():
            seconds = statistics.median(r["seconds"] for r in runs)
            peak = statistics.median(r["peak_mb"] for r in runs)
            start = statistics.median(r["start_mb"] for r in runs)
            size = runs[0]["bytes"] / 1e6
            each = ", ".join(f"{r['seconds']:.1f}" for r in runs)
            print(
                f"{kind:4} {label:8}: {seconds:6.1f} s  peak RSS {peak:5.0f} MB"
                f" (process before the export {start:.0f} MB)  file {size:.1f} MB"
                f"  [runs: {each} s]"
            )
        ratio = statistics.median(r["seconds"] for r in results["streamed"]) / statistics.median(
            r["seconds"] for r in results["before"]
        )
        print(f"{kind:4} streamed / before: {ratio:.2f} × time")
    return 0


if __name__ == "__main__":
    sys.exit(main())
