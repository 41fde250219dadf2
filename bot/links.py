"""Expiring links to generated files (charts, spreadsheets) on the shared web server.

Zalo's sendPhoto takes a URL, not bytes, and a channel without file upload can still hand
out a download link. `LinkStore.publish` writes the bytes under MEDIA_DIR/links/ and
returns `{PUBLIC_BASE_URL}/links/<token>/<name>`; the token is random (unguessable) and
starts with its expiry time, so any worker sharing MEDIA_DIR can serve it and an expired
link answers 410 without any index. Expired files are swept when new ones are published.
"""

from __future__ import annotations

import asyncio
import logging
import mimetypes
import re
import secrets
import shutil
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from aiohttp import web

log = logging.getLogger(__name__)

ROUTE = "/links/{token}/{name}"
FOLDER = "links"
TOKEN = re.compile(r"^(?P<expiry>[0-9a-f]{8,12})-(?P<secret>[A-Za-z0-9_-]{32})$")
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
INLINE_TYPES = frozenset({"image/png", "image/jpeg", "image/webp"})


class LinkExpired(Exception):
    """The link existed but its time is up (410 Gone rather than 404)."""


def safe_file_name(name: str | None, default: str = "file") -> str:
    """An ASCII name for URLs and downloads: 'Tổng hợp quý 3.xlsx' → 'Tong-hop-quy-3.xlsx'."""
    text = (name or "").replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-.")[:100]
    return text if NAME.fullmatch(text) else default


class LinkStore:
    """Files published for a limited time; safe to share between workers on one MEDIA_DIR."""

    def __init__(
        self,
        media_dir: Path,
        public_base_url: str,
        valid_seconds: float,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.folder = Path(media_dir) / FOLDER
        self.base_url = public_base_url.rstrip("/")
        self.valid_seconds = valid_seconds
        self.clock = clock

    @property
    def valid_hours(self) -> int:
        """The lifetime in whole hours, for "expires after … hours" texts."""
        return max(1, round(self.valid_seconds / 3600))

    async def publish(self, data: bytes, file_name: str | None) -> str:
        """Store `data` and return its public URL (valid for `valid_seconds`)."""
        expiry = int(self.clock() + self.valid_seconds)
        token = f"{expiry:x}-{secrets.token_urlsafe(24)}"
        name = safe_file_name(file_name)
        await asyncio.to_thread(self._write, token, name, data)
        return f"{self.base_url}/links/{token}/{quote(name)}"

    def _write(self, token: str, name: str, data: bytes) -> None:
        """Write atomically (the worker serving the link may be another process)."""
        self.sweep()
        folder = self.folder / token
        folder.mkdir(parents=True)
        partial = folder / f".{name}.partial"
        partial.write_bytes(data)
        partial.rename(folder / name)

    def locate(self, token: str, name: str) -> Path | None:
        """The file behind a link, None if there is none; LinkExpired once its time is up."""
        match = TOKEN.fullmatch(token)
        if match is None or NAME.fullmatch(name) is None:
            return None  # never let request text near the file system unchecked
        path = self.folder / token / name
        if int(match["expiry"], 16) <= self.clock():
            shutil.rmtree(self.folder / token, ignore_errors=True)
            raise LinkExpired(token)
        return path if path.is_file() else None

    def sweep(self) -> int:
        """Remove expired links' files; returns how many went."""
        if not self.folder.is_dir():
            return 0
        now, removed = self.clock(), 0
        for entry in self.folder.iterdir():
            match = TOKEN.fullmatch(entry.name)
            if match and int(match["expiry"], 16) <= now:
                shutil.rmtree(entry, ignore_errors=True)
                removed += 1
        return removed


LINKS = web.AppKey("links", LinkStore)


def add_link_routes(app: web.Application, store: LinkStore) -> None:
    """Serve published files at GET /links/<token>/<name>."""
    app[LINKS] = store
    app.router.add_get(ROUTE, served_link)


async def served_link(request: web.Request) -> web.StreamResponse:
    """The file, 404 for an unknown link, 410 for an expired one."""
    store = request.app[LINKS]
    try:
        path = await asyncio.to_thread(
            store.locate, request.match_info["token"], request.match_info["name"]
        )
    except LinkExpired:
        return web.Response(status=410, text="link expired")
    if path is None:
        return web.Response(status=404, text="not found")
    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    disposition = "inline" if content_type in INLINE_TYPES else "attachment"
    headers = {
        "Content-Type": content_type,
        "Content-Disposition": f'{disposition}; filename="{path.name}"',
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
    }
    return web.FileResponse(path, headers=headers)
