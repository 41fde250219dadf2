"""Operations: one structured log line per update and Prometheus metrics around the engine.

Adapters call an ObservedEngine exactly like an Engine. Log lines carry ids, steps and
timings — never message text, photo bytes or tokens.
"""

from __future__ import annotations

import json
import logging
import time

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram
from prometheus_client.exposition import generate_latest

from handlers.config import HandlerConfig
from handlers.engine import Engine, Progress
from handlers.types import Incoming, Outcome

log = logging.getLogger("ttdn.updates")

OWN_LOGGERS = ("ttdn", "bot", "handlers", "models", "media")
# aiohttp's access log would write expiring link tokens (/links/<token>/…) at INFO.
QUIET_LOGGERS = ("aiohttp.access", "httpx")

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)


def configure_logging(level: str) -> None:
    """Our loggers at `level` (their records reach the root handlers whatever the root's own
    level), libraries that would log secrets kept at WARNING."""
    for name in OWN_LOGGERS:
        logging.getLogger(name).setLevel(level)
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)


class Metrics:
    """The bot's metrics in a registry of their own (no process-global state)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.updates = Counter(
            "ttdn_updates",
            "Updates received, by channel and outcome",
            ["channel", "outcome"],
            registry=self.registry,
        )
        self.errors = Counter(
            "ttdn_errors", "Updates whose handling raised", ["channel"], registry=self.registry
        )
        self.latency = Histogram(
            "ttdn_handler_seconds",
            "Time to handle one update, photo download included",
            ["channel"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.photo_bytes = Counter(
            "ttdn_photo_bytes", "Bytes of photos accepted", ["channel"], registry=self.registry
        )

    def exposition(self) -> tuple[bytes, str]:
        """The text format served at /metrics, and its content type."""
        return generate_latest(self.registry), CONTENT_TYPE_LATEST


class ObservedEngine:
    """An Engine that logs and measures every update it handles."""

    def __init__(self, engine: Engine, metrics: Metrics) -> None:
        self.engine = engine
        self.metrics = metrics

        self.config: HandlerConfig = engine.config

    async def handle(
        self, msg: Incoming, on_progress: Progress | None = None, *, redelivered: bool = True
    ) -> Outcome:
        """Handle, then log one line and update the metrics; errors are counted and re-raised."""
        channel = msg.channel.value
        started = time.perf_counter()
        try:
            outcome = await self.engine.handle(msg, on_progress, redelivered=redelivered)
        except Exception:
            self.metrics.errors.labels(channel).inc()
            self.metrics.updates.labels(channel, "error").inc()
            self._log(msg, None, started, "error", logging.ERROR)
            raise
        label = "duplicate" if outcome.duplicate else "handled"
        if outcome.step == "failed":  # answered with an apology after repeated failures
            self.metrics.errors.labels(channel).inc()
            label = "failed"
        self.metrics.updates.labels(channel, label).inc()
        self.metrics.latency.labels(channel).observe(time.perf_counter() - started)
        if outcome.photo_bytes:
            self.metrics.photo_bytes.labels(channel).inc(outcome.photo_bytes)
        self._log(msg, outcome, started, label, logging.INFO)
        return outcome

    async def finish_album(self, channel: str, user_id: str, draft_key: str) -> Outcome:
        """Album acknowledgements (outbox deliveries) pass straight through."""
        return await self.engine.finish_album(channel, user_id, draft_key)

    @staticmethod
    def _log(
        msg: Incoming, outcome: Outcome | None, started: float, label: str, level: int
    ) -> None:
        """One JSON line: ids, step, timing, outcome — no content."""
        record = {
            "channel": msg.channel.value,
            "update": msg.update_key,
            "person": outcome.person_id if outcome else None,
            "kind": msg.kind.value,
            "step": outcome.step if outcome else None,
            "ms": round((time.perf_counter() - started) * 1000, 1),
            "outcome": label,
        }
        log.log(level, json.dumps(record), exc_info=level >= logging.ERROR)
