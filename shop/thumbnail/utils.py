"""Thumbnails with Saleor's semantics: size and format mapping, creation, URLs.

A thumbnail is identified by (source storage name, allowed size, format) and
is stored once, in the default storage under ``thumbnails/``.  Resolvers never
resize inline: ``thumbnail_urls`` answers the storage URL of a thumbnail that
exists, and otherwise a signed URL of ``views.thumbnail_redirect``, which makes
the thumbnail on its first request and redirects to it.

Formats: ``original`` keeps the source's format (JPEG stays JPEG, PNG stays
PNG; formats browsers do not show, e.g. TIFF or BMP, become PNG), ``webp``,
``jpeg`` (our addition to Saleor's enum) and ``avif`` when this Pillow build
can write AVIF; without it an AVIF request is served, and stored, as WEBP.
"""

from __future__ import annotations

import enum
import io
import logging
import posixpath
import warnings
from collections.abc import Callable, Iterable
from functools import cache
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.urls import reverse
from PIL import Image, ImageOps, features

from .models import Thumbnail, ThumbnailFormat

logger = logging.getLogger(__name__)

SIGNING_SALT = "thumbnail"

# Pillow writer for each explicitly requested format.
_PIL_FORMAT_FOR = {
    ThumbnailFormat.WEBP: "WEBP",
    ThumbnailFormat.JPEG: "JPEG",
    ThumbnailFormat.AVIF: "AVIF",
}
# Source formats that ``original`` keeps, with the file extension written.
# MPO is what Pillow calls the multi-picture JPEGs of phone cameras.
_WEB_FORMATS = {
    "JPEG": ("JPEG", "jpg"),
    "MPO": ("JPEG", "jpg"),
    "PNG": ("PNG", "png"),
    "GIF": ("GIF", "gif"),
    "WEBP": ("WEBP", "webp"),
    "AVIF": ("AVIF", "avif"),
}
_EXTENSION = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp", "AVIF": "avif"}
# Encoder settings: visually clean at thumbnail sizes, a fraction of the bytes.
_SAVE_OPTIONS = {
    "JPEG": {"quality": 85, "optimize": True, "progressive": True},
    "WEBP": {"quality": 80, "method": 4},
    "AVIF": {"quality": 60},
    "PNG": {"optimize": True},
    "GIF": {},
}


class ThumbnailSourceError(Exception):
    """The source file is missing from storage or is not an image Pillow can read."""


@cache
def avif_supported() -> bool:
    """Whether this Pillow build can write AVIF (built in from Pillow 11.2)."""
    with warnings.catch_warnings():
        # Older Pillow warns "Unknown feature 'avif'" and answers False.
        warnings.simplefilter("ignore")
        return bool(features.check("avif"))


def get_thumbnail_size(size: int | None) -> int | None:
    """Map a requested longest side to the closest allowed size; None means the original.

    None and 0 mean "the original image".  Otherwise the answer is the entry of
    settings.THUMBNAIL_SIZES nearest to ``size`` (a tie goes to the smaller
    one), as Saleor's ``get_thumbnail_size``; requests above the largest size
    get the largest.
    """
    if not size:
        return None
    requested = int(size)
    return min(sorted(settings.THUMBNAIL_SIZES), key=lambda allowed: abs(allowed - requested))


def get_thumbnail_format(fmt: str | None) -> str | None:
    """Normalise a GraphQL ``ThumbnailFormatEnum`` value to a ThumbnailFormat; None for original.

    Accepts enum names or values in any case ("WEBP", "webp", enum members).
    AVIF becomes WEBP when this Pillow cannot write AVIF.  Raises ValueError
    for a format we do not make.
    """
    if fmt is None:
        return None
    if isinstance(fmt, enum.Enum) and not isinstance(fmt, str):
        fmt = fmt.value
    value = str(fmt).strip().lower()
    if value in ("", ThumbnailFormat.ORIGINAL):
        return None
    if value == "jpg":
        value = ThumbnailFormat.JPEG
    if value not in ThumbnailFormat.values:
        raise ValueError(f"Unsupported thumbnail format: {fmt!r}")
    if value == ThumbnailFormat.AVIF and not avif_supported():
        return ThumbnailFormat.WEBP
    return ThumbnailFormat(value)


def _stored_format(fmt: str | None) -> str:
    return get_thumbnail_format(fmt) or ThumbnailFormat.ORIGINAL


