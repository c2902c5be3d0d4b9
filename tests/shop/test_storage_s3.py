"""Media on S3: uploads and thumbnails against a local moto S3 server (real HTTP, no AWS)."""

import io
import json
import os
import subprocess
import sys
import uuid

import boto3
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import RequestFactory, override_settings
from moto.server import ThreadedMotoServer
from PIL import Image
from storages.backends.s3 import S3Storage

from shop.catalog.models import Product, ProductMedia, ProductType
from shop.thumbnail.models import Thumbnail
from shop.thumbnail.utils import make_thumbnail, thumbnail_url, thumbnail_urls
from tests.shop.thumbnail.images import image_bytes, store

REGION = "us-east-1"
BUCKET = "homenet-media-test"
CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


@pytest.fixture(scope="module")
def s3_endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    s3_client(endpoint).create_bucket(Bucket=BUCKET)
    yield endpoint
    server.stop()


def s3_client(endpoint: str):
    return boto3.client("s3", endpoint_url=endpoint, region_name=REGION, **CREDENTIALS)


@pytest.fixture
def s3(s3_endpoint):
    return s3_client(s3_endpoint)


@pytest.fixture
def s3_media(s3_endpoint):
    """Default storage is the moto bucket for the test; overriding STORAGES resets default_storage."""
    storages = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_endpoint,
                "access_key": "testing",
                "secret_key": "testing",
                "region_name": REGION,
                "querystring_auth": False,
                "file_overwrite": False,
                "default_acl": None,
                # Each test its own prefix: the module's bucket outlives single tests.
                "location": f"t-{uuid.uuid4().hex[:8]}",
            },
        },
    }
    with override_settings(STORAGES=storages):
        assert isinstance(default_storage, S3Storage)
        yield default_storage


def key_of(storage: S3Storage, name: str) -> str:
    return f"{storage.location}/{name}"


def local_media_files() -> list:
    root = settings.MEDIA_ROOT
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


@pytest.fixture
def product(db):
    product_type = ProductType.objects.create(name="Handicraft", slug="handicraft")
    return Product.objects.create(product_type=product_type, name="Clay pot", slug="clay-pot")


def refuse_relative(path: str) -> str:
    raise AssertionError(f"S3 URLs are absolute; build_absolute got {path!r}")


def test_image_field_save_puts_object_in_bucket(s3_media, s3, product):
    media = ProductMedia(product=product, alt="Clay pot")

    media.image.save("pot.jpg", ContentFile(image_bytes((640, 480))))

    assert ProductMedia.objects.get().image.name == media.image.name
    assert media.image.name.startswith("products/pot")
    head = s3.head_object(Bucket=BUCKET, Key=key_of(s3_media, media.image.name))
    assert head["ContentType"] == "image/jpeg"
    assert local_media_files() == []


@pytest.mark.django_db
def test_make_thumbnail_reads_from_and_writes_to_s3(s3_media, s3):
    source = store("products/pot.jpg", image_bytes((1200, 600)))

    thumbnail = make_thumbnail(source, 256, "WEBP")

    body = s3.get_object(Bucket=BUCKET, Key=key_of(s3_media, thumbnail.image.name))["Body"].read()
    image = Image.open(io.BytesIO(body))
    assert image.format == "WEBP"
    assert image.size == (256, 128)
    assert thumbnail.image.name.startswith("thumbnails/products/pot")
    assert local_media_files() == []


@pytest.mark.django_db
def test_thumbnail_urls_answer_the_s3_url_of_existing_thumbnails(s3_media, s3_endpoint):
    sources = [store(f"products/p{index}.jpg", image_bytes((300, 300))) for index in range(3)]
    made = {source: make_thumbnail(source, 128, "JPEG") for source in sources}

    urls = thumbnail_urls(sources, 128, "JPEG", build_absolute=refuse_relative)

    for source, thumbnail in made.items():
        assert urls[source] == f"{s3_endpoint}/{BUCKET}/{key_of(s3_media, thumbnail.image.name)}"


