"""Cheap-first validation of an upload: size, magic bytes, header, then pixels."""

import io
import struct
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pillow_heif
from PIL import Image, ImageFile

from media.errors import PhotoRejected, RejectReason
from media.formats import ImageFormat, looks_like_other_image, sniff_format
from media.limits import PhotoLimits

# Which Pillow decoder may open each sniffed format: magic bytes and decoder must agree, so a
# file cannot pick a riskier plugin by lying about what it is.
_PILLOW_FORMAT = {
    ImageFormat.JPEG: "JPEG",  # Pillow's JPEG factory also returns MPO (multi-picture) files.
    ImageFormat.PNG: "PNG",
    ImageFormat.WEBP: "WEBP",
    ImageFormat.HEIC: "HEIF",  # Registered by pillow-heif.
}

# What Pillow and pillow-heif raise on damaged input (found by fuzzing, see test_hardening):
# - OSError, incl. UnidentifiedImageError and "image file is truncated";
# - SyntaxError ("broken PNG file", "not a JPEG file"), ValueError, EOFError, struct.error from
#   malformed chunks, tables and headers;
# - RuntimeError: how pillow-heif reports libheif failures, incl. libheif's own security limits;
# - UserWarning: Pillow reports damaged EXIF with warnings.warn(), even inside Image.open for
#   JPEG. Normally that is just logged and decoding goes on; where warnings are errors (our
#   tests, `python -W error`) it arrives as an exception and the file is treated as corrupt.
DECODE_ERRORS: tuple[type[Exception], ...] = (
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
    struct.error,
    RuntimeError,
    UserWarning,
)


@dataclass(frozen=True)
class PhotoInfo:
    """What a successful check learned: the format and the stored (not rotated) pixel size."""

    format: ImageFormat
    width: int
    height: int


def check_bytes(data: bytes, limits: PhotoLimits) -> ImageFormat:
    """Reject by length and magic bytes alone, before any parser sees the data."""
    if not data:
        raise PhotoRejected(RejectReason.EMPTY)
    if len(data) > limits.max_bytes:
        raise PhotoRejected(RejectReason.TOO_LARGE, f"{len(data)} > {limits.max_bytes} bytes")
    fmt = sniff_format(data)
    if fmt is None:
        if looks_like_other_image(data):
            raise PhotoRejected(RejectReason.UNSUPPORTED_FORMAT)
        raise PhotoRejected(RejectReason.NOT_IMAGE)
    return fmt


def ensure_heif_opener() -> None:
    """Register pillow-heif with Pillow on first need; safe to call any number of times."""
    # Pillow's registry is the state: checking it avoids a module-level flag, and a race between
    # two threads only registers the same opener twice, which is harmless.
    if "HEIF" not in Image.OPEN:
        pillow_heif.register_heif_opener()


@contextmanager
def decode_errors() -> Iterator[None]:
    """Turn Pillow's many failure types into PhotoRejected, so callers handle one exception."""
    try:
        yield
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        # Pillow's own bomb check fires inside Image.open, before ours can run: at twice its cap
        # it raises, between 1x and 2x it warns (an exception when warnings are errors, as in
        # tests). We deliberately do not wrap it in warnings.catch_warnings(): that swaps
        # process-wide state and is not thread-safe on 3.11, and this code runs in a thread pool.
        raise PhotoRejected(RejectReason.TOO_MANY_PIXELS, str(exc)) from exc
    except DECODE_ERRORS as exc:
        raise PhotoRejected(RejectReason.CORRUPT, f"{type(exc).__name__}: {exc}") from exc


def open_image(data: bytes, fmt: ImageFormat) -> ImageFile.ImageFile:
    """Open the header lazily with only the decoder that matches the sniffed format."""
    if fmt == ImageFormat.HEIC:
        ensure_heif_opener()
    return Image.open(io.BytesIO(data), formats=[_PILLOW_FORMAT[fmt]])


def open_checked(data: bytes, limits: PhotoLimits) -> tuple[ImageFormat, ImageFile.ImageFile]:
    """Run every check that needs no decoding and hand back the still-undecoded image."""
    fmt = check_bytes(data, limits)
    with decode_errors():
        img = open_image(data, fmt)
    width, height = img.size
    if width <= 0 or height <= 0:
        img.close()
        raise PhotoRejected(RejectReason.CORRUPT, f"header says {width}x{height}")
    if width * height > limits.max_pixels:
        img.close()
        raise PhotoRejected(
            RejectReason.TOO_MANY_PIXELS, f"{width}x{height} > {limits.max_pixels} pixels"
        )
    return fmt, img


def check_photo(data: bytes, limits: PhotoLimits) -> PhotoInfo:
    """Validate an upload completely, including a full decode, without producing anything."""
    fmt, img = open_checked(data, limits)
    with img, decode_errors():
        img.load()
        return PhotoInfo(format=fmt, width=img.width, height=img.height)
