"""make_derivatives: upright, small, RGB, metadata-free JPEG copies."""

import io
import time

import pytest
from PIL import Image

from media.derive import DISPLAY_MAX, THUMB_MAX, decode_upright, make_derivatives
from media.formats import ImageFormat
from media.probe import open_image
from tests.media.images import (
    BLUE,
    RED,
    encode,
    heic_bytes,
    jpeg_with_exif,
    png_bytes,
    scene,
    two_tone,
    webp_bytes,
)


def opened(data: bytes) -> Image.Image:
    """Decode a derived JPEG for inspection."""
    img = Image.open(io.BytesIO(data))
    img.load()
    return img


def near(colour: tuple[int, ...], expected: tuple[int, int, int], tolerance: int = 40) -> bool:
    """JPEG shifts colours a little; compare channel by channel."""
    return all(abs(a - b) <= tolerance for a, b in zip(colour[:3], expected, strict=True))


def test_orientation_6_turns_the_picture_clockwise() -> None:
    """400×200 stored with orientation 6 shows as 200×400, red (stored left) on top."""
    derived = make_derivatives(jpeg_with_exif(400, 200, orientation=6), ImageFormat.JPEG)
    assert (derived.width, derived.height) == (200, 400)
    display = opened(derived.display_jpeg)
    assert display.size == (200, 400)
    assert near(display.getpixel((100, 50)), RED)
    assert near(display.getpixel((100, 350)), BLUE)


def test_orientation_8_turns_the_picture_anticlockwise() -> None:
    """Orientation 8 is the opposite quarter turn: red (stored left) ends at the bottom."""
    display = opened(
        make_derivatives(jpeg_with_exif(400, 200, orientation=8), ImageFormat.JPEG).display_jpeg
    )
    assert display.size == (200, 400)
    assert near(display.getpixel((100, 350)), RED)
    assert near(display.getpixel((100, 50)), BLUE)


def test_sizes_fit_the_boxes_and_keep_the_aspect_ratio() -> None:
    """A 3000×2000 photo gives a 1280×853 display copy and a 320×213 thumbnail."""
    derived = make_derivatives(encode(scene(3000, 2000, 1), "JPEG"), ImageFormat.JPEG)
    assert (derived.width, derived.height) == (3000, 2000)
    assert opened(derived.display_jpeg).size == (DISPLAY_MAX, 853)
    assert opened(derived.thumb_jpeg).size == (THUMB_MAX, 213)


def test_small_photos_are_never_enlarged() -> None:
    """A 100×80 picture keeps its size in both copies."""
    derived = make_derivatives(encode(scene(100, 80, 2), "JPEG"), ImageFormat.JPEG)
    assert opened(derived.display_jpeg).size == (100, 80)
    assert opened(derived.thumb_jpeg).size == (100, 80)


def test_derived_copies_carry_no_metadata() -> None:
    """GPS, camera make, XMP and comments stay in the original only."""
    source = jpeg_with_exif(64, 64, gps=(21.85, 106.76))
    assert b"secret-xmp" in source and b"secret-comment" in source and b"TestCam" in source
    derived = make_derivatives(source, ImageFormat.JPEG)
    for data in (derived.display_jpeg, derived.thumb_jpeg):
        img = opened(data)
        assert img.format == "JPEG" and img.mode == "RGB"
        assert not img.getexif()
        assert {"exif", "xmp", "comment", "XML:com.adobe.xmp"}.isdisjoint(img.info)
        assert b"Exif" not in data and b"secret" not in data and b"TestCam" not in data


def test_transparent_png_is_flattened_on_white() -> None:
    """RGBA: the transparent half becomes white, not black."""
    display = opened(make_derivatives(png_bytes(200, 100), ImageFormat.PNG).display_jpeg)
    assert display.mode == "RGB"
    assert near(display.getpixel((50, 50)), RED)
    assert near(display.getpixel((150, 50)), (255, 255, 255))