@pytest.mark.django_db
@pytest.mark.urls("tests.shop.thumbnail.urls")
def test_thumbnail_view_redirects_to_s3_after_making_it_once(s3_media, s3_endpoint, client):
    source = store("products/pot.jpg", image_bytes((800, 800)))
    build_absolute = RequestFactory().get("/").build_absolute_uri
    view_url = thumbnail_url(source, 512, "WEBP", build_absolute=build_absolute)

    first = client.get(view_url)
    second = client.get(view_url)

    thumbnail = Thumbnail.objects.get()
    expected = f"{s3_endpoint}/{BUCKET}/{key_of(s3_media, thumbnail.image.name)}"
    assert (first.status_code, first["Location"]) == (302, expected)
    assert (second.status_code, second["Location"]) == (302, expected)
    assert thumbnail_url(source, 512, "WEBP", build_absolute=refuse_relative) == expected


@pytest.mark.django_db
@pytest.mark.urls("tests.shop.thumbnail.urls")
def test_thumbnail_view_of_source_missing_from_bucket_is_not_found(s3_media, client):
    build_absolute = RequestFactory().get("/").build_absolute_uri

    response = client.get(
        thumbnail_url("products/gone.jpg", 256, "WEBP", build_absolute=build_absolute)
    )

    assert response.status_code == 404
    assert not Thumbnail.objects.exists()


# --- Settings from the environment -------------------------------------------

PRINT_STORAGES = "import json; from shop.settings import base; print(json.dumps(base.STORAGES))"

SAVE_THROUGH_DEFAULT_STORAGE = """
import django
django.setup()
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
print(type(storages["default"]).__name__)
print(default_storage.save("probes/hello.txt", ContentFile(b"hello")))
print(default_storage.url("probes/hello.txt"))
"""


def clean_env(**values: str) -> dict[str, str]:
    env = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "")}
    env.update(values)
    return env


def run_python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("env", "backend"),
    [
        ({"AWS_STORAGE_BUCKET_NAME": "shop-media"}, "storages.backends.s3.S3Storage"),
        ({}, "django.core.files.storage.FileSystemStorage"),
    ],
)
def test_base_settings_switch_media_to_s3_when_a_bucket_is_named(env, backend):
    result = run_python(PRINT_STORAGES, clean_env(**env))

    assert result.returncode == 0, result.stderr
    storages = json.loads(result.stdout)
    assert storages["default"]["BACKEND"] == backend
    assert storages["staticfiles"]["BACKEND"].startswith("django.contrib.staticfiles")


def test_production_settings_reach_the_bucket_from_environment_alone(s3_endpoint, s3):
    from shop.core.embedded import postgres_url

    env = clean_env(
        DJANGO_SETTINGS_MODULE="shop.settings.production",
        SECRET_KEY="x" * 64,
        ALLOWED_HOSTS="shop.example.com",
        DATABASE_URL=os.environ.get("DATABASE_URL") or postgres_url(),
        REDIS_URL="redis://127.0.0.1:6379/0",
        AWS_STORAGE_BUCKET_NAME=BUCKET,
        AWS_S3_ENDPOINT_URL=s3_endpoint,
        AWS_S3_REGION_NAME=REGION,
        AWS_S3_ADDRESSING_STYLE="path",
        AWS_LOCATION="production-probe",
        # Credentials only as boto3 reads them in a pod: environment, not settings.
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
    )

    result = run_python(SAVE_THROUGH_DEFAULT_STORAGE, env)

    assert result.returncode == 0, result.stderr
    backend, name, url = result.stdout.split()
    assert backend == "S3Storage"
    head = s3.head_object(Bucket=BUCKET, Key=f"production-probe/{name}")
    assert head["ContentLength"] == len(b"hello")
    assert head["CacheControl"] == "max-age=86400"
    assert url == f"{s3_endpoint}/{BUCKET}/production-probe/{name}"
