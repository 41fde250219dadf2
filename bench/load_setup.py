"""What a load cell stands on: its database (made and checked in a child process) and the
bot's processes (ports, readiness, CPU and memory, stopping).

    python bench/load_setup.py prepare|filed DATABASE_URL N   # the child bench/load.py runs
"""

from __future__ import annotations

import asyncio
import json
import os
import resource
import signal
import socket
import sys
from asyncio.subprocess import PIPE
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from aiohttp import ClientSession  # noqa: E402
from tortoise.transactions import in_transaction  # noqa: E402

from bench.load_fake import TimedFake  # noqa: E402
from models import access, directory  # noqa: E402
from models.db import close_database, open_database  # noqa: E402
from models.demo_data import demo_csv  # noqa: E402
from models.people import Role  # noqa: E402
from models.reports import Photo, Report  # noqa: E402

POST = "LS-DBP-HN"  # the demo border post every reporter is invited to
TICKS = os.sysconf("SC_CLK_TCK")


# --- the database the bot will use ---------------------------------------------------------


async def prepare(database_url: str, reporters: int) -> list[str]:
    """Migrate, load the demo units and places, and create one invite per reporter."""
    await open_database(database_url)
    try:
        await directory.import_units(demo_csv("units.csv"))
        await directory.import_places(demo_csv("places.csv"))
        unit = await directory.get_unit_by_code(POST)
        assert unit is not None
        now = datetime.now(UTC)
        async with in_transaction():
            invites = [
                await access.create_invite(unit, Role.REPORTER, None, now, 7)
                for _ in range(reporters)
            ]
    finally:
        await close_database()
    return [invite.code for invite in invites]


async def filed(database_url: str) -> tuple[int, int]:
    """(reports, photos attached to reports) once the bot has stopped."""
    await open_database(database_url, upgrade=False)
    try:
        return await Report.all().count(), await Photo.filter(report_id__isnull=False).count()
    finally:
        await close_database()


async def in_child(task: str, database_url: str, n: int) -> Any:
    """Run prepare/filed in a child process, so the driver carries no Tortoise state
    (connections, per-dialect caches) from one cell into the next and stays lean."""
    child = await asyncio.create_subprocess_exec(
        sys.executable, __file__, task, database_url, str(n), stdout=PIPE
    )
    out, _ = await child.communicate()
    if child.returncode:
        raise RuntimeError(f"{task} on {database_url} failed")
    return json.loads(out)


async def scratch_postgres(base: str, name: str, *, drop: bool) -> str:
    """Create (or drop) a scratch PostgreSQL database next to ``base``; returns its URL."""
    import asyncpg  # the dev extra has it; only needed for --db postgres

    conn = await asyncpg.connect(f"{base}/postgres")
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop:
            await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return f"{base}/{name}"


# --- processes -----------------------------------------------------------------------------


def free_port() -> int:
    """A port nobody listens on right now (the bot binds it a moment later)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def peak_rss_mb(pid: int) -> float:
    """The process's high-water RSS (VmHWM)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def own_cpu_seconds() -> float:
    """User + system CPU time of this driver (the fake server and the reporters)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def until_ready(server: TimedFake, webhook_port: int | None) -> None:
    """Polling: the first getUpdates. Webhook: setWebhook, then /healthz answering 200."""
    if webhook_port is None:
        await server.wait_for_call("getUpdates", timeout=60)
        return
    await server.wait_for_call("setWebhook", timeout=60)
    async with ClientSession() as session:
        for _ in range(600):
            try:
                async with session.get(f"http://127.0.0.1:{webhook_port}/healthz") as r:
                    if r.status == 200:
                        return
            except OSError:
                pass
            await asyncio.sleep(0.1)
    raise TimeoutError("the bot's webhook server did not come up")


async def stop(process: asyncio.subprocess.Process) -> None:
    """SIGTERM (the bot finishes what it holds and exits), SIGKILL if it hangs."""
    if process.returncode is None:
        process.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(process.wait(), 60)
        except TimeoutError:
            process.kill()
            await process.wait()


def main() -> None:
    """The child's side of in_child: one task, its result as JSON on stdout."""
    task, database_url, n = sys.argv[1:4]
    work = prepare(database_url, int(n)) if task == "prepare" else filed(database_url)
    print(json.dumps(asyncio.run(work)))


if __name__ == "__main__":
    main()
