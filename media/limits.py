"""Explicit size limits for incoming photos, passed in by the caller."""

from dataclasses import dataclass


@dataclass(frozen=True)
class PhotoLimits:
    """Caps checked before any pixel is decoded."""

    # Telegram's bot API serves files up to 20 MB; anything larger is not a phone photo.
    max_bytes: int = 20 * 1024 * 1024
    # Decompression-bomb guard: 40 MP is above any current phone camera (≈ 24–48 MP binned to
    # 12 MP) yet keeps one decoded RGBA frame under ~160 MB.
    max_pixels: int = 40_000_000
