import pytest


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Each test writes media into its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_vat_rates():
    """Rates are cached per process; each test starts from its own database rows."""
    from shop.core.taxes import vat_rates_forget

    vat_rates_forget()
    yield
    vat_rates_forget()
