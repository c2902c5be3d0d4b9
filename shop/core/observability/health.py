"""Health probes: ``/health/live`` and ``/health/ready``, answered by the first middleware.

* live: the process answers; nothing else is looked at.
* ready: the database (SELECT 1), Redis (PING), media storage (a read) and
  Celery's broker (a connection) each answer within ``CHECK_TIMEOUT``.  Workers
  are not asked: a web process can serve while workers restart.

The middleware sits before SecurityMiddleware, so probes are answered whatever
the Host header is (Kubernetes sends the pod's IP), over plain HTTP, without a
session, CSRF or authentication, and are not logged at INFO.
"""

from __future__ import annotations

import contextlib
import logging
import re
import sys
import threading
import time
from collections.abc import Callable
from urllib.parse import urlsplit

from asgiref.sync import iscoroutinefunction, markcoroutinefunction, sync_to_async
from django.conf import settings
from django.http import HttpResponseNotAllowed, JsonResponse

logger = logging.getLogger(__name__)

LIVE_PATHS = frozenset({"/health/live", "/health/live/"})
READY_PATHS = frozenset({"/health/ready", "/health/ready/"})
# Seconds one check may take; checks run side by side, so a probe takes about this long at most.
CHECK_TIMEOUT = 2.0
PROBE_DEADLINE = 3.0
STORAGE_PROBE_NAME = "health-check"
_CREDENTIALS_IN_URL = re.compile(r"(?P<scheme>[a-z][a-z0-9+.-]*://)[^/@\s]*@", re.IGNORECASE)


def check_database() -> dict:
    """SELECT 1 on a new connection to the default database (closed again)."""
    from django.db import connections

    default = connections["default"]
    options = {**default.settings_dict.get("OPTIONS", {}), "connect_timeout": int(CHECK_TIMEOUT)}
    probe = type(default)({**default.settings_dict, "OPTIONS": options}, "default")
    try:
        with probe.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    finally:
        probe.close()
    return {}


def check_redis() -> dict:
    import redis

    if not settings.REDIS_URL:
        return {"skipped": "not configured"}
    client = redis.Redis.from_url(
        settings.REDIS_URL, socket_connect_timeout=CHECK_TIMEOUT, socket_timeout=CHECK_TIMEOUT
    )
    try:
        client.ping()
    finally:
        client.close()
    return {}


def check_storage() -> dict:
    """A read, never a write: a probe every few seconds must not fill a bucket."""
    from django.core.files.storage import default_storage

    default_storage.exists(STORAGE_PROBE_NAME)
    return {}


def check_broker() -> dict:
    from shop.celery import app

    if not settings.CELERY_BROKER_URL:
        return {"skipped": "not configured"}
    with app.connection_for_write(settings.CELERY_BROKER_URL, connect_timeout=CHECK_TIMEOUT) as connection:
        connection.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=CHECK_TIMEOUT)
    return {}


CHECKS: dict[str, Callable[[], dict]] = {
    "database": check_database,
    "redis": check_redis,
    "storage": check_storage,
    "broker": check_broker,
}


def _secrets() -> list[str]:
    urls = [settings.REDIS_URL, settings.CELERY_BROKER_URL, getattr(settings, "CELERY_RESULT_BACKEND", "")]
    found = [urlsplit(url).password for url in urls if url]
    found.append(settings.DATABASES["default"].get("PASSWORD"))
    return [secret for secret in found if secret]


def describe_error(exc: BaseException) -> str:
    """Exception class and message, with credentials in URLs and known passwords masked."""
    text = _CREDENTIALS_IN_URL.sub(r"\g<scheme>***@", f"{type(exc).__name__}: {exc}")
    for secret in _secrets():
        text = text.replace(secret, "***")
    return text.strip()[:300]


def _untraced():
    """Probes make no spans (a root span for each database / Redis call every few seconds)."""
    if "opentelemetry.instrumentation.utils" not in sys.modules:  # tracing is off
        return contextlib.nullcontext()
    from opentelemetry.instrumentation.utils import suppress_instrumentation

    return suppress_instrumentation()


def _run(name: str, check: Callable[[], dict], results: dict) -> None:
    started = time.perf_counter()
    try:
        with _untraced():
            result = {"ok": True, **check()}
    except Exception as exc:  # a probe reports every failure, it never raises
        result = {"ok": False, "error": describe_error(exc)}
    result["ms"] = round((time.perf_counter() - started) * 1000, 1)
    results[name] = result


def readiness_report() -> dict:
    """Run every check at once, each in its own daemon thread, and wait at most PROBE_DEADLINE.

    Daemon threads: a check stuck in a library without a timeout neither holds
    the probe nor keeps the process from exiting.
    """
    results: dict[str, dict] = {}
    threads = [
        threading.Thread(target=_run, args=(name, check, results), daemon=True, name=f"health-{name}")
        for name, check in CHECKS.items()
    ]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + PROBE_DEADLINE
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    checks = {
        name: results.get(name) or {"ok": False, "error": f"no answer within {PROBE_DEADLINE:g} s"}
        for name in CHECKS
    }
    return {"status": "ok" if all(check["ok"] for check in checks.values()) else "fail", "checks": checks}


def _json(body: dict, status: int = 200) -> JsonResponse:
    response = JsonResponse(body, status=status)
    response["Cache-Control"] = "no-store"
    return response


def live_response() -> JsonResponse:
    return _json({"status": "ok"})


def ready_response() -> JsonResponse:
    report = readiness_report()
    if report["status"] == "ok":
        logger.debug("ready", extra={"checks": report["checks"]})
        return _json(report)
    failed = sorted(name for name, check in report["checks"].items() if not check["ok"])
    logger.warning("Not ready: %s", ", ".join(failed), extra={"checks": report["checks"]})
    response = _json(report, status=503)
    response._has_been_logged = True  # logged above, with the reason; not again by Django
    return response


class HealthCheckMiddleware:
    """Answers the two probe paths itself; every other request goes on unchanged."""

    sync_capable = True
    async_capable = True

    def __init__(self, get_response):
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)

    def __call__(self, request):
        if self.is_async:
            return self.__acall__(request)
        path = request.path_info
        if path in LIVE_PATHS or path in READY_PATHS:
            return _refused(request) or (live_response() if path in LIVE_PATHS else ready_response())
        return self.get_response(request)

    async def __acall__(self, request):
        path = request.path_info
        if path in LIVE_PATHS or path in READY_PATHS:
            if refused := _refused(request):
                return refused
            if path in LIVE_PATHS:
                return live_response()
            # The checks block (sockets, threads): off the event loop, outside Django's sync thread.
            return await sync_to_async(ready_response, thread_sensitive=False)()
        return await self.get_response(request)


def _refused(request):
    if request.method in ("GET", "HEAD"):
        return None
    response = HttpResponseNotAllowed(["GET", "HEAD"])
    response._has_been_logged = True
    return response
