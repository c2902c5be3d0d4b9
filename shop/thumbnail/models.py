from django.db import models


class ThumbnailFormat(models.TextChoices):
    ORIGINAL = "original"
    WEBP = "webp"
    JPEG = "jpeg"
    AVIF = "avif"


class Thumbnail(models.Model):
    """A resized copy of an image in the default storage.

    Keyed by the source file's storage name, so any image field of any app can
    be thumbnailed; made once (on first request) and served from storage after.
    """

    source = models.CharField(max_length=500)
    size = models.PositiveIntegerField()
    format = models.CharField(max_length=16, choices=ThumbnailFormat.choices)
    image = models.ImageField(upload_to="thumbnails")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "size", "format"], name="thumbnail_uniq")
        ]

    def __str__(self):
        return f"{self.source} {self.size} {self.format}"
