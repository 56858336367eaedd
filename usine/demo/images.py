"""Illustrations for the demo photo series, drawn with Pillow (nothing downloaded).

Each image is a simple drawing of a workshop scene in the building's colour with its caption;
the alt text stored with it describes what the real photo would show.
"""

import io
import random

from PIL import Image, ImageDraw, ImageFont

from .clips import FONT

WIDTH, HEIGHT = 960, 540


def demo_image(*, caption: str, colour: str, seed: int) -> bytes:
    """A JPEG: sky-to-floor gradient, machine-like shapes, the caption on a band."""
    base = _rgb(colour)
    image = Image.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(image)
    for y in range(HEIGHT):
        shade = 0.55 + 0.45 * y / HEIGHT
        draw.line([(0, y), (WIDTH, y)], fill=tuple(int(c * shade) for c in base))
    rng = random.Random(seed)  # same picture for the same photo, run after run
    floor = int(HEIGHT * 0.72)
    draw.rectangle([0, floor, WIDTH, HEIGHT], fill=(70, 70, 75))
    for _ in range(5):
        x = rng.randint(40, WIDTH - 240)
        w, h = rng.randint(90, 220), rng.randint(80, 260)
        tone = tuple(min(255, c + rng.randint(40, 110)) for c in base)
        draw.rectangle([x, floor - h, x + w, floor], fill=tone, outline=(20, 20, 20), width=3)
        r = rng.randint(18, 40)
        cx, cy = x + w // 2, floor - h // 2
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=(230, 230, 230), outline=(20, 20, 20))
    draw.rectangle([0, HEIGHT - 70, WIDTH, HEIGHT], fill=(0, 0, 0))
    font = _font(34)
    draw.text((30, HEIGHT - 55), caption, fill=(255, 255, 255), font=font)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=82)
    return buffer.getvalue()


def _font(size: int):
    if FONT.exists():
        return ImageFont.truetype(str(FONT), size)
    return ImageFont.load_default()


def _rgb(colour: str) -> tuple[int, int, int]:
    value = int(colour.removeprefix("0x").removeprefix("#"), 16)
    return (value >> 16) & 255, (value >> 8) & 255, value & 255
