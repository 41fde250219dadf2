"""The one aiohttp server of webhook mode: every channel's webhook route, and /healthz.

Channels add their routes to the application returned by `build_web_app` (Telegram at
/telegram/webhook, Zalo at /zalo/webhook; bot/links.py adds /links/… for generated files),
keeping their state under typed AppKeys. bot/messengers.py starts it when needed.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from aiohttp import web

from bot.observability import Metrics

HealthCheck = Callable[[], Awaitable[bool]]
HEALTH_CHECK = web.AppKey("health_check", HealthCheck)
METRICS = web.AppKey("metrics", Metrics)
MAX_BODY_BYTES = 1024 * 1024  # webhook updates are small JSON; photos come by file id


def build_web_app(health_check: HealthCheck, metrics: Metrics | None = None) -> web.Application:
    """The shared application with /healthz and /metrics; channels add their webhook routes."""
    app = web.Application(client_max_size=MAX_BODY_BYTES)
    app[HEALTH_CHECK] = health_check
    app.router.add_get("/healthz", healthz)
    if metrics is not None:
        app[METRICS] = metrics
        app.router.add_get("/metrics", metrics_page)
    return app


async def metrics_page(request: web.Request) -> web.Response:
    """Prometheus text format."""
    body, content_type = request.app[METRICS].exposition()
    return web.Response(body=body, headers={"Content-Type": content_type})


async def healthz(request: web.Request) -> web.Response:
    """200 when the database answers a trivial query, 503 otherwise (for load balancers)."""
    ok = await request.app[HEALTH_CHECK]()
    return web.json_response({"ok": ok}, status=200 if ok else 503)


class CannotListen(OSError):
    """The web server could not bind its address (told apart from network errors of the
    messenger clients, which are OSErrors too)."""


def parse_listen(value: str) -> tuple[str, int]:
    """'host:port' (IPv6 as '[::]:8080') → (host, port)."""
    host, sep, port = value.rpartition(":")
    if not sep or not port.isdigit():
        raise ValueError(f"WEBHOOK_LISTEN must be host:port, not {value!r}")
    return host.strip("[]") or "0.0.0.0", int(port)


@asynccontextmanager
async def serving(
    app: web.Application, host: str, port: int, share_port: bool = False
) -> AsyncIterator[web.AppRunner]:
    """Listen until the block exits (port 0 picks a free port: see runner.addresses).

    `share_port` lets other processes listen on the same port at once (SO_REUSEPORT), for
    several workers on one host without a load balancer; off, a second bot on the port fails.
    """
    runner = web.AppRunner(app, shutdown_timeout=10.0)
    await runner.setup()
    try:
        try:
            await web.TCPSite(runner, host, port, reuse_port=share_port or None).start()
        except OSError as error:
            raise CannotListen(error.errno, error.strerror) from error
        yield runner
    finally:
        await runner.cleanup()
