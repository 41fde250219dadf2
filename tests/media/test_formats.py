"""Magic-byte sniffing: the first gate, which never hands data to a parser."""

import pytest

from media.formats import ImageFormat, looks_like_other_image, sniff_format
from tests.media.images import encode, heic_bytes, png_bytes, two_tone, webp_bytes


def test_sniffs_each_accepted_format_from_real_files() -> None:
    """Real encoder output is recognised by its signature."""
    jpeg = encode(two_tone(8, 8), "JPEG")
    assert sniff_format(jpeg) is ImageFormat.JPEG
    assert sniff_format(png_bytes(8, 8)) is ImageFormat.PNG
    assert sniff_format(webp_bytes(8, 8)) is ImageFormat.WEBP
    assert sniff_format(heic_bytes(8, 8)) is ImageFormat.HEIC


def test_iphone_heic_is_heic(sample) -> None:
    """The iPhone file's ftyp box (major brand heic) is recognised."""
    assert sniff_format(sample("mobile_iphone_13_pro_max.HEIC")) is ImageFormat.HEIC


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"hello",
        b"\xff\xd8",  # JPEG magic cut short
        b"RIFF\x00\x00\x00\x00WAVEfmt ",  # RIFF, but audio
        b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom",  # MP4 video
        b"\x00\x00\x00\x08ftypheic",  # ftyp box too short to be real
        b"%PDF-1.7\n",
    ],
)
def test_non_images_are_not_sniffed(data: bytes) -> None:
    """Near-misses and other container types are not taken for photos."""
    assert sniff_format(data) is None


def test_avif_is_recognised_as_unsupported_not_heic() -> None:
    """AVIF shares the HEIF container (and the mif1 brand) but is a different codec."""
    avif = encode(two_tone(8, 8), "AVIF")
    assert avif[8:12] == b"avif"
    assert sniff_format(avif) is None
    assert looks_like_other_image(avif)
    generic_major = b"\x00\x00\x00\x18ftypmif1\x00\x00\x00\x00avifmiaf"
    assert sniff_format(generic_major) is None


def test_generic_heif_container_goes_to_pillow_heif() -> None:
    """A mif1 file naming a HEVC brand is HEIC."""
    assert sniff_format(b"\x00\x00\x00\x18ftypmif1\x00\x00\x00\x00mif1heic") is ImageFormat.HEIC


@pytest.mark.parametrize("fmt", ["GIF", "TIFF"])
def test_other_real_images_are_flagged(fmt: str) -> None:
    """GIF and TIFF are images, just not ones we accept."""
    data = encode(two_tone(8, 8), fmt)
    assert sniff_format(data) is None
    assert looks_like_other_image(data)


def test_text_starting_like_bmp_is_not_an_image() -> None:
    """Weak signatures are not used: "BM…" text stays "not an image"."""
    assert not looks_like_other_image(b"BM report from post 7")


@pytest.mark.parametrize(
    ("fmt", "mime", "ext"),
    [
        (ImageFormat.JPEG, "image/jpeg", "jpg"),
        (ImageFormat.PNG, "image/png", "png"),
        (ImageFormat.WEBP, "image/webp", "webp"),
        (ImageFormat.HEIC, "image/heic", "heic"),
    ],
)
def test_mime_and_extension(fmt: ImageFormat, mime: str, ext: str) -> None:
    """Each format names its MIME type and storage extension."""
    assert (fmt.mime, fmt.ext) == (mime, ext)
    assert fmt == fmt.value  # StrEnum: stores and compares as plain text.
