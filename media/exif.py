"""Pull the few EXIF facts a field report needs, tolerating any damage to the metadata."""

import math
import struct
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from numbers import Real
from typing import Any, TypeVar

from PIL import Image

_T = TypeVar("_T")

_EXIF_IFD = 0x8769
_GPS_IFD = 0x8825
_ORIENTATION = 0x0112
_DATETIME = 0x0132  # IFD0 "last modified": only a fallback, editors rewrite it.
_DATETIME_ORIGINAL = 0x9003  # Exif IFD: when the shutter fired.
_GPS_LAT_REF, _GPS_LAT, _GPS_LON_REF, _GPS_LON = 1, 2, 3, 4

# What Pillow's TIFF/EXIF parser raises on malformed metadata (bad offsets, wrong types, short
# reads). UserWarning: Pillow *warns* about truncated or oversized tags and carries on; where
# warnings are errors that arrives as an exception. Metadata is optional, so any of these means
# "no facts from this part", never a rejected photo.
_EXIF_ERRORS: tuple[type[Exception], ...] = (
    SyntaxError,
    ValueError,
    TypeError,
    KeyError,
    IndexError,
    OSError,
    EOFError,
    struct.error,
    OverflowError,
    ZeroDivisionError,
    UserWarning,
)


@dataclass(frozen=True)
class ExifFacts:
    """Capture time (naive, camera clock), position in decimal degrees, and display rotation."""

    taken_at: datetime | None = None
    latitude: float | None = None
    longitude: float | None = None
    orientation: int = 1


def read_exif(img: Image.Image) -> ExifFacts:
    """Read time, GPS and orientation; each part independently, so one bad IFD loses only it."""
    try:
        exif = img.getexif()
    except _EXIF_ERRORS:
        return ExifFacts()
    no_position: tuple[float | None, float | None] = (None, None)
    latitude, longitude = _guarded(_position, exif, default=no_position)
    return ExifFacts(
        taken_at=_guarded(_taken_at, exif, default=None),
        latitude=latitude,
        longitude=longitude,
        orientation=_guarded(_orientation, exif, default=1),
    )


def _guarded(read: Callable[[Image.Exif], _T], exif: Image.Exif, default: _T) -> _T:
    """Run one reader and fall back to its default on damaged metadata."""
    try:
        return read(exif)
    except _EXIF_ERRORS:
        return default


def _orientation(exif: Image.Exif) -> int:
    """Return the EXIF orientation 1–8, or 1 (as stored) for anything else."""
    value = exif.get(_ORIENTATION, 1)
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def _taken_at(exif: Image.Exif) -> datetime | None:
    """Prefer DateTimeOriginal; fall back to IFD0 DateTime, which editors may have rewritten."""
    for value in (exif.get_ifd(_EXIF_IFD).get(_DATETIME_ORIGINAL), exif.get(_DATETIME)):
        parsed = _parse_exif_datetime(value)
        if parsed is not None:
            return parsed
    return None


def _parse_exif_datetime(value: object) -> datetime | None:
    """Parse "YYYY:MM:DD HH:MM:SS" (some writers use dashes); blank or zeroed means unknown."""
    text = _text(value)
    if text is None:
        return None
    for pattern in ("%Y:%m:%d %H:%M:%S", "%Y-%m-%d %H:%M:%S"):
        try:
            # Only the first 19 characters: some writers append sub-seconds or a zone.
            return datetime.strptime(text[:19], pattern)
        except ValueError:
            continue
    return None


def _position(exif: Image.Exif) -> tuple[float | None, float | None]:
    """Return (lat, lon) in signed decimal degrees, or (None, None) unless both are sane."""
    gps: Mapping[int, Any] = exif.get_ifd(_GPS_IFD)
    lat = _signed_degrees(gps.get(_GPS_LAT), gps.get(_GPS_LAT_REF), "N", "S")
    lon = _signed_degrees(gps.get(_GPS_LON), gps.get(_GPS_LON_REF), "E", "W")
    if lat is None or lon is None or not -90 <= lat <= 90 or not -180 <= lon <= 180:
        return None, None
    if lat == 0 and lon == 0:
        # "Null Island": what receivers write before they have a fix.
        return None, None
    return lat, lon


def _signed_degrees(dms: object, ref: object, positive: str, negative: str) -> float | None:
    """Combine degree/minute/second rationals and the N/S or E/W reference into one float."""
    sign = {positive: 1.0, negative: -1.0}.get(_text(ref) or "")
    if sign is None:
        # Without a reference the hemisphere is a guess; a wrong guess is worse than none.
        return None
    parts = dms if isinstance(dms, tuple) else (dms,)
    values = [float(p) for p in parts if isinstance(p, Real)]
    if not 1 <= len(values) <= 3 or len(values) != len(parts):
        return None
    if not all(math.isfinite(v) and v >= 0 for v in values):
        return None  # A zero denominator makes Pillow's rational NaN.
    if any(v >= 60 for v in values[1:]):
        return None
    degrees = sum(v / 60**i for i, v in enumerate(values))
    return sign * degrees


def _text(value: object) -> str | None:
    """Normalise an ASCII tag that may arrive as str or bytes, padded with NULs or spaces."""
    if isinstance(value, bytes):
        value = value.decode("ascii", errors="ignore")
    if not isinstance(value, str):
        return None
    return value.strip("\x00 ").upper() or None
