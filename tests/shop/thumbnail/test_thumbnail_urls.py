import pytest
from django.test import RequestFactory

from shop.thumbnail.models import Thumbnail
from shop.thumbnail.utils import (
    avif_supported,
    make_thumbnail,
    read_thumbnail_request,
    thumbnail_url,
    thumbnail_urls,
)
from tests.shop.thumbnail.images import image_bytes, store

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.shop.thumbnail.urls")]

SERVER = "http://testserver"


@pytest.fixture
def build_absolute():
    return RequestFactory().get("/graphql/").build_absolute_uri


@pytest.fixture
def twenty_sources():
    content = image_bytes((300, 200))
    return [store(f"products/p{index}.jpg", content) for index in range(20)]


def test_twenty_sources_cost_exactly_one_query(
    django_assert_num_queries, twenty_sources, build_absolute
):
    for source in twenty_sources[:7]:
        make_thumbnail(source, 256, "WEBP")

    with django_assert_num_queries(1):
        urls = thumbnail_urls(twenty_sources, 256, "WEBP", build_absolute=build_absolute)

    assert list(urls) == twenty_sources
    assert Thumbnail.objects.count() == 7


def test_existing_thumbnail_gets_its_storage_url(build_absolute):
    source = store("products/pot.jpg", image_bytes())
    thumbnail = make_thumbnail(source, 512, "WEBP")

    urls = thumbnail_urls([source], 500, "webp", build_absolute=build_absolute)

    assert urls == {source: f"{SERVER}/media/{thumbnail.image.name}"}


def test_missing_thumbnail_gets_signed_view_url_and_nothing_is_made(build_absolute):
    source = store("products/pot.jpg", image_bytes())

    url = thumbnail_url(source, 100, "AVIF", build_absolute=build_absolute)

    assert url.startswith(f"{SERVER}/thumbnail/")
    token = url.removeprefix(f"{SERVER}/thumbnail/").removesuffix("/")
    expected_format = "avif" if avif_supported() else "webp"
    assert read_thumbnail_request(token) == (source, 128, expected_format)
    assert not Thumbnail.objects.exists()


def test_view_url_is_stable_for_http_caches(build_absolute):
    source = store("products/pot.jpg", image_bytes())

    first = thumbnail_url(source, 256, "WEBP", build_absolute=build_absolute)
    second = thumbnail_url(source, 256, "webp", build_absolute=build_absolute)

    assert first == second


@pytest.mark.parametrize("size", [None, 0])
def test_no_size_means_original_file_url_without_queries(
    size, django_assert_num_queries, twenty_sources, build_absolute
):
    with django_assert_num_queries(0):
        urls = thumbnail_urls(twenty_sources, size, "WEBP", build_absolute=build_absolute)

    assert urls[twenty_sources[0]] == f"{SERVER}/media/{twenty_sources[0]}"


def test_format_matters_when_finding_thumbnails(build_absolute):
    source = store("products/pot.jpg", image_bytes())
    make_thumbnail(source, 256, "WEBP")

    url = thumbnail_url(source, 256, "JPEG", build_absolute=build_absolute)

    assert url.startswith(f"{SERVER}/thumbnail/")


def test_empty_and_repeated_sources_cost_no_extra_work(django_assert_num_queries, build_absolute):
    with django_assert_num_queries(0):
        assert thumbnail_urls([], 256, "WEBP", build_absolute=build_absolute) == {}
        assert thumbnail_urls(["", None], 256, "WEBP", build_absolute=build_absolute) == {}
    with django_assert_num_queries(1):
        urls = thumbnail_urls(["a.jpg", "a.jpg"], 256, None, build_absolute=build_absolute)
    assert list(urls) == ["a.jpg"]
