import io
import os

import pytest
from django.core.files.storage import default_storage
from PIL import Image, ImageCms

from shop.thumbnail.models import Thumbnail
from shop.thumbnail.utils import ThumbnailSourceError, avif_supported, make_thumbnail
from tests.shop.thumbnail.images import (
    BLUE,
    RED,
    image_bytes,
    is_near,
    open_stored,
    store,
    store_image,
    two_halves_bytes,
)

pytestmark = pytest.mark.django_db


def test_webp_thumbnail_is_webp_with_longer_side_at_size():
    source = store_image("products/pot.jpg", size=(1200, 800))

    thumbnail = make_thumbnail(source, 256, "WEBP")

    image = open_stored(thumbnail.image.name)
    assert image.format == "WEBP"
    assert image.size == (256, 171)
    assert (thumbnail.source, thumbnail.size, thumbnail.format) == (source, 256, "webp")
    assert thumbnail.image.name.startswith("thumbnails/products/pot")
    assert thumbnail.image.name.endswith(".webp")


def test_jpeg_thumbnail_of_transparent_png_is_rgb_jpeg_on_white():
    source = store(
        "products/cup.png", image_bytes((600, 900), mode="RGBA", color=(0, 0, 0, 0), fmt="PNG")
    )

    thumbnail = make_thumbnail(source, 128, "JPEG")

    image = open_stored(thumbnail.image.name)
    assert image.format == "JPEG"
    assert image.mode == "RGB"
    assert image.size == (85, 128)
    assert is_near(image.getpixel((40, 60)), (255, 255, 255), tolerance=5)


@pytest.mark.parametrize(
    ("name", "fmt", "expected_format", "extension"),
    [("products/a.jpg", "JPEG", "JPEG", ".jpg"), ("products/b.png", "PNG", "PNG", ".png")],
)
def test_original_format_keeps_the_source_format(name, fmt, expected_format, extension):
    source = store(name, image_bytes((640, 480), fmt=fmt))

    thumbnail = make_thumbnail(source, 64, "ORIGINAL")

    image = open_stored(thumbnail.image.name)
    assert image.format == expected_format
    assert image.size == (64, 48)
    assert thumbnail.format == "original"
    assert thumbnail.image.name.endswith(extension)


@pytest.mark.skipif(not avif_supported(), reason="this Pillow cannot write AVIF")
def test_avif_thumbnail_is_avif():
    source = store_image(size=(500, 500))

    thumbnail = make_thumbnail(source, 128, "AVIF")

    image = open_stored(thumbnail.image.name)
    assert image.format == "AVIF"
    assert image.size == (128, 128)


def test_small_source_is_never_upscaled():
    source = store_image(size=(100, 40))

    thumbnail = make_thumbnail(source, 1024, "WEBP")

    assert open_stored(thumbnail.image.name).size == (100, 40)
    assert thumbnail.size == 1024


def test_requested_size_is_mapped_to_an_allowed_size():
    source = store_image(size=(1000, 1000))

    thumbnail = make_thumbnail(source, 100, "WEBP")

    assert thumbnail.size == 128
    assert open_stored(thumbnail.image.name).size == (128, 128)


def test_exif_rotated_source_comes_out_upright():
    # Stored landscape (left red, right blue); orientation 6 displays it turned
    # 90 degrees clockwise: portrait, red on top.
    source = store("products/rotated.jpg", two_halves_bytes((400, 200), orientation=6))

    thumbnail = make_thumbnail(source, 128, "JPEG")

    image = open_stored(thumbnail.image.name)
    assert image.size == (64, 128)
    assert is_near(image.getpixel((32, 10)), RED)
    assert is_near(image.getpixel((32, 118)), BLUE)
    assert image.getexif().get(0x0112) is None


def test_exif_is_not_copied_into_the_thumbnail():
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # any tag: GPS would travel the same way
    source = store("products/exif.jpg", image_bytes((300, 300), exif=exif.tobytes()))

    thumbnail = make_thumbnail(source, 64, "ORIGINAL")

    assert len(open_stored(thumbnail.image.name).getexif()) == 0


def test_second_call_returns_the_same_thumbnail_without_new_file(settings):
    source = store_image()
    first = make_thumbnail(source, 256, "WEBP")

    second = make_thumbnail(source, 200, "webp")

    assert second.pk == first.pk
    assert Thumbnail.objects.count() == 1
    assert len(os.listdir(settings.MEDIA_ROOT / "thumbnails" / "products")) == 1


def test_missing_source_raises_and_writes_nothing():
    with pytest.raises(ThumbnailSourceError):
        make_thumbnail("products/missing.jpg", 256, "WEBP")

    assert not Thumbnail.objects.exists()
    assert not default_storage.exists("thumbnails")


def test_source_that_is_not_an_image_raises_and_writes_nothing():
    source = store("products/notes.jpg", b"this is not an image")

    with pytest.raises(ThumbnailSourceError):
        make_thumbnail(source, 256, "WEBP")

    assert not Thumbnail.objects.exists()


def test_size_zero_is_not_a_thumbnail():
    source = store_image()

    with pytest.raises(ValueError):
        make_thumbnail(source, 0, "WEBP")


def test_grayscale_and_palette_sources_convert_for_each_format():
    gray = store("products/gray.png", image_bytes((300, 200), mode="L", color=128, fmt="PNG"))
    buffer = io.BytesIO()
    Image.new("P", (300, 200), 3).save(buffer, "GIF", transparency=3)
    palette = store("products/anim.gif", buffer.getvalue())

    for source in (gray, palette):
        for fmt in ("JPEG", "WEBP", "ORIGINAL"):
            thumbnail = make_thumbnail(source, 64, fmt)
            assert open_stored(thumbnail.image.name).size == (64, 43)


def test_colour_profile_of_rgb_source_is_kept():
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    source = store("products/profiled.jpg", image_bytes((400, 300), icc_profile=icc))

    thumbnail = make_thumbnail(source, 128, "WEBP")

    assert open_stored(thumbnail.image.name).info.get("icc_profile") == icc


@pytest.mark.parametrize(("fmt", "expected_format"), [("WEBP", "WEBP"), ("ORIGINAL", "JPEG")])
def test_cmyk_source_becomes_rgb(fmt, expected_format):
    source = store("products/print.jpg", image_bytes((400, 300), mode="CMYK", color=(0, 0, 0, 0)))

    thumbnail = make_thumbnail(source, 128, fmt)

    image = open_stored(thumbnail.image.name)
    assert (image.format, image.mode, image.size) == (expected_format, "RGB", (128, 96))
