"""Content identity (exact) and visual similarity (near-duplicate) fingerprints."""

import hashlib

from PIL import Image

from media.derive import decode_upright
from media.errors import PhotoRejected, RejectReason
from media.exif import read_exif
from media.formats import sniff_format
from media.probe import decode_errors, open_image

# Largest Hamming distance between two 64-bit dHashes still treated as "the same photo".
# Measured in tests/media/test_hashing.py: see the report there for the numbers.
NEAR_DUPLICATE_DISTANCE = 10

_HASH_WIDTH, _HASH_HEIGHT = 9, 8  # 8 comparisons per row × 8 rows = 64 bits.


def sha256_hex(data: bytes) -> str:
    """Exact-content key: names stored originals and spots byte-identical re-sends."""
    return hashlib.sha256(data).hexdigest()


def dhash(image: Image.Image | bytes) -> int:
    """64-bit difference hash, to catch re-sent or re-compressed copies of a photo.

    An Image is hashed as given (the caller has made it upright); bytes are decoded and
    turned upright first.
    """
    if isinstance(image, bytes):
        image = _upright_from_bytes(image)
    small = image.convert("L").resize((_HASH_WIDTH, _HASH_HEIGHT), Image.Resampling.LANCZOS)
    pixels = small.tobytes()  # Mode L: one byte per pixel, row by row.
    value = 0
    for row in range(_HASH_HEIGHT):
        for col in range(_HASH_WIDTH - 1):
            left = pixels[row * _HASH_WIDTH + col]
            right = pixels[row * _HASH_WIDTH + col + 1]
            # Gradient direction, not brightness: survives recompression and exposure shifts.
            value = (value << 1) | (left > right)
    return value


def hamming(a: int, b: int) -> int:
    """Number of differing bits: the distance NEAR_DUPLICATE_DISTANCE is compared with."""
    return (a ^ b).bit_count()


def _upright_from_bytes(data: bytes) -> Image.Image:
    """Decode bytes the caller has already checked into the small upright preview."""
    fmt = sniff_format(data)
    if fmt is None:
        raise PhotoRejected(RejectReason.NOT_IMAGE)
    with open_image(data, fmt) as img, decode_errors():
        return decode_upright(img, read_exif(img).orientation)[0]
