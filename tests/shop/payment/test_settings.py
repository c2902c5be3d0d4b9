"""The dummy gateway never takes payments in production settings."""

import subprocess
import sys

from django.conf import settings

from tests.shop.test_settings_production import production_env


def test_dummy_gateway_is_off_in_production_even_if_the_environment_asks():
    script = ("from shop.settings import production as s; "
              "print(s.DUMMY_GATEWAY_ENABLED, repr(s.STRIPE_SECRET_KEY), s.STRIPE_API_BASE)")
    result = subprocess.run([sys.executable, "-c", script], cwd=settings.BASE_DIR, capture_output=True, text=True,
                            env=production_env(DUMMY_GATEWAY_ENABLED="true"), timeout=120)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "''", "https://api.stripe.com"]


def test_dummy_gateway_is_on_in_development_and_tests():
    assert settings.DUMMY_GATEWAY_ENABLED is True
