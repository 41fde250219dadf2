"""process_photo and sniff_only: the two entry points the handlers call."""

import io
from datetime import datetime

import pytest
from PIL import Image

from media import (
    ImageFormat,
    PhotoLimits,
    PhotoRejected,
    ProcessedPhoto,
    RejectReason,
    process_photo,
    sha256_hex,
    sniff_only,
)
from tests.media.images import heic_bytes, jpeg_with_exif, png_bytes, webp_bytes

TAKEN = datetime(2024, 5, 17, 8, 30, 15)


def test_border_post_photo_end_to_end() -> None:
    """A sideways camera JPEG with GPS: every field filled, sizes upright, copies clean."""
    data = jpeg_with_exif(400, 200, orientation=6, gps=(21.85, 106.76), taken_at=TAKEN)
    photo = process_photo(data, PhotoLimits())
    assert photo.sha256 == sha256_hex(data)
    assert (photo.format, photo.mime, photo.ext) == (ImageFormat.JPEG, "image/jpeg", "jpg")
    assert photo.size_bytes == len(data)
    assert (photo.width, photo.height) == (200, 400)
    assert photo.taken_at == TAKEN
    assert photo.latitude == pytest.approx(21.85, abs=1e-6)
    assert photo.longitude == pytest.approx(106.76, abs=1e-6)
    assert 0 <= photo.dhash < 2**64
    for jpeg, size in ((photo.display_jpeg, (200, 400)), (photo.thumb_jpeg, (160, 320))):
        with Image.open(io.BytesIO(jpeg)) as img:
            assert img.size == size
            assert not img.getexif()


@pytest.mark.parametrize(
    ("data", "fmt", "size"),
    [
        (png_bytes(120, 80), ImageFormat.PNG, (120, 80)),
        (webp_bytes(120, 80), ImageFormat.WEBP, (120, 80)),
        (heic_bytes(120, 80), ImageFormat.HEIC, (120, 80)),
    ],
    ids=["png-alpha", "webp", "heic"],
)
def test_other_formats(data: bytes, fmt: ImageFormat, size: tuple[int, int]) -> None:
    """PNG with alpha, WebP and HEIC are accepted with no metadata to report."""
    photo = process_photo(data, PhotoLimits())
    assert (photo.format, photo.mime, (photo.width, photo.height)) == (fmt, fmt.mime, size)
    assert (photo.taken_at, photo.latitude, photo.longitude) == (None, None, None)
    assert photo.display_jpeg.startswith(b"\xff\xd8\xff")


def test_same_photo_twice_is_recognisably_the_same() -> None:
    """Resending identical bytes gives the same sha256 and dHash."""
    data = jpeg_with_exif(300, 200, gps=(21.85, 106.76))
    first, second = process_photo(data, PhotoLimits()), process_photo(data, PhotoLimits())
    assert first.sha256 == second.sha256
    assert first.dhash == second.dhash
    assert first == second  # Deterministic down to the derived bytes.


@pytest.mark.parametrize(
    ("unsigned", "signed"),
    [(0, 0), (2**63 - 1, 2**63 - 1), (2**63, -(2**63)), (2**64 - 1, -1)],
)
def test_dhash_signed_fits_postgres_bigint(unsigned: int, signed: int) -> None:
    """The unsigned hash maps one-to-one onto int64, as two's complement does."""
    photo = ProcessedPhoto(
        sha256="0" * 64,
        format=ImageFormat.PNG,
        mime="image/png",
        ext="png",
        size_bytes=1,
        width=1,
        height=1,
        taken_at=None,
        latitude=None,
        longitude=None,
        dhash=unsigned,
        display_jpeg=b"",
        thumb_jpeg=b"",
    )
    assert photo.dhash_signed == signed
    assert -(2**63) <= photo.dhash_signed < 2**63
    assert photo.dhash_signed % 2**64 == unsigned  # Reversible.


