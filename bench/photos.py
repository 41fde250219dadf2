"""Photo pipeline throughput and peak memory for 12 MP JPEGs, against a naive baseline.

    .venv/bin/python bench/photos.py            # both variants, 24 photos each, prints a table

Each variant runs in its own subprocess so that its peak RSS (ru_maxrss) is its own. The
naive baseline is what a bot without the pipeline would do: full decode, transpose, two
thumbnails, hash. The pipeline is media.process_photo (draft decoding, one decode) run the
way the bot runs it: through the intake's two-thread pool.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageOps

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from media import PhotoLimits, process_photo  # noqa: E402

WIDTH, HEIGHT = 4000, 3000  # 12 MP, a common phone camera


def camera_like_jpeg(seed: int) -> bytes:
    """A 12 MP JPEG with photo-like detail (shapes + noise), so the encoder has real work."""
    rng = random.Random(seed)
    small = Image.effect_noise((WIDTH // 8, HEIGHT // 8), 60).convert("RGB")
    img = small.resize((WIDTH, HEIGHT), Image.Resampling.BICUBIC)
    draw = ImageDraw.Draw(img)
    for _ in range(40):
        x, y = rng.randrange(WIDTH), rng.randrange(HEIGHT)
        colour = tuple(rng.randrange(256) for _ in range(3))
        draw.ellipse((x, y, x + rng.randrange(100, 900), y + rng.randrange(100, 900)), fill=colour)
    img = img.filter(ImageFilter.DETAIL)
    out = io.BytesIO()
    img.save(out, "JPEG", quality=90)
    return out.getvalue()


def naive(data: bytes) -> int:
    """Full decode, orientation, 1280 and 320 copies, SHA-256: the obvious way."""
    with Image.open(io.BytesIO(data)) as img:
        img.load()
        upright = ImageOps.exif_transpose(img)
    sizes = 0
    for longest in (1280, 320):
        copy = upright.copy()
        copy.thumbnail((longest, longest))
        out = io.BytesIO()
        copy.save(out, "JPEG", quality=82)
        sizes += out.tell()
    hashlib.sha256(data).hexdigest()
    return sizes


def pipeline(data: bytes) -> int:
    """The project's pipeline."""
    photo = process_photo(data, PhotoLimits())
    return len(photo.display_jpeg) + len(photo.thumb_jpeg)


def peak_rss_kb() -> int:
    """High-water RSS of this address space (VmHWM); ru_maxrss would include the parent's
    peak, because Linux keeps it across execve."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def run_variant(name: str, count: int, threads: int, folder: Path) -> dict[str, float]:
    """Process `count` photos read from `folder` and report rate and peak RSS."""
    photos = [path.read_bytes() for path in sorted(folder.glob("*.jpg"))]
    baseline_rss = peak_rss_kb()
    work = {"naive": naive, "pipeline": pipeline}[name]
    work(photos[0])  # warm-up: imports, codec tables
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(work, (photos[i % len(photos)] for i in range(count))))
    elapsed = time.perf_counter() - started
    peak = peak_rss_kb()
    return {
        "photos_per_second": count / elapsed,
        "ms_per_photo": elapsed / count * 1000 * threads,
        "peak_rss_mb": peak / 1024,
        "peak_over_inputs_mb": (peak - baseline_rss) / 1024,
        "input_mb": sum(len(p) for p in photos) / 1e6 / len(photos),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variant", choices=["naive", "pipeline"])
    parser.add_argument("--count", type=int, default=24)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--inputs", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.variant:
        print(json.dumps(run_variant(args.variant, args.count, args.threads, args.inputs)))
        return
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        for seed in range(6):
            (Path(folder) / f"{seed}.jpg").write_bytes(camera_like_jpeg(seed))
        for variant in ("naive", "pipeline"):
            command = [
                sys.executable,
                __file__,
                "--variant",
                variant,
                "--count",
                str(args.count),
                "--threads",
                str(args.threads),
                "--inputs",
                folder,
            ]
            finished = subprocess.run(command, capture_output=True, text=True, check=True)
            results[variant] = json.loads(finished.stdout)
    print(
        f"{args.count} photos of {WIDTH}x{HEIGHT} (~{results['naive']['input_mb']:.1f} MB "
        f"JPEG each), {args.threads} threads"
    )
    print(f"{'variant':<10}{'photos/s':>10}{'ms/photo':>10}{'peak RSS MB':>13}{'+ MB':>8}")
    for variant, r in results.items():
        print(
            f"{variant:<10}{r['photos_per_second']:>10.2f}{r['ms_per_photo']:>10.0f}"
            f"{r['peak_rss_mb']:>13.0f}{r['peak_over_inputs_mb']:>8.0f}"
        )
    speedup = results["pipeline"]["photos_per_second"] / results["naive"]["photos_per_second"]
    print(f"pipeline / naive throughput: {speedup:.2f}x")


if __name__ == "__main__":
    main()
