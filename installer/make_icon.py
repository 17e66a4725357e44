"""Draw the app icon: resources/icons/app.png (256 px) and app.ico (16-256 px).

Run once after changing the design (needs Pillow); the files are committed, so a build
does not run this. ``python installer/make_icon.py``
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
BLUE = (31, 95, 139, 255)
WHITE = (255, 255, 255, 255)
AMBER = (244, 180, 60, 255)
SIZE = 1024  # drawn large, then scaled down smoothly


def _figure(draw: ImageDraw.ImageDraw, x: float, base: float, height: float) -> None:
    """A person: head and rounded shoulders, ``height`` tall, standing on ``base``."""
    head = height * 0.34
    draw.ellipse((x - head / 2, base - height, x + head / 2, base - height + head), fill=WHITE)
    width = height * 0.66
    top = base - height + head * 1.15
    box = (x - width / 2, top, x + width / 2, base)
    draw.rounded_rectangle(box, width / 2, fill=WHITE, corners=(True, True, False, False))


def draw() -> Image.Image:
    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    d = ImageDraw.Draw(image)
    d.rounded_rectangle((40, 40, SIZE - 40, SIZE - 40), 190, fill=BLUE)
    base = SIZE * 0.74
    _figure(d, SIZE * 0.38, base, SIZE * 0.50)  # adult
    _figure(d, SIZE * 0.69, base, SIZE * 0.33)  # child
    d.rounded_rectangle((SIZE * 0.17, base + 30, SIZE * 0.83, base + 80), 25, fill=AMBER)
    return image


def main() -> None:
    big = draw()
    ICONS.mkdir(parents=True, exist_ok=True)
    big.resize((256, 256), Image.Resampling.LANCZOS).save(ICONS / "app.png", optimize=True)
    sizes = [(s, s) for s in (16, 24, 32, 48, 64, 128, 256)]
    big.save(ICONS / "app.ico", sizes=sizes)


if __name__ == "__main__":
    main()
