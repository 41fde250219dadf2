"""Stand-in photos for demo reports: a sky, hills, a few shapes and a caption, drawn with Pillow.

Deterministic (the same seed and caption give the same bytes), small and quick to draw, so a
first console start can make a few dozen and run them through the real photo pipeline.
"""

import io
import random
import unicodedata

from PIL import Image, ImageDraw

DEMO_SIZE = (640, 480)
_SKIES = ((135, 190, 235), (160, 200, 230), (250, 200, 150), (200, 215, 225))
_GROUNDS = ((70, 130, 60), (95, 140, 70), (120, 110, 80), (60, 110, 90))


def demo_photo(seed: int, caption: str, size: tuple[int, int] = DEMO_SIZE) -> bytes:
    """A JPEG of a simple outdoor scene labelled `caption` (without diacritics: default font)."""
    rng = random.Random(seed)
    width, height = size
    img = Image.new("RGB", size, rng.choice(_SKIES))
    draw = ImageDraw.Draw(img)
    horizon = int(height * rng.uniform(0.45, 0.65))
    ground = rng.choice(_GROUNDS)
    hills = [(0, horizon)]
    for x in range(0, width + 80, 80):
        hills.append((x, horizon - rng.randint(10, height // 4)))
    hills += [(width, height), (0, height)]
    draw.polygon(hills, fill=tuple(max(c - 25, 0) for c in ground))
    draw.rectangle((0, horizon, width, height), fill=ground)
    sun = rng.randint(30, width - 30), rng.randint(20, horizon // 2)
    draw.ellipse((sun[0] - 22, sun[1] - 22, sun[0] + 22, sun[1] + 22), fill=(255, 230, 120))
    for _ in range(rng.randint(4, 9)):  # people: a head over a coloured body
        x = rng.randint(20, width - 20)
        y = rng.randint(horizon + 20, height - 40)
        colour = (rng.randint(0, 255), rng.randint(0, 255), rng.randint(0, 255))
        draw.rectangle((x - 8, y, x + 8, y + 34), fill=colour)
        draw.ellipse((x - 7, y - 15, x + 7, y - 1), fill=(230, 190, 160))
    flag = rng.randint(40, width - 80), horizon - 90
    draw.line((flag[0], flag[1], flag[0], horizon + 10), fill=(90, 90, 90), width=3)
    draw.rectangle((flag[0], flag[1], flag[0] + 42, flag[1] + 28), fill=(218, 37, 29))
    draw.rectangle((8, height - 30, width - 8, height - 8), fill=(0, 0, 0))
    draw.text((16, height - 26), _ascii(caption)[:90], fill=(255, 255, 255))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=80)
    return out.getvalue()


def _ascii(text: str) -> str:
    """Vietnamese without diacritics: Pillow's built-in font has no glyphs for them."""
    decomposed = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if c.isascii())
