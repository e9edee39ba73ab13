"""The share card: static/share-card.png, the `og:image` of every page, so a link shared in WeChat or
another messenger shows a picture (WeChat wants a raster image of at least 300 × 300 px).

600 × 600 px PNG, made with Pillow. A site with `emblem:` in site.yaml gets its emblem centred on
white; any other site gets a red seal (a double ring around a five-pointed star), drawn from shapes
alone, so the card depends on no font being installed on the build machine. The same settings and
emblem give the same bytes (PNG has no timestamp; the drawing is pure arithmetic).
"""

from __future__ import annotations

import hashlib
import io
import math
from pathlib import Path
from typing import TYPE_CHECKING

from generator.render.outputs import SHARE_CARD, Job, OutputFile, RenderContext

if TYPE_CHECKING:
    from PIL.Image import Image

SIZE = 600
RED = (200, 16, 46)
SCALE = 4
"""Drawn four times larger and scaled down, for smooth edges."""


def jobs(ctx: RenderContext, env: str) -> list[Job]:
    emblem = ctx.site.config.emblem
    try:
        digest = hashlib.sha256(Path(emblem).read_bytes()).hexdigest() if emblem else ""
    except OSError:  # gone since site.yaml was checked: the seal, until it is back
        emblem, digest = "", ""
    return [Job(SHARE_CARD, (env, digest), lambda: [OutputFile(SHARE_CARD, card(emblem))])]


def card(emblem: str = "") -> bytes:
    image = _emblem(emblem) if emblem else _seal()
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _emblem(path: str) -> Image:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as source:
            picture = source.convert("RGBA")
    except (OSError, UnidentifiedImageError, ValueError):
        return _seal()  # not an image after all: site.yaml's check names the file; the card still builds
    picture.thumbnail((SIZE * 3 // 4, SIZE * 3 // 4), Image.Resampling.LANCZOS)
    canvas = Image.new("RGBA", (SIZE, SIZE), (255, 255, 255, 255))
    canvas.alpha_composite(picture, ((SIZE - picture.width) // 2, (SIZE - picture.height) // 2))
    return canvas.convert("RGB")


def _seal() -> Image:
    from PIL import Image, ImageDraw

    big = SIZE * SCALE
    image = Image.new("RGB", (big, big), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    centre = big / 2

    def ring(radius: float, width: float) -> None:
        box = (centre - radius, centre - radius, centre + radius, centre + radius)
        draw.ellipse(box, outline=RED, width=round(width))

    ring(big * 0.42, big * 0.035)
    ring(big * 0.36, big * 0.008)
    outer, inner = big * 0.22, big * 0.22 * 0.382
    points = []
    for i in range(10):
        angle = -math.pi / 2 + i * math.pi / 5
        r = outer if i % 2 == 0 else inner
        points.append((centre + r * math.cos(angle), centre + r * math.sin(angle)))
    draw.polygon(points, fill=RED)
    return image.resize((SIZE, SIZE), Image.Resampling.LANCZOS)
