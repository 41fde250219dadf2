"""Building the application's pieces from Settings; importable so tests use the real wiring."""

from __future__ import annotations

import logging

from bot.observability import Metrics, ObservedEngine
from bot.settings import Settings
from handlers.config import HandlerConfig
from handlers.engine import Engine
from handlers.filing.photo_intake import PhotoIntake
from media import PhotoLimits
from media.storage import remove_stale_temp_files

log = logging.getLogger(__name__)


def handler_config(settings: Settings) -> HandlerConfig:
    """The conversation's view of the settings."""
    return HandlerConfig(
        tz=settings.tz,
        default_language=settings.default_language,
        max_photos_per_report=settings.max_photos_per_report,
        album_quiet_seconds=settings.album_quiet_seconds,
        max_photo_bytes=settings.max_photo_bytes,
        max_image_pixels=settings.max_image_pixels,
        invite_valid_days=settings.invite_valid_days,
        location_margin_km=settings.location_margin_km,
        max_distance_from_unit_km=settings.max_distance_from_unit_km,
        media_dir=str(settings.media_dir),
        public_base_url=settings.public_base_url,
        telegram_max_upload_bytes=settings.telegram_max_upload_bytes,
    )


def photo_intake(settings: Settings) -> PhotoIntake:
    """The photo pipeline with the configured limits, storing under MEDIA_DIR."""
    limits = PhotoLimits(max_bytes=settings.max_photo_bytes, max_pixels=settings.max_image_pixels)
    return PhotoIntake.local(str(settings.media_dir), limits)


def build_engine(settings: Settings, metrics: Metrics | None = None) -> ObservedEngine:
    """The engine with photos stored under MEDIA_DIR, logged and measured."""
    engine = Engine(handler_config(settings), photo_intake(settings))
    return ObservedEngine(engine, metrics or Metrics())


def remove_crash_leftovers(settings: Settings) -> int:
    """Photo temp files a crashed write left under MEDIA_DIR (over an hour old); at every start,
    since nothing else ever removes them."""
    removed = remove_stale_temp_files(settings.media_dir)
    if removed:
        log.warning("removed %d stale photo temp files from MEDIA_DIR", removed)
    return removed
