"""Factories for real image files built with Pillow, so tests need no binary fixtures."""

import io
import random
import struct
import zlib
from datetime import datetime
from fractions import Fraction

from PIL import Image, ImageDraw
from PIL.TiffImagePlugin import IFDRational

from media.probe import ensure_heif_opener

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
RED = (255, 0, 0)
BLUE = (0, 0, 255)


def two_tone(width: int, height: int) -> Image.Image:
    """Left half red, right half blue: shows which way a rotation went."""
    img = Image.new("RGB", (width, height), BLUE)
    img.paste(RED, (0, 0, width // 2, height))
    return img


def scene(width: int, height: int, seed: int) -> Image.Image:
    """A deterministic photo-like picture (gradient + shapes), different for each seed."""
    rng = random.Random(seed)
    img = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    draw = ImageDraw.Draw(img)
    for _ in range(12):
        x0, y0 = rng.randrange(width), rng.randrange(height)
        x1 = x0 + rng.randrange(width // 8, width // 2)
        y1 = y0 + rng.randrange(height // 8, height // 2)
        colour = tuple(rng.randrange(256) for _ in range(3))
        shape = draw.ellipse if rng.random() < 0.5 else draw.rectangle
        shape((x0, y0, x1, y1), fill=colour)
    return img


def encode(img: Image.Image, fmt: str, **params: object) -> bytes:
    """Save an image to bytes in the given Pillow format."""
    if fmt == "HEIF":
        ensure_heif_opener()
    buffer = io.BytesIO()
    img.save(buffer, fmt, **params)
    return buffer.getvalue()


def exif_block(
    orientation: int = 1,
    gps: tuple[float, float] | None = None,
    taken_at: datetime | None = None,
) -> Image.Exif:
    """EXIF with orientation, DateTimeOriginal (Exif IFD) and GPS IFD rationals, like a camera."""
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "TestCam"  # Make: a device detail that must not survive into derived copies.
    if taken_at is not None:
        exif.get_ifd(0x8769)[0x9003] = taken_at.strftime("%Y:%m:%d %H:%M:%S")
    if gps is not None:
        lat, lon = gps
        gps_ifd = exif.get_ifd(0x8825)
        gps_ifd[0] = b"\x02\x03\x00\x00"  # GPSVersionID
        gps_ifd[1] = "N" if lat >= 0 else "S"
        gps_ifd[2] = dms(abs(lat))
        gps_ifd[3] = "E" if lon >= 0 else "W"
        gps_ifd[4] = dms(abs(lon))
    return exif


def dms(value: float) -> tuple[IFDRational, IFDRational, IFDRational]:
    """Decimal degrees as the degree/minute/second rationals GPS IFDs store."""
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    seconds = Fraction(round((value - degrees - minutes / 60) * 3600 * 1000), 1000)
    return (
        IFDRational(degrees, 1),
        IFDRational(minutes, 1),
        IFDRational(seconds.numerator, seconds.denominator),
    )


def jpeg_with_exif(
    width: int,
    height: int,
    orientation: int = 1,
    gps: tuple[float, float] | None = None,
    taken_at: datetime | None = None,
    *,
    image: Image.Image | None = None,
    quality: int = 90,
) -> bytes:
    """A camera-like JPEG: two-tone pixels (unless given) plus EXIF, XMP and a comment."""
    img = image if image is not None else two_tone(width, height)
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/>secret-xmp</x:xmpmeta>'
    return encode(
        img,
        "JPEG",
        quality=quality,
        exif=exif_block(orientation, gps, taken_at),
        xmp=xmp,
        comment=b"secret-comment",
    )


def png_bytes(width: int, height: int, mode: str = "RGBA") -> bytes:
    """A PNG; in RGBA the right half is fully transparent, to test flattening."""
    img = two_tone(width, height).convert(mode)
    if mode == "RGBA":
        img.paste((0, 0, 0, 0), (width // 2, 0, width, height))
    return encode(img, "PNG")


def webp_bytes(width: int, height: int) -> bytes:
    """A lossy WebP of the two-tone picture."""
    return encode(two_tone(width, height), "WEBP", quality=80)


def heic_bytes(width: int, height: int, exif: Image.Exif | None = None) -> bytes:
    """A HEIC written by pillow-heif, optionally with EXIF."""
    params = {"exif": exif.tobytes()} if exif is not None else {}
    return encode(two_tone(width, height), "HEIF", quality=80, **params)


def png_header_only(width: int, height: int) -> bytes:
    """A hand-written PNG whose IHDR claims any size but whose IDAT holds almost nothing.

    A few dozen bytes that would need width*height*3 bytes of memory to decode: the shape
    of a decompression bomb, and proof that a rejection happened before decoding.
    """
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB, no interlace
    idat = zlib.compress(b"\x00" * 64)
    chunks = png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", idat) + png_chunk(b"IEND", b"")
    return PNG_SIGNATURE + chunks


def png_chunk(kind: bytes, body: bytes) -> bytes:
    """One PNG chunk with its length and CRC, for hand-built hostile files."""
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
