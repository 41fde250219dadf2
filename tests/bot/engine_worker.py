"""A bare worker process for the concurrency test: opens the database, waits for 'go', then
handles the messages it was given and prints what it answered (one JSON line each)."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

from handlers.config import HandlerConfig
from handlers.engine import Engine
from handlers.filing.photo_intake import PhotoIntake
from handlers.types import Channel, Incoming, Kind
from media import PhotoLimits
from models.db import close_database, open_database


async def work(database_url: str, media_dir: str, messages: list[dict[str, str]]) -> None:
    await open_database(database_url, upgrade=False)
    engine = Engine(HandlerConfig(), PhotoIntake.local(media_dir, PhotoLimits()))
    print("ready", flush=True)
    await asyncio.to_thread(sys.stdin.readline)  # the barrier: both workers start together
    try:
        for raw in messages:
            msg = Incoming(
                channel=Channel.TELEGRAM,
                user_id=raw["user"],
                chat_id=raw["user"],
                update_key=raw["key"],
                kind=Kind(raw["kind"]),
                text=raw.get("text", ""),
                payload=raw.get("payload", ""),
            )
            outcome = await engine.handle(msg)
            print(
                json.dumps(
                    {
                        "key": raw["key"],
                        "duplicate": outcome.duplicate,
                        "replies": [r.text for r in outcome.replies],
                    }
                ),
                flush=True,
            )
    finally:
        await close_database()


if __name__ == "__main__":
    url, media, batch = sys.argv[1], sys.argv[2], json.loads(Path(sys.argv[3]).read_text())
    asyncio.run(work(url, media, batch))
