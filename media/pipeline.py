"""One call from raw upload bytes to everything the bot stores about a photo."""

from dataclasses import dataclass
from datetime import datetime

from media.derive import decode_upright, encode_derivatives
from media.exif import read_exif
from media.formats import ImageFormat
from media.hashing import dhash, sha256_hex
from media.limits import PhotoLimits
from media.probe import check_bytes, decode_errors, open_checked

_INT64_SPAN = 1 << 64
_INT64_MAX = (1 << 63) - 1


@dataclass(frozen=True)
class ProcessedPhoto:
    """A validated photo: identity, metadata and the two derived JPEGs."""

    sha256: str
    format: ImageFormat
    mime: str
    ext: str
    size_bytes: int
    width: int  # Upright (EXIF orientation applied), of the original.
    height: int
    taken_at: datetime | None  # Naive: the camera's clock, zone unknown.
    latitude: float | None
    longitude: float | None
    dhash: int  # Unsigned 64-bit.
    display_jpeg: bytes
    thumb_jpeg: bytes

    @property
    def dhash_signed(self) -> int:
        """dhash as a signed int64, because PostgreSQL BIGINT has no unsigned variant."""
        return self.dhash - _INT64_SPAN if self.dhash > _INT64_MAX else self.dhash


def process_photo(data: bytes, limits: PhotoLimits) -> ProcessedPhoto:
    """Validate, read metadata, fingerprint and derive copies, decoding the pixels only once."""
    fmt, img = open_checked(data, limits)  # Size, magic and pixel cap before any decoding.
    with img, decode_errors():
        facts = read_exif(img)
        # The single decode: it also proves the file is intact (truncation raises here).
        preview, (width, height) = decode_upright(img, facts.orientation)
    derived = encode_derivatives(preview, (width, height))
    return ProcessedPhoto(
        sha256=sha256_hex(data),
        format=fmt,
        mime=fmt.mime,
        ext=fmt.ext,
        size_bytes=len(data),
        width=width,
        height=height,
        taken_at=facts.taken_at,
        latitude=facts.latitude,
        longitude=facts.longitude,
        # From the ≤1280 upright preview: dHash shrinks to 9×8 anyway, and the same preview
        # is what reviewers compare by eye.
        dhash=dhash(preview),
        display_jpeg=derived.display_jpeg,
        thumb_jpeg=derived.thumb_jpeg,
    )


def sniff_only(data: bytes, limits: PhotoLimits) -> tuple[str, ImageFormat]:
    """Cheap acceptance (size and magic bytes only) for keeping an original before processing."""
    fmt = check_bytes(data, limits)
    return sha256_hex(data), fmt
