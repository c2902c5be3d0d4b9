"""Sentry and OpenTelemetry, both optional and switched on by environment variables.

Fork safety.  gunicorn loads the application in its master (``preload_app``)
and Celery's prefork pool forks its children from the main process, so
``setup()`` runs before the fork.  Neither SDK may then carry a thread or a
socket across it:

* Sentry's transport starts its sending thread lazily and again in any process
  whose pid differs from the one that started it; the master sends nothing.
* The OpenTelemetry span processor here, ``PerProcessSpanProcessor``, builds its
  ``BatchSpanProcessor`` and OTLP exporter (thread and HTTP session) in the
  process that uses it: first use, or ``start_exporter()`` called by gunicorn's
  ``post_fork`` hook and Celery's ``worker_process_init``.  A child never uses the
  parent's exporter.  Instrumentations (patched functions, Django middleware,
  Celery signal receivers) are plain code and are inherited by the fork.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import re
import threading

_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_processor = None  # the PerProcessSpanProcessor once OpenTelemetry is on


# --- Sentry -------------------------------------------------------------------


def _scrub(value):
    """E-mail addresses masked everywhere in an event (messages, breadcrumbs, extras)."""
    if isinstance(value, str):
        return _EMAIL.sub("[email]", value)
    if isinstance(value, dict):
        return {key: _scrub(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_scrub(item) for item in value]
    return value


def scrub_event(event, hint):
    """Before an event leaves: e-mail addresses masked, the request id added as a tag (to find its logs)."""
    from .context import current_request_id

    event = _scrub(event)
    if request_id := current_request_id():
        event.setdefault("tags", {})["request_id"] = request_id
    return event


def traces_sampler(rate: float):
    """Sentry's sampling of performance traces: probes never, other work at ``rate``."""

    def sample(context) -> float:
        environ = context.get("wsgi_environ") or {}
        scope = context.get("asgi_scope") or {}
        if (environ.get("PATH_INFO") or scope.get("path") or "").startswith("/health/"):
            return 0.0
        parent = context.get("parent_sampled")
        return float(parent) if parent is not None else rate

    return sample


def sentry_init() -> None:
    """Errors (and optionally a sample of traces) to Sentry, without personal data.

    ``send_default_pii=False`` drops cookies, users' details and IP addresses;
    request bodies (passwords, addresses in GraphQL variables) and frames' local
    variables are never sent, and e-mail addresses left in messages are masked.
    """
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=os.environ["SENTRY_DSN"].strip(),
        integrations=[DjangoIntegration(), CeleryIntegration()],
        environment=os.environ.get("SENTRY_ENVIRONMENT") or "production",
        release=os.environ.get("SENTRY_RELEASE") or os.environ.get("APP_VERSION") or None,
        traces_sampler=traces_sampler(float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE") or 0)),
        send_default_pii=False,
        max_request_body_size="never",
        include_local_variables=False,
        before_send=scrub_event,
        before_send_transaction=scrub_event,
    )


# --- OpenTelemetry ------------------------------------------------------------


def otel_enabled() -> bool:
    if os.environ.get("OTEL_SDK_DISABLED", "").strip().lower() == "true":
        return False
    return bool(
        os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT", "").strip()
        or os.environ.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "").strip()
        or os.environ.get("OTEL_TRACES_EXPORTER", "").strip().lower() == "otlp"
    )


def _batch_processor():
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    # Endpoint, headers, timeout, compression and batching from the standard OTEL_* variables.
    return BatchSpanProcessor(OTLPSpanExporter())


def _per_process_processor_class():
    from opentelemetry.sdk.trace import SpanProcessor

    class PerProcessSpanProcessor(SpanProcessor):
        """A ``BatchSpanProcessor`` of this process, made on first use in each process."""

        def __init__(self, factory):
            self._factory = factory
            self._lock = threading.Lock()
            self._pid = None
            self._delegate = None
            os.register_at_fork(after_in_child=self._reset_lock)

        def _reset_lock(self):
            self._lock = threading.Lock()  # a lock held by another thread at the fork stays held

        def current(self):
            pid = os.getpid()
            if self._pid != pid:
                with self._lock:
                    if self._pid != pid:
                        self._delegate, self._pid = self._factory(), pid
            return self._delegate

        def on_start(self, span, parent_context=None):
            self.current().on_start(span, parent_context=parent_context)

        def on_end(self, span):
            self.current().on_end(span)

        def _own(self):
            return self._delegate if self._pid == os.getpid() else None

        def shutdown(self):
            if delegate := self._own():
                delegate.shutdown()

        def force_flush(self, timeout_millis: int = 30000) -> bool:
            delegate = self._own()
            return delegate.force_flush(timeout_millis) if delegate else True

    return PerProcessSpanProcessor


def otel_init(*, service_name: str, instrument_django: bool = True) -> None:
    """A tracer provider exporting over OTLP/HTTP, and the instrumentations.

    ``OTEL_SERVICE_NAME`` overrides ``service_name``.  Health probes are not
    traced unless ``OTEL_PYTHON_DJANGO_EXCLUDED_URLS`` says otherwise.
    """
    global _processor
    from opentelemetry import trace
    from opentelemetry.instrumentation.celery import CeleryInstrumentor
    from opentelemetry.instrumentation.psycopg import PsycopgInstrumentor
    from opentelemetry.instrumentation.redis import RedisInstrumentor
    from opentelemetry.sdk.resources import SERVICE_NAME, Resource
    from opentelemetry.sdk.trace import TracerProvider

    resource = Resource.create({SERVICE_NAME: os.environ.get("OTEL_SERVICE_NAME") or service_name})
    provider = TracerProvider(resource=resource)
    _processor = _per_process_processor_class()(_batch_processor)
    provider.add_span_processor(_processor)
    trace.set_tracer_provider(provider)
    if instrument_django:
        from opentelemetry.instrumentation.django import DjangoInstrumentor

        excluded = os.environ.get("OTEL_PYTHON_DJANGO_EXCLUDED_URLS") or "/health/live,/health/ready"
        DjangoInstrumentor().instrument(excluded_urls=excluded)
        _health_probes_first()
        if importlib.util.find_spec("opentelemetry.instrumentation.asgi") is None:
            logging.getLogger(__name__).warning(
                "opentelemetry-instrumentation-asgi is not installed: requests served over ASGI get no span."
            )
    CeleryInstrumentor().instrument()
    PsycopgInstrumentor().instrument()
    RedisInstrumentor().instrument()


def _health_probes_first() -> None:
    """Put the probes' middleware back in front of the one DjangoInstrumentor inserted first.

    That middleware builds the request's absolute URL, which checks the Host header:
    probes, sent to the pod's IP, would get 400.
    """
    from django.conf import settings

    health = "shop.core.observability.health.HealthCheckMiddleware"
    middleware = list(settings.MIDDLEWARE)
    if health in middleware:
        middleware.remove(health)
        settings.MIDDLEWARE = [health, *middleware]


def start_exporter() -> None:
    """Build this process's exporter and its thread now rather than at the first span."""
    if _processor is not None:
        _processor.current()
