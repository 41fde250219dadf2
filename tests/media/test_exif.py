"""read_exif: capture time, GPS and orientation, and silence on damaged metadata."""

import io
from datetime import datetime

import pytest
from PIL import Image
from PIL.TiffImagePlugin import IFDRational

from media.exif import ExifFacts, read_exif
from tests.media.images import dms, encode, exif_block, heic_bytes, jpeg_with_exif, two_tone

TAKEN = datetime(2024, 5, 17, 8, 30, 15)


def facts_of(data: bytes) -> ExifFacts:
    """Open bytes with Pillow (pillow-heif registered) and read their EXIF facts."""
    with Image.open(io.BytesIO(data)) as img:
        return read_exif(img)


def jpeg_with_raw_exif(exif: Image.Exif | bytes) -> bytes:
    """A small JPEG carrying exactly the given EXIF block."""
    return encode(two_tone(16, 16), "JPEG", exif=exif)


def test_border_post_gps_time_and_orientation() -> None:
    """A camera-style JPEG from the Lạng Sơn border area yields all three facts."""
    data = jpeg_with_exif(40, 20, orientation=6, gps=(21.85, 106.76), taken_at=TAKEN)
    facts = facts_of(data)
    assert facts.taken_at == TAKEN
    assert facts.taken_at.tzinfo is None
    assert facts.latitude == pytest.approx(21.85, abs=1e-6)
    assert facts.longitude == pytest.approx(106.76, abs=1e-6)
    assert facts.orientation == 6


def test_southern_and_western_references_make_negative_degrees() -> None:
    """S and W references flip the sign."""
    facts = facts_of(jpeg_with_exif(16, 16, gps=(-33.8568, -70.6483)))
    assert facts.latitude == pytest.approx(-33.8568, abs=1e-6)
    assert facts.longitude == pytest.approx(-70.6483, abs=1e-6)


def test_datetime_falls_back_to_ifd0() -> None:
    """Without DateTimeOriginal, IFD0 DateTime is used."""
    exif = Image.Exif()
    exif[0x0132] = "2023:12:31 23:59:58"
    assert facts_of(jpeg_with_raw_exif(exif)).taken_at == datetime(2023, 12, 31, 23, 59, 58)


def test_original_time_wins_over_ifd0_time() -> None:
    """DateTimeOriginal (shutter) beats DateTime (last edit)."""
    exif = exif_block(taken_at=TAKEN)
    exif[0x0132] = "2030:01:01 00:00:00"
    assert facts_of(jpeg_with_raw_exif(exif)).taken_at == TAKEN


@pytest.mark.parametrize("raw", ["0000:00:00 00:00:00", "    :  :     :  :  ", "yesterday", ""])
def test_unparseable_times_are_none(raw: str) -> None:
    """Zeroed, blank or free-text times mean unknown."""
    exif = Image.Exif()
    exif.get_ifd(0x8769)[0x9003] = raw
    assert facts_of(jpeg_with_raw_exif(exif)).taken_at is None


@pytest.mark.parametrize(
    ("gps", "why"),
    [
        ((0.0, 0.0), "null island: receiver had no fix"),
        ((95.0, 10.0), "latitude beyond the pole"),
        ((10.0, 181.5), "longitude beyond the antimeridian"),
    ],
)
def test_nonsense_positions_are_dropped(gps: tuple[float, float], why: str) -> None:
    """Impossible coordinates give no position at all."""
    facts = facts_of(jpeg_with_exif(16, 16, gps=gps, taken_at=TAKEN))
    assert (facts.latitude, facts.longitude) == (None, None), why
    assert facts.taken_at == TAKEN  # The rest of the EXIF still counts.


def test_position_needs_references_and_sane_minutes() -> None:
    """A missing hemisphere, minutes ≥ 60 or a zero denominator give no position."""
    exif = exif_block(gps=(21.85, 106.76))
    del exif.get_ifd(0x8825)[1]  # GPSLatitudeRef
    assert facts_of(jpeg_with_raw_exif(exif)).latitude is None

    exif = exif_block(gps=(21.85, 106.76))
    exif.get_ifd(0x8825)[2] = (IFDRational(21, 1), IFDRational(75, 1), IFDRational(0, 1))
    assert facts_of(jpeg_with_raw_exif(exif)).latitude is None

    exif = exif_block(gps=(21.85, 106.76))
    exif.get_ifd(0x8825)[4] = (IFDRational(106, 0), IFDRational(0, 1), IFDRational(0, 1))
    assert facts_of(jpeg_with_raw_exif(exif)).longitude is None


def test_dms_helper_round_trips() -> None:
    """The test factory's rationals really encode the decimal degrees."""
    degrees, minutes, seconds = dms(106.76)
    assert float(degrees) + float(minutes) / 60 + float(seconds) / 3600 == pytest.approx(106.76)


