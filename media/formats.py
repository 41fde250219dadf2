"""Recognise accepted photo formats from their magic bytes, without Pillow."""

from enum import StrEnum

_JPEG_MAGIC = b"\xff\xd8\xff"
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

# ISO-BMFF brands that name a HEVC-coded HEIF still image or sequence (ISO/IEC 23008-12).
_HEIC_BRANDS = frozenset({b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis"})
# Structural HEIF brands: they say "HEIF container" but not which codec is inside.
_GENERIC_HEIF_BRANDS = frozenset({b"mif1", b"msf1"})
_AVIF_BRANDS = frozenset({b"avif", b"avis"})


class ImageFormat(StrEnum):
    """Photo formats we store; the value is the canonical lowercase name."""

    JPEG = "jpeg"
    PNG = "png"
    WEBP = "webp"
    HEIC = "heic"

    @property
    def mime(self) -> str:
        """MIME type to announce when the original is sent back or served."""
        return f"image/{self.value}"

    @property
    def ext(self) -> str:
        """File extension used for stored originals (never taken from the upload's name)."""
        return "jpg" if self is ImageFormat.JPEG else self.value


def sniff_format(data: bytes) -> ImageFormat | None:
    """Name the format from magic bytes only, so nothing untrusted is parsed to decide."""
    if data.startswith(_JPEG_MAGIC):
        return ImageFormat.JPEG
    if data.startswith(_PNG_MAGIC):
        return ImageFormat.PNG
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return ImageFormat.WEBP
    if _heif_codec(data) == "heic":
        return ImageFormat.HEIC
    return None


def looks_like_other_image(data: bytes) -> bool:
    """Tell a real but unsupported image (GIF, TIFF, AVIF, …) from arbitrary non-image bytes."""
    # Strong signatures only: a weak one (BMP's "BM") would misfile text as an image.
    signatures = (
        b"GIF87a",
        b"GIF89a",
        b"II*\x00",
        b"MM\x00*",
        b"8BPS",
        b"\xff\x0a",
        b"\x00\x00\x00\x0cJXL \r\n\x87\n",
    )
    return data.startswith(signatures) or _heif_codec(data) == "avif"


def _heif_codec(data: bytes) -> str | None:
    """Read the leading `ftyp` box's brands and say "heic", "avif" or None."""
    if len(data) < 16 or data[4:8] != b"ftyp":
        return None
    box_size = int.from_bytes(data[:4], "big")
    if box_size < 16:
        return None
    # Major brand at 8..12, minor version at 12..16, then 4-byte compatible brands to box end.
    end = min(box_size, len(data))
    major = data[8:12]
    compatible = {data[i : i + 4] for i in range(16, end - 3, 4)}
    for brands in ({major}, compatible):
        # AVIF files also list "mif1"; the codec brand decides, the major brand first.
        if brands & _AVIF_BRANDS:
            return "avif"
        if brands & _HEIC_BRANDS:
            return "heic"
    if major in _GENERIC_HEIF_BRANDS:
        # A bare HEIF container: let pillow-heif decide whether it can decode it.
        return "heic"
    return None
