"""No-regression check: closed-loop throughput as a ratio of the echo floor, before vs after,
in interleaved rounds.

    python bench/before_after.py --before bf09d1e         # 3 rounds, N = 500, 4 cells (~40 min)
    python bench/before_after.py --before HEAD --rounds 1 --n 10 --db sqlite --mode webhook

"Before" is a ``git worktree`` of the given commit (made as /tmp/ttdn-before-<sha> when missing
and kept for the next run: ``git worktree remove PATH`` when done), run with this same
virtualenv: its bench/load.py puts its own tree first on ``sys.path`` and starts its own
``main.py`` from its own directory, so each side runs its own code ("after" is this working
tree as it is, uncommitted edits included). Each bench/load.py run measures its own echo floor
first; what is compared is the bot's updates/s ÷ that floor, because the floor moves with the
machine (±20 % between runs on a shared one). Rounds alternate which side goes first (before,
after | after, before | …) so a drift of the machine during the run favours neither.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def worktree(commit: str, path: Path | None) -> Path:
    """The before tree: an existing worktree at ``path``, or a new detached one of ``commit``."""
    sha = git("rev-parse", "--verify", f"{commit}^{{commit}}")
    path = path or Path(tempfile.gettempdir()) / f"ttdn-before-{sha[:10]}"
    if not (path / "main.py").exists():
        git("worktree", "add", "--detach", str(path), sha)
    elif git("-C", str(path), "rev-parse", "HEAD") != sha:
        raise SystemExit(f"{path} is not at {sha}: remove it or pass another --worktree")
    return path


def git(*args: str) -> str:
    """One git command in this repository; its output, stripped."""
    return subprocess.run(
        ["git", "-C", str(ROOT), *args], check=True, capture_output=True, text=True
    ).stdout.strip()


def one_run(args: argparse.Namespace, tree: Path, out: Path) -> list[dict]:
    """bench/load.py of ``tree`` (echo floor + the cells), its rows echoed as they come."""
    command = [args.python, "bench/load.py", "--n", str(args.n), "--json", str(out)]
    command += ["--db", *args.db, "--mode", *args.mode, "--postgres", args.postgres]
    subprocess.run(command, cwd=tree, check=True)
    return json.loads(out.read_text())


Figures = tuple[float, float, float] | None  # updates/s, × echo, CPU ms/update; None: failed


def ratios(rows: list[dict]) -> dict[str, Figures]:
    """Per bot cell: (updates/s, × the run's echo floor, bot CPU ms per update), or None for a
    cell that failed (it is shown as such and left out of the means)."""
    echo = next(r["per_second"] for r in rows if r["label"] == "echo")
    for r in rows:
        if r["failures"]:
            print(f"! {r['label']} failed, left out: {r['failures'][0][:200]}", file=sys.stderr)
    return {
        r["label"]: None
        if r["failures"]
        else (r["per_second"], r["per_second"] / echo, 1000 * r["bot_cpu_s"] / r["updates"])
        for r in rows
        if r["label"] != "echo"
    }


def report(seen: dict[str, list[dict[str, Figures]]], floors: dict) -> None:
    """A markdown table per side and cell, and after ÷ before of the mean ratio."""
    rounds = max(len(v) for v in seen.values())
    heads = " | ".join(f"round {i + 1}" for i in range(rounds))
    print(f"\n| updates/s (× echo) | {heads} | mean × echo | CPU ms/update |")
    print("|" + "---|" * (rounds + 3))
    for side in ("before", "after"):
        print(f"| echo, {side} | " + " | ".join(f"{e:.1f}" for e in floors[side]) + " | | |")
    cells = sorted({cell for runs in seen.values() for run in runs for cell in run})
    means: dict[tuple[str, str], float] = {}
    for cell in cells:
        for side in ("before", "after"):
            runs = [run.get(cell) for run in seen[side]]
            shown = " | ".join(f"{f[0]:.1f} ({f[1]:.2f})" if f else "failed" for f in runs)
            got = [f for f in runs if f]
            if got:
                means[side, cell] = statistics.mean(x for _, x, _ in got)
            mean = f"{means[side, cell]:.2f}" if got else "—"
            cpu = f"{statistics.mean(c for _, _, c in got):.1f}" if got else "—"
            print(f"| {cell}, {side} | {shown} | {mean} | {cpu} |")
    print()
    for cell in cells:
        if ("before", cell) in means and ("after", cell) in means:
            change = means["after", cell] / means["before", cell]
            print(f"{cell}: after ÷ before (mean × echo) = {change:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", required=True, help="the commit to compare against")
    parser.add_argument("--worktree", type=Path, help="where its worktree is (made if missing)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--n", type=int, default=500)
    parser.add_argument("--db", nargs="+", default=["sqlite", "postgres"])
    parser.add_argument("--mode", nargs="+", default=["polling", "webhook"])
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--python", default=sys.executable, help="the virtualenv both use")
    args = parser.parse_args()
    trees = {"before": worktree(args.before, args.worktree), "after": ROOT}
    seen: dict[str, list] = {"before": [], "after": []}
    floors: dict[str, list[float]] = {"before": [], "after": []}
    with tempfile.TemporaryDirectory(prefix="ttdn-before-after-") as tmp:
        for round_ in range(args.rounds):
            order = ("before", "after") if round_ % 2 == 0 else ("after", "before")
            for side in order:
                print(f"## round {round_ + 1}, {side} ({trees[side]})", flush=True)
                rows = one_run(args, trees[side], Path(tmp) / f"{side}-{round_}.json")
                floors[side].append(next(r["per_second"] for r in rows if r["label"] == "echo"))
                seen[side].append(ratios(rows))
    report(seen, floors)


if __name__ == "__main__":
    main()
