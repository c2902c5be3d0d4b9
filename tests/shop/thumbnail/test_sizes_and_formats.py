import enum

import pytest

from shop.thumbnail.models import ThumbnailFormat
from shop.thumbnail.utils import avif_supported, get_thumbnail_format, get_thumbnail_size


@pytest.mark.parametrize(
    ("requested", "expected"),
    [
        (None, None),
        (0, None),
        (1, 32),
        (32, 32),
        (40, 32),
        (48, 32),  # halfway between 32 and 64: the smaller wins, as in Saleor
        (49, 64),
        (100, 128),
        (200, 256),
        (256, 256),
        (700, 512),
        (800, 1024),
        (1000, 1024),
        (4096, 4096),
        (5000, 4096),
        (100_000, 4096),
        (-10, 32),
    ],
)
def test_requested_size_maps_to_closest_allowed_size(requested, expected):
    assert get_thumbnail_size(requested) == expected


def test_size_mapping_follows_settings(settings):
    settings.THUMBNAIL_SIZES = [100, 300]

    assert get_thumbnail_size(150) == 100
    assert get_thumbnail_size(250) == 300


class GraphQLThumbnailFormat(enum.Enum):
    WEBP = "WEBP"
    ORIGINAL = "ORIGINAL"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (None, None),
        ("ORIGINAL", None),
        ("original", None),
        (ThumbnailFormat.ORIGINAL, None),
        (GraphQLThumbnailFormat.ORIGINAL, None),
        ("WEBP", "webp"),
        ("webp", "webp"),
        (ThumbnailFormat.WEBP, "webp"),
        (GraphQLThumbnailFormat.WEBP, "webp"),
        ("JPEG", "jpeg"),
        ("jpg", "jpeg"),
    ],
)
def test_format_is_normalised_to_thumbnail_format_values(given, expected):
    assert get_thumbnail_format(given) == expected


def test_avif_is_kept_when_pillow_writes_it_and_falls_back_to_webp_otherwise():
    expected = "avif" if avif_supported() else "webp"

    assert get_thumbnail_format("AVIF") == expected


def test_avif_falls_back_to_webp_without_pillow_support(monkeypatch):
    monkeypatch.setattr("shop.thumbnail.utils.avif_supported", lambda: False)

    assert get_thumbnail_format("AVIF") == "webp"


def test_unknown_format_is_refused():
    with pytest.raises(ValueError):
        get_thumbnail_format("BMP")