def make_thumbnail(source_name: str, size: int, fmt: str | None) -> Thumbnail:
    """Return the Thumbnail of ``source_name`` at ``size`` in ``fmt``, making it if needed.

    ``size`` is mapped with get_thumbnail_size and ``fmt`` with
    get_thumbnail_format, so rows only ever exist for allowed sizes and
    normalised formats.  Idempotent: an existing row is returned untouched.
    Otherwise reads the source from default_storage, writes one new file
    under ``thumbnails/`` and inserts one row.  Safe under concurrency: when
    another process inserts the same (source, size, format) first, the unique
    constraint rejects our row, our file is deleted and theirs is returned.
    Raises ThumbnailSourceError when the source is missing or unreadable, and
    ValueError for size 0/None (the original is not a thumbnail).
    """
    thumbnail_size = get_thumbnail_size(size)
    if thumbnail_size is None:
        raise ValueError("A thumbnail needs a size; size 0/None means the original image.")
    key = {"source": source_name, "size": thumbnail_size, "format": _stored_format(fmt)}
    existing = Thumbnail.objects.filter(**key).first()
    if existing is not None:
        return existing
    content, extension = render_thumbnail(source_name, thumbnail_size, key["format"])
    name = _save_thumbnail_file(source_name, thumbnail_size, extension, content)
    try:
        # A savepoint, so a lost race does not break the caller's transaction.
        with transaction.atomic():
            return Thumbnail.objects.create(**key, image=name)
    except IntegrityError:
        default_storage.delete(name)
        return Thumbnail.objects.get(**key)


def render_thumbnail(source_name: str, size: int, fmt: str) -> tuple[bytes, str]:
    """Encode the resized image; return (bytes, file extension).  Writes nothing.

    Applies the EXIF orientation, then fits the image into a ``size`` square
    (the longer side becomes ``size``; never upscales).  EXIF and XMP are not
    copied: they may carry the GPS position of a producer's home.  Animated
    GIF/WEBP sources give a still of their first frame.
    """
    try:
        with default_storage.open(source_name, "rb") as handle:
            data = handle.read()
    except FileNotFoundError as exc:
        raise ThumbnailSourceError(f"Source image not found: {source_name}") from exc
    try:
        with Image.open(io.BytesIO(data)) as image:
            pil_format, extension = _output_format(image.format, fmt)
            # Let the JPEG decoder downscale by DCT; keep 2x headroom for a clean resample.
            image.draft(None, (size * 2, size * 2))
            image = ImageOps.exif_transpose(image)
            if image.mode in ("P", "1"):
                image = _converted(image, "RGBA" if _has_alpha(image) else "RGB")
            image.thumbnail((size, size), Image.Resampling.LANCZOS)
            image = _convert_for(image, pil_format)
            return _encode(image, pil_format), extension
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ThumbnailSourceError(f"Source is not a readable image: {source_name}") from exc


def _output_format(source_format: str | None, fmt: str) -> tuple[str, str]:
    if fmt != ThumbnailFormat.ORIGINAL:
        pil_format = _PIL_FORMAT_FOR[ThumbnailFormat(fmt)]
        return pil_format, _EXTENSION[pil_format]
    return _WEB_FORMATS.get(source_format or "", ("PNG", "png"))


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA", "La", "RGBa") or "transparency" in image.info


def _convert_for(image: Image.Image, pil_format: str) -> Image.Image:
    if pil_format == "JPEG":
        if _has_alpha(image):
            # Transparent areas become white, as on a product page, not black.
            rgba = _converted(image, "RGBA")
            background = Image.new("RGB", rgba.size, (255, 255, 255))
            background.paste(rgba, mask=rgba.getchannel("A"))
            background.info.update(rgba.info)
            return background
        return image if image.mode in ("RGB", "L") else _converted(image, "RGB")
    if pil_format in ("WEBP", "AVIF"):
        wanted = "RGBA" if _has_alpha(image) else "RGB"
        return image if image.mode == wanted else _converted(image, wanted)
    if pil_format == "PNG" and image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA", "I", "I;16"):
        return _converted(image, "RGBA" if _has_alpha(image) else "RGB")
    return image


def _color_space(mode: str) -> str:
    if mode == "CMYK":
        return "CMYK"
    return "GRAY" if mode in ("1", "L", "LA", "La", "I", "I;16", "F") else "RGB"


def _converted(image: Image.Image, mode: str) -> Image.Image:
    converted = image.convert(mode)
    if _color_space(mode) != _color_space(image.mode):
        # A CMYK or gray ICC profile on RGB pixels would make viewers misdraw colours.
        converted.info.pop("icc_profile", None)
    return converted