def test_sniff_only_checks_size_and_magic_without_decoding() -> None:
    """The cheap path names sha256 and format, and accepts even undecodable pixels."""
    data = jpeg_with_exif(64, 64)
    assert sniff_only(data, PhotoLimits()) == (sha256_hex(data), ImageFormat.JPEG)
    truncated = data[: len(data) // 2]
    assert sniff_only(truncated, PhotoLimits())[1] is ImageFormat.JPEG
    with pytest.raises(PhotoRejected) as caught:
        process_photo(truncated, PhotoLimits())
    assert caught.value.reason is RejectReason.CORRUPT


@pytest.mark.parametrize(
    ("data", "limits", "reason"),
    [
        (b"", PhotoLimits(), RejectReason.EMPTY),
        (b"\xff\xd8\xff" + b"\x00" * 100, PhotoLimits(max_bytes=50), RejectReason.TOO_LARGE),
        (b"hello", PhotoLimits(), RejectReason.NOT_IMAGE),
        (b"GIF89a" + b"\x00" * 20, PhotoLimits(), RejectReason.UNSUPPORTED_FORMAT),
    ],
)
def test_sniff_only_rejections(data: bytes, limits: PhotoLimits, reason: RejectReason) -> None:
    """The cheap path still refuses empty, oversize and non-image uploads."""
    with pytest.raises(PhotoRejected) as caught:
        sniff_only(data, limits)
    assert caught.value.reason is reason


# What each real sample does, established by running it (see SOURCE.md for the files).
NIKON_DAY = datetime(2008, 10, 22)
ACCEPTED_SAMPLES = [
    # name, format, upright size, taken_at, (lat, lon) or None
    (
        "gps_DSCN0010.jpg",
        "jpeg",
        (640, 480),
        NIKON_DAY.replace(hour=16, minute=28, second=39),
        (43.4674, 11.8851),
    ),
    (
        "gps_DSCN0021.jpg",
        "jpeg",
        (640, 480),
        NIKON_DAY.replace(hour=16, minute=38, second=20),
        (43.4671, 11.8845),
    ),
    (
        "gps_DSCN0042.jpg",
        "jpeg",
        (640, 480),
        NIKON_DAY.replace(hour=17, minute=0, second=7),
        (43.4645, 11.8815),
    ),
    (
        "mobile_HMD_Nokia_8.3_5G.jpg",
        "jpeg",
        (4608, 1976),
        datetime(2022, 8, 14, 14, 12, 31),
        (60.1467, 24.9068),
    ),
    (
        "mobile_iphone_13_pro_max.HEIC",
        "heic",
        (3024, 4032),
        datetime(2022, 2, 16, 12, 55, 41),
        None,
    ),
    ("orientation_landscape_6.jpg", "jpeg", (600, 450), None, None),
    ("orientation_portrait_8.jpg", "jpeg", (450, 600), None, None),
    ("corrupted.jpg", "jpeg", (3648, 2736), datetime(2015, 9, 8, 11, 2, 17), None),
    ("invalid_image01137.jpg", "jpeg", (88, 64), None, None),
    ("invalid_image02206.jpg", "jpeg", (65, 65), None, None),
]


@pytest.mark.timeout(10)
@pytest.mark.parametrize(
    ("name", "fmt", "size", "taken_at", "position"),
    ACCEPTED_SAMPLES,
    ids=[row[0] for row in ACCEPTED_SAMPLES],
)
def test_real_samples(sample, processed, name, fmt, size, taken_at, position) -> None:
    """Every real sample is accepted with its known format, upright size, time and place."""
    photo = processed(name)
    assert photo.format == fmt
    assert photo.sha256 == sha256_hex(sample(name))
    assert (photo.width, photo.height) == size
    assert photo.taken_at == taken_at
    if position is None:
        assert (photo.latitude, photo.longitude) == (None, None)
    else:
        assert (photo.latitude, photo.longitude) == pytest.approx(position, abs=1e-3)
    with Image.open(io.BytesIO(photo.display_jpeg)) as display:
        assert max(display.size) == min(1280, max(size))
        assert (display.width >= display.height) == (size[0] >= size[1])  # Same way up.
