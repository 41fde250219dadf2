"""Fingerprints: exact (sha256) and visual (dHash), and the near-duplicate threshold.

Evidence for NEAR_DUPLICATE_DISTANCE = 10, measured with this suite's pipeline:
- same photo resized to 90 % and re-encoded at JPEG quality 60: 0 bits (synthetic scenes and
  the Nikon, Nokia and Canon samples alike); 50 % + quality 40, quality 20, +30 % brightness,
  greyscale: 0–3 bits;
- the same scene stored with different EXIF orientations (orientation_* samples): 0–3 bits;
- different photos: ≥ 25 bits for every pair of distinct samples, including gps_DSCN0010 vs
  gps_DSCN0021, the same street ten minutes apart (26 bits).
Crops are not caught reliably (5 % crop: 5–14 bits), a known dHash limit.
"""

import hashlib
import io
import itertools

import pytest
from PIL import Image

from media import NEAR_DUPLICATE_DISTANCE, PhotoLimits, hamming, process_photo, sha256_hex
from media.hashing import dhash
from tests.media.images import encode, jpeg_with_exif, scene, two_tone


def near_copy(data: bytes) -> bytes:
    """What a messenger does to a forwarded photo: shrink to 90 %, recompress at quality 60."""
    with Image.open(io.BytesIO(data)) as img:
        smaller = img.convert("RGB").resize((img.width * 9 // 10, img.height * 9 // 10))
    return encode(smaller, "JPEG", quality=60)


def test_sha256_hex_is_the_standard_digest() -> None:
    """Lowercase hex of SHA-256, the storage key format."""
    assert sha256_hex(b"abc") == hashlib.sha256(b"abc").hexdigest()
    assert sha256_hex(b"abc").startswith("ba7816bf")


def test_hamming_counts_differing_bits() -> None:
    """Distance is symmetric and counts bits across all 64."""
    assert hamming(0, 0) == 0
    assert hamming(0b1011, 0b0001) == 2
    assert hamming(2**64 - 1, 0) == 64
    assert hamming(5, 9) == hamming(9, 5)


def test_dhash_is_64_bit_and_deterministic() -> None:
    """Same pixels, same 64-bit hash."""
    img = scene(320, 240, 7)
    value = dhash(img)
    assert 0 <= value < 2**64
    assert value == dhash(img.copy())
    assert value.bit_count() not in (0, 64)  # A real picture has gradients both ways.


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_reencoded_copy_is_a_near_duplicate(seed: int) -> None:
    """A resized, recompressed copy stays within the threshold."""
    original = encode(scene(800, 600, seed), "JPEG", quality=92)
    distance = hamming(dhash(original), dhash(near_copy(original)))
    assert distance <= NEAR_DUPLICATE_DISTANCE


def test_unrelated_scenes_are_far_apart() -> None:
    """Different pictures differ by more than the threshold, pair by pair."""
    hashes = [dhash(scene(800, 600, seed)) for seed in range(1, 7)]
    for a, b in itertools.combinations(hashes, 2):
        assert hamming(a, b) > NEAR_DUPLICATE_DISTANCE


def test_bytes_are_hashed_upright() -> None:
    """dhash(bytes) applies EXIF orientation, so a rotated re-send still matches."""
    picture = scene(400, 200, 5)
    stored_sideways = picture.transpose(Image.Transpose.ROTATE_90)  # What a phone writes…
    tagged = jpeg_with_exif(200, 400, orientation=6, image=stored_sideways)  # …plus the tag.
    upright = encode(picture, "JPEG", quality=90)
    assert hamming(dhash(tagged), dhash(upright)) <= 2
    assert hamming(dhash(stored_sideways), dhash(picture)) > NEAR_DUPLICATE_DISTANCE


def test_two_tone_flip_is_detected() -> None:
    """Mirror images are different photos for dHash (gradients reverse)."""
    img = two_tone(90, 80)
    assert hamming(dhash(img), dhash(img.transpose(Image.Transpose.FLIP_LEFT_RIGHT))) > 10


@pytest.mark.parametrize(
    "name", ["gps_DSCN0010.jpg", "mobile_HMD_Nokia_8.3_5G.jpg", "corrupted.jpg"]
)
def test_real_photo_and_its_forwarded_copy(sample, processed, name: str) -> None:
    """A real camera photo and its messenger-style copy are near duplicates."""
    copy = process_photo(near_copy(sample(name)), PhotoLimits())
    assert hamming(processed(name).dhash, copy.dhash) <= NEAR_DUPLICATE_DISTANCE


def test_real_distinct_photos_exceed_the_threshold(processed) -> None:
    """All distinct samples, even two shots of one street minutes apart, are far apart."""
    names = [
        "gps_DSCN0010.jpg",
        "gps_DSCN0021.jpg",
        "gps_DSCN0042.jpg",
        "mobile_HMD_Nokia_8.3_5G.jpg",
        "mobile_iphone_13_pro_max.HEIC",
        "orientation_landscape_1.jpg",
        "orientation_portrait_6.jpg",
        "corrupted.jpg",
    ]
    distances = {
        (a, b): hamming(processed(a).dhash, processed(b).dhash)
        for a, b in itertools.combinations(names, 2)
    }
    assert min(distances.values()) > NEAR_DUPLICATE_DISTANCE, distances


def test_same_scene_in_different_orientation_encodings_matches(processed) -> None:
    """orientation_landscape_1/3/6 are one picture stored three ways: near duplicates."""
    base = processed("orientation_landscape_1.jpg").dhash
    for name in ("orientation_landscape_3.jpg", "orientation_landscape_6.jpg"):
        assert hamming(base, processed(name).dhash) <= NEAR_DUPLICATE_DISTANCE
