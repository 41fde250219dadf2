"""`python main.py` as a real process against the fake Telegram server, as in production."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from tests.bot.telegram_harness import TOKEN
from tests.fakes.telegram_server import FakeTelegramServer

ROOT = Path(__file__).resolve().parents[2]


def bot_env(tmp_path: Path, server: FakeTelegramServer, **extra: str) -> dict[str, str]:
    """The environment of `python main.py` against the fake, without the caller's tokens."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "ZALO_"))}
    return env | {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": server.root,
        "DATABASE_URL": f"sqlite://{tmp_path}/bot.sqlite3",
        "MEDIA_DIR": str(tmp_path / "media"),
        **extra,
    }


async def start_main_py(tmp_path: Path, env: dict[str, str]) -> asyncio.subprocess.Process:
    """`python main.py` with this environment, output (stdout and stderr) captured."""
    return await asyncio.create_subprocess_exec(
        sys.executable,
        str(ROOT / "main.py"),
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )


@asynccontextmanager
async def main_py(tmp_path: Path, env: dict[str, str]) -> AsyncIterator[list[str]]:
    """Run main.py; on exit send SIGTERM and collect [exit code, output]."""
    process = await start_main_py(tmp_path, env)
    result: list[str] = []
    try:
        yield result
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
        out, _ = await asyncio.wait_for(process.communicate(), 20)
        result += [str(process.returncode), out.decode()]


async def main_py_exits(tmp_path: Path, env: dict[str, str]) -> list[str]:
    """Run main.py until it exits by itself (within 30 s): [exit code, output]."""
    process = await start_main_py(tmp_path, env)
    out, _ = await asyncio.wait_for(process.communicate(), 30)
    return [str(process.returncode), out.decode()]


def free_port() -> int:
    """A port nobody listens on right now (the bot binds it a moment later)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
