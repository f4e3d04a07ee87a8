"""Cover art: the show's own image, or a square one generated from the show's name.

Apple wants a square JPEG or PNG of 1400-3000 px; a generated cover is
3000 x 3000 PNG, deterministic for a given show name.
"""

from __future__ import annotations

import hashlib
import io
import textwrap
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from briefing.errors import PublishError
from briefing.settings import Identity

SIZE = 3000


@dataclass(frozen=True)
class Cover:
    data: bytes
    mime: str  # image/png or image/jpeg

    @property
    def filename(self) -> str:
        # Apple checks that the extension matches the bytes.
        return "cover.png" if self.mime == "image/png" else "cover.jpg"


def load_cover(identity: Identity) -> Cover:
    """The show's cover: its own image, checked, or one generated from its name."""
    if identity.cover is not None:
        return _checked(identity.cover)
    return Cover(generate_cover(identity.name), "image/png")


def generate_cover(name: str) -> bytes:
    # A background colour picked from the name, dark enough for white type.
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    background = tuple(30 + b % 70 for b in digest[:3])
    image = Image.new("RGB", (SIZE, SIZE), background)
    draw = ImageDraw.Draw(image)
    lines = textwrap.wrap(name, width=12) or [name]
    font = ImageFont.load_default(size=420 if len(lines) < 3 else 300)
    boxes = [draw.textbbox((0, 0), line, font=font) for line in lines]
    heights = [b[3] - b[1] for b in boxes]
    gap = 80
    y = (SIZE - sum(heights) - gap * (len(lines) - 1)) // 2
    for line, box, height in zip(lines, boxes, heights, strict=True):
        x = (SIZE - (box[2] - box[0])) // 2 - box[0]
        draw.text((x, y - box[1]), line, font=font, fill=(255, 255, 255))
        y += height + gap
    draw.rectangle((0, SIZE - 160, SIZE, SIZE), fill=(240, 170, 40))
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def _checked(path: Path) -> Cover:
    data = path.read_bytes()
    try:
        with Image.open(io.BytesIO(data)) as img:
            kind, (width, height) = img.format, img.size
    except Exception as exc:  # Pillow raises many kinds for a non-image
        raise PublishError(f"cover {path} is not an image: {exc}") from None
    if kind not in ("PNG", "JPEG"):
        raise PublishError(f"cover {path} must be a PNG or JPEG image (found {kind})")
    expected = (".png",) if kind == "PNG" else (".jpg", ".jpeg")
    if path.suffix.lower() not in expected:
        # Apple rejects artwork whose extension doesn't match its bytes.
        raise PublishError(f"cover {path} holds a {kind} image: name it {expected[0]}")
    if width != height or not 1400 <= width <= 3000:
        raise PublishError(f"cover {path} must be square, 1400-3000 px (found {width}x{height})")
    return Cover(data, "image/png" if kind == "PNG" else "image/jpeg")