@pytest.mark.parametrize(
    "source",
    [
        two_tone(64, 32).convert("P"),
        two_tone(64, 32).convert("LA"),
        two_tone(64, 32).convert("L"),
        two_tone(64, 32).convert("1"),
        Image.new("I;16", (64, 32), 40_000),
    ],
    ids=["P", "LA", "L", "1", "I;16"],
)
def test_png_modes_become_rgb(source: Image.Image) -> None:
    """Palette, grey+alpha, grey, bilevel and 16-bit grey PNGs all give RGB JPEGs."""
    params = {"transparency": 0} if source.mode == "P" else {}
    data = encode(source, "PNG", **params)
    with Image.open(io.BytesIO(data)) as reopened:
        assert reopened.mode == source.mode  # The PNG really is in that mode.
    display = opened(make_derivatives(data, ImageFormat.PNG).display_jpeg)
    assert display.mode == "RGB"
    assert display.size == (64, 32)


def test_sixteen_bit_grey_is_scaled_not_clipped() -> None:
    """40000 of 65535 is mid-grey (≈156), not the white that a plain convert() gives."""
    data = encode(Image.new("I;16", (32, 32), 40_000), "PNG")
    grey = opened(make_derivatives(data, ImageFormat.PNG).display_jpeg).getpixel((16, 16))
    assert near(grey, (156, 156, 156), tolerance=4)


def test_cmyk_jpeg_becomes_rgb() -> None:
    """Print-style CMYK JPEGs are converted for screens."""
    data = encode(two_tone(64, 32).convert("CMYK"), "JPEG")
    display = opened(make_derivatives(data, ImageFormat.JPEG).display_jpeg)
    assert display.mode == "RGB"
    assert near(display.getpixel((10, 16)), RED, tolerance=60)


def test_webp_and_heic_inputs() -> None:
    """WebP and HEIC go through the same path."""
    cases = [(webp_bytes(90, 60), ImageFormat.WEBP), (heic_bytes(90, 60), ImageFormat.HEIC)]
    for data, fmt in cases:
        derived = make_derivatives(data, fmt)
        assert (derived.width, derived.height) == (90, 60)
        assert near(opened(derived.thumb_jpeg).getpixel((10, 30)), RED, tolerance=60)


def test_nokia_photo_is_decoded_in_draft_mode(sample) -> None:
    """The 4608×1976 phone JPEG is decoded at half scale, not in full, for a 1280 copy."""
    data = sample("mobile_HMD_Nokia_8.3_5G.jpg")
    with open_image(data, ImageFormat.JPEG) as img:
        started = time.perf_counter()
        preview, size = decode_upright(img, orientation=1)
        elapsed = time.perf_counter() - started
        assert img.size == (2304, 988)  # DCT scaling 1/2: the full 9 MP never existed.
    assert size == (4608, 1976)
    assert preview.size == (1280, 549)
    assert elapsed < 1.0
    derived = make_derivatives(data, ImageFormat.JPEG)
    assert opened(derived.display_jpeg).size == (1280, 549)
    assert opened(derived.thumb_jpeg).size == (320, 137)


@pytest.mark.parametrize(
    ("name", "size"),
    [
        ("orientation_landscape_1.jpg", (600, 450)),
        ("orientation_landscape_3.jpg", (600, 450)),
        ("orientation_landscape_6.jpg", (600, 450)),
        ("orientation_portrait_6.jpg", (450, 600)),
        ("orientation_portrait_8.jpg", (450, 600)),
    ],
)
def test_real_orientation_samples_come_out_upright(sample, name: str, size) -> None:
    """Each sample, whatever its stored layout, displays at its upright size."""
    derived = make_derivatives(sample(name), ImageFormat.JPEG)
    assert (derived.width, derived.height) == size
    assert opened(derived.display_jpeg).size == size


def test_iphone_heic_is_upright_portrait(sample) -> None:
    """pillow-heif applies the HEIF rotation; the 12 MP portrait is 3024×4032 upright."""
    derived = make_derivatives(sample("mobile_iphone_13_pro_max.HEIC"), ImageFormat.HEIC)
    assert (derived.width, derived.height) == (3024, 4032)
    assert opened(derived.display_jpeg).size == (960, 1280)
