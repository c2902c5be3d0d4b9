"""The thumbnail view: makes a thumbnail on its first request and redirects to the file."""

from __future__ import annotations

import logging

from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from .utils import ThumbnailSourceError, make_thumbnail, read_thumbnail_request

logger = logging.getLogger(__name__)

# The target of a given token never changes once made (storage names are never
# reused for other content), so shared caches may keep the redirect a day.
REDIRECT_MAX_AGE = 60 * 60 * 24


@require_GET
def thumbnail_redirect(request: HttpRequest, token: str) -> HttpResponseRedirect:
    """Answer 302 to the storage URL of the thumbnail a signed token names.

    Side effect: on the first request for a (source, size, format) it reads the
    source and writes the thumbnail file and its Thumbnail row (make_thumbnail,
    which is idempotent and race-safe).  A bad or tampered token, or a source
    that is missing or not an image, answers 404.
    """
    try:
        source, size, fmt = read_thumbnail_request(token)
    except ValueError:
        raise Http404("Unknown thumbnail.")
    try:
        thumbnail = make_thumbnail(source, size, fmt)
    except ThumbnailSourceError as exc:
        logger.warning("Thumbnail not made: %s", exc)
        raise Http404("Image not found.")
    response = HttpResponseRedirect(request.build_absolute_uri(thumbnail.image.url))
    patch_cache_control(response, public=True, max_age=REDIRECT_MAX_AGE)
    return response