@pytest.mark.parametrize("orientation", [0, 9, 65535])
def test_out_of_range_orientation_means_as_stored(orientation: int) -> None:
    """Only 1–8 are orientations; anything else leaves the pixels as they are."""
    assert facts_of(jpeg_with_exif(16, 16, orientation=orientation)).orientation == 1


def test_no_exif_gives_empty_facts() -> None:
    """A PNG without metadata has nothing to report."""
    assert facts_of(encode(two_tone(8, 8), "PNG")) == ExifFacts()


@pytest.mark.filterwarnings("ignore::UserWarning:PIL.TiffImagePlugin")
def test_garbage_exif_block_gives_empty_facts() -> None:
    """An APP1 Exif segment of noise is read as "no facts", never an exception."""
    data = jpeg_with_raw_exif(b"Exif\x00\x00II*\x00\x08\x00\x00\x00\xff\xff" + bytes(range(64)))
    assert facts_of(data) == ExifFacts()


def exif_with_oversized_gps_latitude() -> bytes:
    """EXIF whose GPSLatitude entry claims 2^31 values: "tag data larger than file"."""
    raw = bytearray(exif_block(gps=(21.85, 106.76), taken_at=TAKEN).tobytes())
    tiff = 6  # After b"Exif\0\0".
    order = "little" if raw[tiff : tiff + 2] == b"II" else "big"
    with Image.open(io.BytesIO(jpeg_with_raw_exif(bytes(raw)))) as img:
        gps_ifd = tiff + img.getexif()[0x8825]
    entries = int.from_bytes(raw[gps_ifd : gps_ifd + 2], order)
    for entry in range(gps_ifd + 2, gps_ifd + 2 + 12 * entries, 12):
        if int.from_bytes(raw[entry : entry + 2], order) == 2:  # GPSLatitude
            raw[entry + 4 : entry + 8] = (0x7FFFFFFF).to_bytes(4, order)
            return bytes(raw)
    raise AssertionError("GPSLatitude entry not found")


def test_damaged_gps_ifd_costs_only_the_position() -> None:
    """Pillow's EXIF warning, raised as an error here, loses GPS but keeps the time."""
    data = jpeg_with_raw_exif(exif_with_oversized_gps_latitude())
    with Image.open(io.BytesIO(data)) as img:
        facts = read_exif(img)
    assert (facts.latitude, facts.longitude) == (None, None)
    assert facts.taken_at == TAKEN


def test_damaged_gps_ifd_with_warnings_only_logged() -> None:
    """With production's warning filters Pillow warns and skips the tag: same facts."""
    data = jpeg_with_raw_exif(exif_with_oversized_gps_latitude())
    with pytest.warns(UserWarning, match="larger than file"), Image.open(io.BytesIO(data)) as img:
        facts = read_exif(img)
    assert (facts.latitude, facts.longitude) == (None, None)
    assert facts.taken_at == TAKEN


def test_heic_exif_is_read_through_pillow_heif() -> None:
    """EXIF inside a HEIC container is found like a JPEG's."""
    data = heic_bytes(32, 32, exif_block(gps=(21.85, 106.76), taken_at=TAKEN))
    facts = facts_of(data)
    assert facts.taken_at == TAKEN
    assert facts.latitude == pytest.approx(21.85, abs=1e-6)


@pytest.mark.parametrize(
    ("name", "lat", "lon", "taken"),
    [
        ("gps_DSCN0010.jpg", 43.4674, 11.8851, datetime(2008, 10, 22, 16, 28, 39)),
        ("mobile_HMD_Nokia_8.3_5G.jpg", 60.1467, 24.9068, datetime(2022, 8, 14, 14, 12, 31)),
    ],
)
def test_real_camera_gps_and_time(sample, name: str, lat: float, lon: float, taken) -> None:
    """Real Nikon and Nokia files give their known position and capture time."""
    facts = facts_of(sample(name))
    assert facts.latitude == pytest.approx(lat, abs=1e-3)
    assert facts.longitude == pytest.approx(lon, abs=1e-3)
    assert facts.taken_at == taken


@pytest.mark.timeout(5)
def test_damaged_real_metadata_never_raises(sample) -> None:
    """corrupted.jpg and the loop-inducing files read quickly and without error."""
    corrupted = facts_of(sample("corrupted.jpg"))
    assert corrupted.taken_at == datetime(2015, 9, 8, 11, 2, 17)
    assert (corrupted.latitude, corrupted.longitude) == (None, None)
    for name in ("invalid_image01137.jpg", "invalid_image02206.jpg"):
        assert facts_of(sample(name)) == ExifFacts(orientation=1)
