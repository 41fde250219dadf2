"""check_photo: cheap checks in a fixed order, then a full decode."""

import pytest
from PIL import Image

from media import PhotoLimits, PhotoRejected, RejectReason
from media.formats import ImageFormat
from media.probe import check_photo, ensure_heif_opener
from tests.media.images import encode, heic_bytes, jpeg_with_exif, png_bytes, png_header_only


def reason(data: bytes, limits: PhotoLimits | None = None) -> RejectReason:
    """The reason check_photo gives for refusing data."""
    with pytest.raises(PhotoRejected) as caught:
        check_photo(data, limits or PhotoLimits())
    return caught.value.reason


def test_accepts_jpeg_and_reports_stored_size() -> None:
    """A good file passes and the stored (not rotated) size is reported."""
    info = check_photo(jpeg_with_exif(400, 200, orientation=6), PhotoLimits())
    assert (info.format, info.width, info.height) == (ImageFormat.JPEG, 400, 200)


def test_accepts_png_and_heic() -> None:
    """The other formats pass through the same checks."""
    assert check_photo(png_bytes(30, 20), PhotoLimits()).format is ImageFormat.PNG
    assert check_photo(heic_bytes(64, 48), PhotoLimits()).format is ImageFormat.HEIC


def test_checks_run_in_order() -> None:
    """Empty, then size, then magic, then pixels, then decoding: the cheapest refusal wins."""
    bomb = png_header_only(100_000, 100_000)
    assert reason(b"") is RejectReason.EMPTY
    assert reason(bomb, PhotoLimits(max_bytes=len(bomb) - 1)) is RejectReason.TOO_LARGE
    assert reason(b"hello" * 1000, PhotoLimits(max_bytes=10)) is RejectReason.TOO_LARGE
    assert reason(b"hello") is RejectReason.NOT_IMAGE
    assert reason(encode(Image.new("RGB", (4, 4)), "GIF")) is RejectReason.UNSUPPORTED_FORMAT
    # The header-only PNG has no real pixel data: refusing it for pixels proves no decode ran.
    assert reason(bomb) is RejectReason.TOO_MANY_PIXELS
    assert reason(png_header_only(100, 100)) is RejectReason.CORRUPT


def test_limits_are_per_call_not_global() -> None:
    """A tighter cap in one call does not leak into Pillow or the next call."""
    photo = png_bytes(300, 200)
    assert reason(photo, PhotoLimits(max_pixels=300 * 200 - 1)) is RejectReason.TOO_MANY_PIXELS
    assert check_photo(photo, PhotoLimits(max_pixels=300 * 200)).width == 300
    assert Image.MAX_IMAGE_PIXELS == 89_478_485  # Pillow's default, untouched by us.


def test_decoder_must_match_magic_bytes() -> None:
    """PNG magic in front of a JPEG body is refused: the PNG decoder alone gets to try."""
    jpeg = jpeg_with_exif(16, 16)
    assert reason(b"\x89PNG\r\n\x1a\n" + jpeg) is RejectReason.CORRUPT


def test_heif_opener_registration_is_idempotent() -> None:
    """A second call finds the opener registered and leaves Pillow's registry alone."""
    ensure_heif_opener()
    registered = Image.OPEN["HEIF"]
    ensure_heif_opener()
    assert Image.OPEN["HEIF"] is registered
    assert Image.ID.count("HEIF") == 1
