"""Real images made with Pillow and saved into the default storage."""

from __future__ import annotations

import io

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

RED = (255, 0, 0)
BLUE = (0, 0, 255)


def image_bytes(
    size: tuple[int, int] = (800, 600),
    *,
    mode: str = "RGB",
    color: tuple[int, ...] = (200, 120, 40),
    fmt: str = "JPEG",
    **save_options,
) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, fmt, **save_options)
    return buffer.getvalue()


def two_halves_bytes(size: tuple[int, int], *, orientation: int | None = None) -> bytes:
    """A JPEG whose stored left half is red and right half blue, optionally with an EXIF orientation."""
    width, height = size
    image = Image.new("RGB", size, BLUE)
    image.paste(RED, (0, 0, width // 2, height))
    options = {"quality": 95}
    if orientation is not None:
        exif = Image.Exif()
        exif[0x0112] = orientation
        options["exif"] = exif.tobytes()
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", **options)
    return buffer.getvalue()


def store(name: str, content: bytes) -> str:
    """Save bytes into default storage; return the name the storage chose."""
    return default_storage.save(name, ContentFile(content))


def store_image(name: str = "products/pot.jpg", **kwargs) -> str:
    return store(name, image_bytes(**kwargs))


def open_stored(name: str) -> Image.Image:
    with default_storage.open(name, "rb") as handle:
        image = Image.open(io.BytesIO(handle.read()))
        image.load()
    return image


def is_near(pixel, color, tolerance: int = 60) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel[:3], color, strict=True))
