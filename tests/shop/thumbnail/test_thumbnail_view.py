import os

import pytest
from django.core import signing
from django.urls import reverse

from shop.thumbnail.models import Thumbnail
from shop.thumbnail.utils import SIGNING_SALT, sign_thumbnail_request, thumbnail_view_path
from tests.shop.thumbnail.images import image_bytes, open_stored, store

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.shop.thumbnail.urls")]


def thumbnail_files(settings):
    folder = settings.MEDIA_ROOT / "thumbnails"
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file())


def test_first_request_makes_thumbnail_and_redirects_to_it(client, settings):
    source = store("products/pot.jpg", image_bytes((1000, 500)))

    response = client.get(thumbnail_view_path(source, 256, "WEBP"))

    thumbnail = Thumbnail.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"http://testserver/media/{thumbnail.image.name}"
    assert "public" in response["Cache-Control"]
    assert "max-age=86400" in response["Cache-Control"]
    assert open_stored(thumbnail.image.name).size == (256, 128)
    assert len(thumbnail_files(settings)) == 1


def test_second_request_reuses_the_thumbnail(client, settings):
    source = store("products/pot.jpg", image_bytes())
    path = thumbnail_view_path(source, 256, "WEBP")
    first = client.get(path)
    files_after_first = thumbnail_files(settings)

    second = client.get(path)

    assert second.status_code == 302
    assert second["Location"] == first["Location"]
    assert Thumbnail.objects.count() == 1
    assert thumbnail_files(settings) == files_after_first


def test_tampered_token_is_not_found(client):
    source = store("products/pot.jpg", image_bytes())
    token = sign_thumbnail_request(source, 256, "webp")
    value, signature = token.rsplit(":", 1)
    forged = sign_thumbnail_request("products/other.jpg", 256, "webp").rsplit(":", 1)[0]

    for bad in (f"{forged}:{signature}", f"{value}:{signature[:-2]}xx", "garbage", "a:b:c", ":"):
        response = client.get(reverse("thumbnail:thumbnail", kwargs={"token": bad}))
        assert response.status_code == 404, bad

    assert not Thumbnail.objects.exists()


def test_token_signed_with_another_salt_is_not_found(client):
    source = store("products/pot.jpg", image_bytes())
    payload = {"source": source, "size": 256, "format": "webp"}
    token = signing.Signer(salt=f"not-{SIGNING_SALT}").sign_object(payload)

    response = client.get(reverse("thumbnail:thumbnail", kwargs={"token": token}))

    assert response.status_code == 404


def test_signed_token_for_size_not_offered_is_not_found(client):
    source = store("products/pot.jpg", image_bytes())

    response = client.get(
        reverse(
            "thumbnail:thumbnail", kwargs={"token": sign_thumbnail_request(source, 300, "webp")}
        )
    )

    assert response.status_code == 404


def test_missing_source_is_not_found_and_writes_nothing(client, settings):
    response = client.get(thumbnail_view_path("products/gone.jpg", 256, "WEBP"))

    assert response.status_code == 404
    assert not Thumbnail.objects.exists()
    assert not os.path.exists(settings.MEDIA_ROOT / "thumbnails")


def test_source_that_is_not_an_image_is_not_found(client):
    source = store("products/broken.jpg", b"\xff\xd8 truncated")

    response = client.get(thumbnail_view_path(source, 256, "JPEG"))

    assert response.status_code == 404
    assert not Thumbnail.objects.exists()


def test_only_get_is_allowed(client):
    source = store("products/pot.jpg", image_bytes())

    response = client.post(thumbnail_view_path(source, 256, "WEBP"))

    assert response.status_code == 405
    assert not Thumbnail.objects.exists()
