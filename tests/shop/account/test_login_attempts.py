"""Login failure counting: windows per e-mail and per IP, judged by our clock."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from shop.account.login_attempts import (
    login_delayed_until,
    login_failure_record,
    login_success_record,
)


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.LOGIN_FAILURES_PER_EMAIL = 3
    settings.LOGIN_FAILURES_PER_IP = 5
    settings.LOGIN_FAILURE_WINDOW_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


def test_delay_starts_at_the_limit_and_ends_with_the_window_of_the_first_failure():
    start = timezone.now()
    for n in range(3):
        assert login_delayed_until(email="a@example.com", ip=None, now=start) is None
        login_failure_record(email="a@example.com", ip=None, now=start + datetime.timedelta(seconds=n))

    until = login_delayed_until(email="A@Example.com ", ip=None, now=start + datetime.timedelta(seconds=10))

    assert abs((until - (start + datetime.timedelta(seconds=600))).total_seconds()) < 0.001
    assert login_delayed_until(email="a@example.com", ip=None, now=start + datetime.timedelta(seconds=600)) is None


def test_failures_in_an_old_window_do_not_count():
    start = timezone.now()
    for _ in range(2):
        login_failure_record(email="a@example.com", ip=None, now=start)
    later = start + datetime.timedelta(seconds=601)
    login_failure_record(email="a@example.com", ip=None, now=later)

    assert login_delayed_until(email="a@example.com", ip=None, now=later) is None


def test_ip_limit_counts_failures_for_every_email():
    now = timezone.now()
    for n in range(5):
        login_failure_record(email=f"u{n}@example.com", ip="203.0.113.1", now=now)

    assert login_delayed_until(email="fresh@example.com", ip="203.0.113.1", now=now) is not None
    assert login_delayed_until(email="fresh@example.com", ip="203.0.113.2", now=now) is None


def test_success_clears_the_email_count_but_not_the_ip_count():
    now = timezone.now()
    for _ in range(5):
        login_failure_record(email="a@example.com", ip="203.0.113.1", now=now)

    login_success_record(email="a@example.com")

    assert login_delayed_until(email="a@example.com", ip="198.51.100.1", now=now) is None
    assert login_delayed_until(email="a@example.com", ip="203.0.113.1", now=now) is not None


def test_cache_keys_do_not_contain_the_address():
    login_failure_record(email="secret@example.com", ip="203.0.113.1", now=timezone.now())

    keys = list(cache._cache.keys())
    assert keys and not any("secret" in key or "203.0.113.1" in key for key in keys)
