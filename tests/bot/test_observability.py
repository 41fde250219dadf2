"""One JSON log line per update without content, and Prometheus metrics."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from bot.observability import Metrics, ObservedEngine
from handlers.types import Kind
from models.demo_data import load_demo
from tests.handlers.dialogue import Chat, Clock, make_engine
from tests.media.images import encode, scene


async def test_updates_are_logged_and_counted(
    database_url: str, media_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    await load_demo("console", "u1", "A")
    metrics = Metrics()
    observed = ObservedEngine(make_engine(media_dir, Clock()), metrics)
    chat = Chat(observed)  # type: ignore[arg-type]
    caplog.set_level(logging.INFO, logger="ttdn.updates")
    secret_title = "Bí mật: không được ghi vào log"
    await chat.say("/baocao")
    await chat.press("type:exhibition")
    await chat.say(secret_title, key="title-key")
    await chat.say(secret_title, key="title-key")  # redelivered
    for answer in ("hôm nay", "Nhà văn hoá"):
        await chat.say(answer)
    await chat.press("loc:skip")
    await chat.say("120")
    await chat.press("desc:skip")
    photo = encode(scene(200, 150, 5), "JPEG")
    await chat.photo(photo)
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "ttdn.updates"]
    assert len(lines) == 10
    assert {"channel", "update", "person", "kind", "step", "ms", "outcome"} <= set(lines[0])
    assert lines[2] == {**lines[2], "update": "title-key", "step": "date", "outcome": "handled"}
    assert lines[3]["outcome"] == "duplicate"
    assert all(secret_title not in r.getMessage() for r in caplog.records)
    text, content_type = metrics.exposition()
    exposition = text.decode()
    assert content_type.startswith("text/plain")
    assert 'ttdn_updates_total{channel="console",outcome="handled"} 9.0' in exposition
    assert 'ttdn_updates_total{channel="console",outcome="duplicate"} 1.0' in exposition
    assert f'ttdn_photo_bytes_total{{channel="console"}} {float(len(photo))}' in exposition
    assert 'ttdn_handler_seconds_count{channel="console"} 10.0' in exposition  # duplicates too


async def test_errors_are_counted_and_raised(media_dir: Path) -> None:
    """No database is open: the engine raises, the wrapper counts it and lets it through."""
    metrics = Metrics()
    chat = Chat(ObservedEngine(make_engine(media_dir, Clock()), metrics))  # type: ignore[arg-type]
    with pytest.raises(Exception):  # noqa: B017 - whatever tortoise raises without a DB
        await chat.deliver(chat.incoming(Kind.TEXT, text="xin chào"))
    assert 'ttdn_errors_total{channel="console"} 1.0' in metrics.exposition()[0].decode()


async def test_metrics_and_health_are_served_over_http() -> None:
    from aiohttp import ClientSession

    from bot.web import build_web_app, serving

    async def healthy() -> bool:
        return True

    metrics = Metrics()
    metrics.updates.labels("telegram", "handled").inc(3)
    app = build_web_app(healthy, metrics)
    async with serving(app, "127.0.0.1", 0) as runner, ClientSession() as http:
        host, port = runner.addresses[0][:2]
        async with http.get(f"http://{host}:{port}/metrics") as response:
            body = await response.text()
            assert response.status == 200
            assert response.headers["Content-Type"].startswith("text/plain")
        async with http.get(f"http://{host}:{port}/healthz") as health:
            assert health.status == 200 and await health.json() == {"ok": True}
    assert 'ttdn_updates_total{channel="telegram",outcome="handled"} 3.0' in body