def _encode(image: Image.Image, pil_format: str) -> bytes:
    options = dict(_SAVE_OPTIONS[pil_format])
    icc_profile = image.info.get("icc_profile")
    if icc_profile:
        options["icc_profile"] = icc_profile
    for private in ("exif", "xmp", "XML:com.adobe.xmp"):
        image.info.pop(private, None)
    buffer = io.BytesIO()
    image.save(buffer, format=pil_format, **options)
    return buffer.getvalue()


def _save_thumbnail_file(source_name: str, size: int, extension: str, content: bytes) -> str:
    stem = posixpath.splitext(source_name)[0]
    wanted = default_storage.generate_filename(f"thumbnails/{stem}_thumbnail_{size}.{extension}")
    max_length = Thumbnail._meta.get_field("image").max_length
    # The storage picks a free name (it never overwrites), so a racing twin gets its own file.
    return default_storage.save(wanted, ContentFile(content), max_length=max_length)


# --- URLs ---------------------------------------------------------------------


def sign_thumbnail_request(source_name: str, size: int, fmt: str) -> str:
    """Token for the thumbnail view.

    Deterministic (no timestamp), so the same thumbnail always gets the same
    URL and HTTP caches keep working across requests.
    """
    payload = {"source": source_name, "size": size, "format": fmt}
    return signing.Signer(salt=SIGNING_SALT).sign_object(payload)


def read_thumbnail_request(token: str) -> tuple[str, int, str]:
    """Return (source, size, stored format) from a token; ValueError when it is not ours."""
    try:
        payload = signing.Signer(salt=SIGNING_SALT).unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise ValueError("Bad thumbnail token") from exc
    if not isinstance(payload, dict):
        raise ValueError("Bad thumbnail token")
    source, size, fmt = payload.get("source"), payload.get("size"), payload.get("format")
    if not isinstance(source, str) or not source or not isinstance(size, int):
        raise ValueError("Bad thumbnail token")
    if size not in settings.THUMBNAIL_SIZES or fmt not in ThumbnailFormat.values:
        # Signed by us, but for a size or format no longer offered.
        raise ValueError("Bad thumbnail token")
    return source, size, fmt


def thumbnail_view_path(source_name: str, size: int, fmt: str) -> str:
    """Path of the view that makes this thumbnail on first request (``size``/``fmt`` mapped)."""
    thumbnail_size = get_thumbnail_size(size)
    if thumbnail_size is None:
        raise ValueError("The original image has no thumbnail view; use its storage URL.")
    token = sign_thumbnail_request(source_name, thumbnail_size, _stored_format(fmt))
    return reverse("thumbnail:thumbnail", kwargs={"token": token})


def thumbnail_urls(
    sources: Iterable[str],
    size: int | None,
    fmt: str | None,
    *,
    build_absolute: Callable[[str], str],
) -> dict[str, str]:
    """Absolute image URL for every source storage name, in at most one SQL query.

    Size None/0: the original file's storage URL (no query).  Otherwise an
    existing thumbnail's storage URL, or the signed URL of the view that will
    make it.  Relative URLs go through ``build_absolute``; absolute ones (S3,
    a CDN) are returned as they are.  Empty names are skipped.  Makes no files.
    """
    names = list(dict.fromkeys(name for name in sources if name))
    thumbnail_size = get_thumbnail_size(size)
    if thumbnail_size is None:
        return {name: _absolute(default_storage.url(name), build_absolute) for name in names}
    stored_format = _stored_format(fmt)
    made = {}
    if names:
        made = dict(
            Thumbnail.objects.filter(
                source__in=names, size=thumbnail_size, format=stored_format
            ).values_list("source", "image")
        )
    urls = {}
    for name in names:
        if name in made:
            url = default_storage.url(made[name])
        else:
            url = thumbnail_view_path(name, thumbnail_size, stored_format)
        urls[name] = _absolute(url, build_absolute)
    return urls


def thumbnail_url(
    source_name: str, size: int | None, fmt: str | None, *, build_absolute: Callable[[str], str]
) -> str:
    """thumbnail_urls for one source (one query at most)."""
    return thumbnail_urls([source_name], size, fmt, build_absolute=build_absolute)[source_name]


def _absolute(url: str, build_absolute: Callable[[str], str]) -> str:
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return url
    return build_absolute(url)
