"""Production settings, imported in fresh processes with only the environment a deployment gives."""

import json
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

from shop.core.embedded import postgres_url
from shop.settings.base import database_config

BASE_DIR = settings.BASE_DIR

PRINT_SETTINGS = """
import json
from shop.settings import production as s
print(json.dumps({
    "DEBUG": s.DEBUG,
    "SESSION_COOKIE_SECURE": s.SESSION_COOKIE_SECURE,
    "CSRF_COOKIE_SECURE": s.CSRF_COOKIE_SECURE,
    "SECURE_SSL_REDIRECT": s.SECURE_SSL_REDIRECT,
    "ALLOWED_HOSTS": s.ALLOWED_HOSTS,
    "PUBLIC_URL": s.PUBLIC_URL,
    "CACHE_LOCATION": s.CACHES["default"]["LOCATION"],
    "DB_ENGINE": s.DATABASES["default"]["ENGINE"],
    "GRAPHQL_PLAYGROUND_ENABLED": s.GRAPHQL_PLAYGROUND_ENABLED,
}))
"""


def production_env(**overrides: str | None) -> dict[str, str]:
    """Only what a deployment sets: nothing leaks in from the developer's or CI's shell."""
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", ""),
        "DJANGO_SETTINGS_MODULE": "shop.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "shop.example.com",
        "DATABASE_URL": os.environ.get("DATABASE_URL") or postgres_url(),
        "REDIS_URL": "redis://127.0.0.1:6379/0",
    }
    env.update(overrides)
    return {name: value for name, value in env.items() if value is not None}


def run_python(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


def production_settings(**overrides: str | None) -> dict:
    result = run_python(["-c", PRINT_SETTINGS], production_env(**overrides))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_check_deploy_passes_without_warnings():
    result = run_python(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env()
    )

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output
    assert "W0" not in output


@pytest.mark.parametrize("name", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"])
@pytest.mark.parametrize("value", [None, "", "  "])
def test_import_fails_naming_each_missing_variable(name, value):
    result = run_python(["-c", "import shop.settings.production"], production_env(**{name: value}))

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert name in result.stderr.strip().splitlines()[-1]


def test_allowed_hosts_of_only_separators_is_missing():
    result = run_python(
        ["-c", "import shop.settings.production"], production_env(ALLOWED_HOSTS=" , ,")
    )

    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr.strip().splitlines()[-1]


def test_sqlite_database_url_is_refused_in_production():
    result = run_python(
        ["-c", "import shop.settings.production"],
        production_env(DATABASE_URL="sqlite:///tmp/shop.sqlite3"),
    )

    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert "ImproperlyConfigured" in last_line
    assert "DATABASE_URL" in last_line
    assert "PostgreSQL" in last_line


@pytest.mark.parametrize("url", ["sqlite:///tmp/shop.sqlite3", "mysql://u:p@db/shop"])
def test_database_config_refuses_anything_but_postgresql(url):
    with pytest.raises(RuntimeError, match="PostgreSQL"):
        database_config(url)


def test_production_is_secure_by_default():
    values = production_settings()

    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["GRAPHQL_PLAYGROUND_ENABLED"] is False
    assert values["DB_ENGINE"] == "django.db.backends.postgresql"


def test_public_url_defaults_to_https_on_the_first_allowed_host():
    values = production_settings(ALLOWED_HOSTS="shop.example.com, api.example.com")

    assert values["ALLOWED_HOSTS"] == ["shop.example.com", "api.example.com"]
    assert values["PUBLIC_URL"] == "https://shop.example.com"


@pytest.mark.parametrize(
    ("redis_url", "cache_location"),
    [
        ("redis://127.0.0.1:6379/0", "redis://127.0.0.1:6379/1"),
        ("redis://cache.internal:6379", "redis://cache.internal:6379/1"),
        (
            "rediss://:pw@cache.internal:6380/0?ssl_cert_reqs=required",
            "rediss://:pw@cache.internal:6380/1?ssl_cert_reqs=required",
        ),
    ],
)
def test_cache_uses_its_own_database_on_the_same_redis(redis_url, cache_location):
    assert production_settings(REDIS_URL=redis_url)["CACHE_LOCATION"] == cache_location
