"""Hostile and broken input: every outcome is a photo or a PhotoRejected, quickly."""

import os
import random
import time
import warnings
import zlib
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

import pytest
from PIL import Image

from media import PhotoLimits, PhotoRejected, RejectReason, process_photo
from media.probe import check_photo
from tests.media.images import (
    encode,
    exif_block,
    heic_bytes,
    jpeg_with_exif,
    png_bytes,
    png_chunk,
    png_header_only,
    scene,
    two_tone,
    webp_bytes,
)


def rejection(data: bytes, limits: PhotoLimits | None = None) -> RejectReason:
    """The reason process_photo gives; fails the test if it accepts or raises anything else."""
    with pytest.raises(PhotoRejected) as caught:
        process_photo(data, limits or PhotoLimits())
    return caught.value.reason


def test_empty_upload() -> None:
    """Zero bytes is EMPTY, not "not an image"."""
    assert rejection(b"") is RejectReason.EMPTY


def test_text_file_named_jpg() -> None:
    """A .jpg whose content is "hello" is not an image (names are never trusted)."""
    assert rejection(b"hello") is RejectReason.NOT_IMAGE


def test_oversize_random_bytes_are_refused_before_anything_else() -> None:
    """20 MB + 1 of noise is TOO_LARGE, even when it starts with JPEG magic."""
    limits = PhotoLimits()
    noise = os.urandom(limits.max_bytes + 1)
    assert rejection(noise, limits) is RejectReason.TOO_LARGE
    assert rejection(b"\xff\xd8\xff" + noise, limits) is RejectReason.TOO_LARGE


@pytest.mark.timeout(5)
def test_png_pixel_bomb_is_refused_from_the_header() -> None:
    """A ~100-byte PNG claiming 100000×100000 (30 GB decoded) is refused at once."""
    bomb = png_header_only(100_000, 100_000)
    assert len(bomb) < 200
    started = time.perf_counter()
    assert rejection(bomb) is RejectReason.TOO_MANY_PIXELS
    assert check_photo_reason(bomb) is RejectReason.TOO_MANY_PIXELS
    assert time.perf_counter() - started < 0.5


def check_photo_reason(data: bytes) -> RejectReason:
    """The reason check_photo gives, for the same data."""
    with pytest.raises(PhotoRejected) as caught:
        check_photo(data, PhotoLimits())
    return caught.value.reason


def test_jpeg_pixel_bomb_is_refused_from_the_header() -> None:
    """A tiny JPEG whose SOF claims 65000×65000 is refused without decoding."""
    data = bytearray(encode(two_tone(16, 16), "JPEG"))
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = (65000).to_bytes(2, "big") * 2  # height, width
    assert rejection(bytes(data)) is RejectReason.TOO_MANY_PIXELS


def test_bomb_in_pillows_warning_band_as_error() -> None:
    """10000×10000 makes Pillow warn; with warnings as errors (here) that is still our reason."""
    assert rejection(png_header_only(10_000, 10_000)) is RejectReason.TOO_MANY_PIXELS


def test_bomb_in_pillows_warning_band_with_warnings_only_logged() -> None:
    """With production's filters the warning is only logged; our own cap still refuses."""
    with pytest.warns(Image.DecompressionBombWarning):
        reason = rejection(png_header_only(10_000, 10_000))
    assert reason is RejectReason.TOO_MANY_PIXELS


def test_just_over_our_cap_but_under_pillows() -> None:
    """7000×6000 = 42 MP: Pillow would allow it, our 40 MP cap does not."""
    assert rejection(png_header_only(7_000, 6_000)) is RejectReason.TOO_MANY_PIXELS


def test_png_text_chunk_bomb_is_corrupt() -> None:
    """An 8 KB zTXt chunk inflating to 8 MB trips Pillow's text limit: refused, not inflated."""
    base = png_bytes(16, 16)
    ztxt = png_chunk(b"zTXt", b"Comment\x00\x00" + zlib.compress(b"\x00" * 8_388_608, 9))
    bomb = base[:33] + ztxt + base[33:]  # After the signature and IHDR.
    assert len(bomb) < 20_000
    assert rejection(bomb) is RejectReason.CORRUPT


