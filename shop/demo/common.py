"""Small helpers shared by the demo loaders."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

THAI = "th"
CURRENCY = "THB"


def save_image(field, name: str, data: bytes, save: bool) -> None:
    """Store under a fixed name, replacing a stale file left by an earlier (flushed) load."""
    target = field.field.generate_filename(field.instance, name)
    if default_storage.exists(target):
        default_storage.delete(target)
    field.save(name, ContentFile(data), save=save)
