import pytest


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Each test writes media into its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
