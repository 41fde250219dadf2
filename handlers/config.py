"""What the conversation needs to know of the settings (handlers never import bot/)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from zoneinfo import ZoneInfo


def utc_now() -> datetime:
    """The real clock; tests pass their own."""
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class HandlerConfig:
    """Limits and thresholds of the conversation, built from Settings by the wiring."""

    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Ho_Chi_Minh"))
    default_language: str = "vi"
    max_photos_per_report: int = 10
    album_quiet_seconds: float = 1.5
    max_photo_bytes: int = 20 * 1024 * 1024
    max_image_pixels: int = 40_000_000
    invite_valid_days: int = 7
    location_margin_km: float = 50.0
    max_distance_from_unit_km: float = 30.0
    media_dir: str = "data/media"
    """Where photos are stored; exports read thumbnails from here."""
    public_base_url: str | None = None
    """Public root of links to stored files (spreadsheet thumbnail links), when served."""
    clock: Callable[[], datetime] = utc_now
    telegram_max_upload_bytes: int = 50 * 1024 * 1024
    """Files larger than this are not sent on Telegram: the reply gives the CLI command."""
    export_progress_seconds: float = 3.0
    """While a file is built, a progress line at most this often."""
