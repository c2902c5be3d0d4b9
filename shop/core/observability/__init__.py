"""Observability: health probes, structured logs with request ids, Sentry, OpenTelemetry.

``setup()`` turns on what the environment asks for, once per process:

* ``SENTRY_DSN`` set: Sentry's SDK with its Django and Celery integrations.
* ``OTEL_EXPORTER_OTLP_ENDPOINT`` (or ``OTEL_EXPORTER_OTLP_TRACES_ENDPOINT``, or
  ``OTEL_TRACES_EXPORTER=otlp``) set: OpenTelemetry traces over OTLP/HTTP from
  Django, Celery, psycopg and redis.

Nothing of either is imported otherwise.  Called from ``shop.wsgi`` and
``shop.asgi`` before Django's handler is built (the Django instrumentation adds
a middleware), and from Celery's ``worker_init`` / ``beat_init``.  Exporters
start per process (``after_fork``): see ``tracing``.
"""

from __future__ import annotations

import os
import threading

_lock = threading.Lock()
_done = False


def setup(*, service_name: str = "homenet-web", instrument_django: bool = True) -> None:
    """Initialise Sentry and OpenTelemetry from the environment; later calls do nothing."""
    global _done
    with _lock:
        if _done:
            return
        _done = True
    if os.environ.get("SENTRY_DSN", "").strip():
        from .tracing import sentry_init

        sentry_init()
    from .tracing import otel_enabled  # no OpenTelemetry import in this module

    if otel_enabled():
        from .tracing import otel_init

        otel_init(service_name=service_name, instrument_django=instrument_django)


def after_fork() -> None:
    """Start this process's span exporter now (gunicorn ``post_fork``, Celery ``worker_process_init``)."""
    from .tracing import start_exporter

    start_exporter()
