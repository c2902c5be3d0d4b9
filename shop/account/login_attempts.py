"""Brute-force protection for logins: failed attempts counted per e-mail and per IP.

A window opens with the first failure of a key (an e-mail address or an IP
address) and lasts ``LOGIN_FAILURE_WINDOW_SECONDS``.  Once a key has had its
limit of failures in its window, logins for it are refused until the window
ends, without checking the password, so guessing costs the attacker the whole
window.  Unknown e-mail addresses count exactly like known ones: the delay
must not tell anyone whether an account exists.

Counters live in the cache (Redis in production, shared by every web
process).  The check and the count are not one atomic step, so a burst of
parallel guesses can pass a few over the limit; the window still stops them.
Keys hold a hash of the address, never the address itself.
"""

from __future__ import annotations

import datetime
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone


def _key(kind: str, value: str) -> str:
    digest = hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()[:32]
    return f"login-failures:{kind}:{digest}"


def _keys(email: str, ip: str | None) -> list[tuple[str, int]]:
    keys = [(_key("email", email.strip().lower()), settings.LOGIN_FAILURES_PER_EMAIL)]
    if ip:
        keys.append((_key("ip", ip), settings.LOGIN_FAILURES_PER_IP))
    return keys


def _window() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)


def _current(key: str, now: datetime.datetime) -> dict | None:
    """The key's window ``{"start": ts, "count": n}``, unless none is open."""
    entry = cache.get(key)
    if not entry or now.timestamp() - entry["start"] >= settings.LOGIN_FAILURE_WINDOW_SECONDS:
        return None
    return entry


def login_delayed_until(*, email: str, ip: str | None, now: datetime.datetime | None = None) -> datetime.datetime | None:
    """When logins for this e-mail / from this IP are allowed again, or None if they are now."""
    now = now or timezone.now()
    until = None
    for key, limit in _keys(email, ip):
        entry = _current(key, now)
        if entry and entry["count"] >= limit:
            end = datetime.datetime.fromtimestamp(entry["start"], tz=datetime.UTC) + _window()
            until = max(until, end) if until else end
    return until


def login_failure_record(*, email: str, ip: str | None, now: datetime.datetime | None = None) -> None:
    now = now or timezone.now()
    # Cache entries outlive the window a little: the window itself is judged by ``now``.
    timeout = settings.LOGIN_FAILURE_WINDOW_SECONDS + 60
    for key, _limit in _keys(email, ip):
        entry = _current(key, now) or {"start": now.timestamp(), "count": 0}
        entry["count"] += 1
        cache.set(key, entry, timeout=timeout)


def login_success_record(*, email: str) -> None:
    """A correct password clears the e-mail's count (not the IP's: an attacker
    with one real account must not be able to reset the count of an IP)."""
    cache.delete(_key("email", email.strip().lower()))
