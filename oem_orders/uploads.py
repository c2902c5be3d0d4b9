"""Files clients and staff upload: RFQ attachments (images, PDF) and inspection photos.

Checked before anything is stored: size (``OEM_UPLOAD_MAX_BYTES``), an allowed
type judged by the content (Pillow opens images; a PDF starts with ``%PDF-``),
never by the name or the Content-Type the sender claimed.  Images are verified by
Pillow and get their thumbnails through ``shop.thumbnail`` (EXIF stripped), made
when the upload is saved.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.conf import settings
from PIL import Image

from shop.thumbnail.utils import ThumbnailSourceError, make_thumbnail

from .error_codes import OemErrorCode as Code
from .error_codes import oem_error

IMAGE_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
PDF_TYPE = "application/pdf"
THUMBNAIL_SIZE = 256
# Pillow refuses images larger than this many pixels (decompression bombs).
MAX_PIXELS = 50_000_000


@dataclass(frozen=True)
class CheckedUpload:
    file: object
    name: str
    content_type: str
    size: int
    is_image: bool


def upload_check(file, *, field: str, images_only: bool = False) -> CheckedUpload:
    """The upload's real type and size; INVALID_IMAGE / FILE_TOO_LARGE / INVALID otherwise."""
    size = getattr(file, "size", None)
    if size is None:
        raise oem_error(field, "Send a file.", Code.REQUIRED)
    if size > settings.OEM_UPLOAD_MAX_BYTES:
        raise oem_error(field, f"Files may be {settings.OEM_UPLOAD_MAX_BYTES // (1024 * 1024)} MB at most.",
                        Code.FILE_TOO_LARGE, max_bytes=settings.OEM_UPLOAD_MAX_BYTES)
    file.seek(0)
    data = file.read()
    file.seek(0)
    name = (getattr(file, "name", "") or "upload").rsplit("/", 1)[-1][:255]
    content_type = _image_type(data)
    if content_type:
        return CheckedUpload(file, name, content_type, size, True)
    if images_only:
        raise oem_error(field, "Send a JPEG, PNG or WebP image.", Code.INVALID_IMAGE)
    if data.startswith(b"%PDF-"):
        return CheckedUpload(file, name, PDF_TYPE, size, False)
    raise oem_error(field, "Send an image (JPEG, PNG, WebP) or a PDF.", Code.INVALID)


def _image_type(data: bytes) -> str:
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format
            if image.width * image.height > MAX_PIXELS:
                return ""
            image.verify()
    except (OSError, ValueError, Image.DecompressionBombError):
        return ""
    return IMAGE_TYPES.get(kind or "", "")


def thumbnail_make(source_name: str) -> None:
    """Make the image's standard thumbnail now (the GraphQL fields then answer from storage)."""
    try:
        make_thumbnail(source_name, THUMBNAIL_SIZE, "JPEG")
    except ThumbnailSourceError:
        # The upload was verified as an image: a failure here is storage's, and the
        # thumbnail view makes it on first request instead.
        return
