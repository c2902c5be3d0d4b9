import threading

import pytest

from shop.thumbnail import utils
from shop.thumbnail.models import Thumbnail
from tests.concurrency import run_at_once
from tests.shop.thumbnail.images import image_bytes, store


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_requests_leave_one_thumbnail_and_one_file(monkeypatch, settings):
    source = store("products/pot.jpg", image_bytes((900, 600)))
    # Both threads must have passed the "already made?" lookup before either inserts.
    both_rendered = threading.Barrier(2, timeout=30)
    real_render = utils.render_thumbnail

    def render_then_wait(*args):
        rendered = real_render(*args)
        both_rendered.wait()
        return rendered

    monkeypatch.setattr(utils, "render_thumbnail", render_then_wait)

    results = run_at_once([lambda: utils.make_thumbnail(source, 256, "WEBP")] * 2)

    assert [r for r in results if isinstance(r, Exception)] == []
    assert len({thumbnail.pk for thumbnail in results}) == 1
    assert Thumbnail.objects.count() == 1
    files = [path for path in (settings.MEDIA_ROOT / "thumbnails").rglob("*") if path.is_file()]
    assert [str(path.relative_to(settings.MEDIA_ROOT)) for path in files] == [results[0].image.name]