@pytest.mark.parametrize(
    "data",
    [
        jpeg_with_exif(200, 100),
        encode(scene(200, 100, 3), "JPEG", progressive=True),
        png_bytes(200, 100),
        webp_bytes(200, 100),
        heic_bytes(200, 100),
    ],
    ids=["jpeg", "progressive-jpeg", "png", "webp", "heic"],
)
def test_truncated_files_are_corrupt(data: bytes) -> None:
    """A file cut at 60 % is CORRUPT, whatever the format."""
    assert rejection(data[: len(data) * 6 // 10]) is RejectReason.CORRUPT


@pytest.mark.parametrize("fraction", [0.3, 0.95, 0.999])
def test_truncated_phone_jpeg_is_caught_despite_draft_decoding(sample, fraction: float) -> None:
    """Half-scale (draft) decoding still reads every coefficient, so a cut file is CORRUPT."""
    data = sample("mobile_HMD_Nokia_8.3_5G.jpg")
    assert rejection(data[: int(len(data) * fraction)]) is RejectReason.CORRUPT


def test_magic_bytes_then_garbage_is_corrupt() -> None:
    """Right signature, wrong body: the decoder refuses it."""
    assert rejection(b"\xff\xd8\xff\xe0" + b"\x13" * 500) is RejectReason.CORRUPT
    assert rejection(b"\x89PNG\r\n\x1a\n" + b"\x13" * 500) is RejectReason.CORRUPT
    assert rejection(b"RIFF\x00\x01\x00\x00WEBPVP8 " + b"\x13" * 500) is RejectReason.CORRUPT


@pytest.mark.parametrize("fmt", ["GIF", "TIFF", "AVIF"])
def test_real_but_unsupported_images(fmt: str) -> None:
    """GIF, TIFF and AVIF are images we do not take: UNSUPPORTED_FORMAT, not NOT_IMAGE."""
    assert rejection(encode(two_tone(32, 32), fmt)) is RejectReason.UNSUPPORTED_FORMAT


def test_animated_webp_uses_its_first_frame() -> None:
    """A multi-frame WebP is accepted as a still of frame one."""
    frames = [two_tone(64, 48), scene(64, 48, 1), scene(64, 48, 2)]
    data = encode(frames[0], "WEBP", save_all=True, append_images=frames[1:], duration=100)
    photo = process_photo(data, PhotoLimits())
    assert (photo.width, photo.height) == (64, 48)


def mutations(data: bytes, count: int, seed: int) -> list[bytes]:
    """Deterministic damage: flipped bytes, truncation, inserted junk."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        damaged = bytearray(data)
        kind = rng.random()
        if kind < 0.5:
            for _ in range(rng.randint(1, 8)):
                damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        elif kind < 0.8:
            damaged = damaged[: rng.randrange(1, len(damaged))]
        else:
            at = rng.randrange(len(damaged))
            damaged[at:at] = rng.randbytes(rng.randint(1, 32))
        out.append(bytes(damaged))
    return out


FUZZ_SEEDS = {
    "jpeg": jpeg_with_exif(64, 48, 6, (21.85, 106.76), datetime(2024, 1, 2, 3, 4, 5)),
    "png": png_bytes(64, 48),
    "webp": webp_bytes(64, 48),
    "heic": heic_bytes(64, 48, exif_block(6, (21.85, 106.76), datetime(2024, 1, 2, 3, 4, 5))),
}


def fuzz_outcomes(name: str) -> Counter:
    """Run 300 damaged variants of one seed file and count the outcomes."""
    outcomes: Counter = Counter()
    for data in mutations(FUZZ_SEEDS[name], 300, seed=sum(map(ord, name))):
        try:
            process_photo(data, PhotoLimits())
            outcomes["accepted"] += 1
        except PhotoRejected as rejected:
            outcomes[rejected.reason.value] += 1
    return outcomes


@pytest.mark.timeout(20)
@pytest.mark.parametrize("name", sorted(FUZZ_SEEDS))
def test_fuzzed_files_only_ever_accept_or_reject(name: str) -> None:
    """Damaged variants (warnings as errors) end as a photo or PhotoRejected, nothing else."""
    outcomes = fuzz_outcomes(name)
    assert sum(outcomes.values()) == 300
    assert outcomes["accepted"] > 0 and outcomes["corrupt"] > 0, outcomes


@pytest.mark.timeout(20)
@pytest.mark.parametrize("name", ["jpeg", "heic"])
def test_fuzzed_exif_with_warnings_only_logged(name: str) -> None:
    """Same with production's filters, where Pillow's EXIF warnings do not interrupt."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        outcomes = fuzz_outcomes(name)
    assert sum(outcomes.values()) == 300
    assert outcomes["accepted"] > 0, outcomes


@pytest.mark.timeout(5)
@pytest.mark.parametrize("name", ["invalid_image01137.jpg", "invalid_image02206.jpg"])
def test_exif_loop_samples_are_accepted_quickly(sample, name: str) -> None:
    """The broken files that once looped EXIF readers decode fine: accepted, no metadata."""
    started = time.perf_counter()
    photo = process_photo(sample(name), PhotoLimits())
    assert time.perf_counter() - started < 1.0
    assert (photo.taken_at, photo.latitude, photo.longitude) == (None, None, None)
    assert photo.display_jpeg.startswith(b"\xff\xd8\xff")


@pytest.mark.timeout(5)
def test_corrupted_metadata_sample_is_accepted(sample) -> None:
    """corrupted.jpg: damaged metadata, decodable pixels → accepted, in well under a second."""
    started = time.perf_counter()
    photo = process_photo(sample("corrupted.jpg"), PhotoLimits())
    assert time.perf_counter() - started < 1.0
    assert (photo.width, photo.height) == (3648, 2736)


def test_parallel_calls_share_no_state() -> None:
    """Thread-pool use (as the bot does) gives the same results as one call at a time."""
    inputs = [heic_bytes(96, 64), jpeg_with_exif(96, 64, 6), png_bytes(96, 64)] * 4
    serial = [process_photo(data, PhotoLimits()) for data in inputs]
    with ThreadPoolExecutor(max_workers=6) as pool:
        parallel = list(pool.map(lambda data: process_photo(data, PhotoLimits()), inputs))
    assert parallel == serial
