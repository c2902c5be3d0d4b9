"""Sentry and OpenTelemetry, switched on by environment variables, send to a local HTTP server.

Each case runs in a fresh Python process (both SDKs keep global state), whose Django
serves a tiny URLconf through the project's middleware; the test's own HTTP server on
127.0.0.1 stands in for Sentry and for an OTLP collector (the network edge).
"""

from __future__ import annotations

import functools
import gzip
import json
import os
import subprocess
import sys
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.db import connection
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

from shop.core.observability.tracing import traces_sampler

ROOT = Path(__file__).resolve().parents[3]
EMAIL = "malee.srisuk@example.com"
PASSWORD = "Mudmee-secret-2026"
COOKIE = "session-cookie-secret-1"

APP = r'''
import json, sys
import django
django.setup()
from django.conf import settings
from django.http import HttpResponse
from django.test import Client
from django.urls import path

from shop.core import observability


class CheckoutExploded(Exception):
    pass


def ping(request):
    return HttpResponse("pong")


def boom(request):
    email, password = EMAIL, PASSWORD  # locals a frame would show
    raise CheckoutExploded(f"payment failed for {email}")


urlpatterns = [path("ping/", ping), path("boom/", boom)]
settings.ROOT_URLCONF = __name__
observability.setup(service_name="homenet-web")

client = Client(raise_request_exception=False)
assert client.get("/ping/").status_code == 200
assert client.get("/health/live", HTTP_HOST="10.1.2.3").status_code == 200  # a Host not allowed
assert client.get("/health/ready", HTTP_HOST="10.1.2.3").status_code == 200
client.cookies["sessionid"] = COOKIE
response = client.post("/boom/?email=" + EMAIL, {"email": EMAIL, "password": PASSWORD},
                       HTTP_AUTHORIZATION="Bearer " + PASSWORD, HTTP_X_REQUEST_ID="sentry-request-0001")
assert response.status_code == 500

state = {
    "sentry_imported": "sentry_sdk" in sys.modules,
    "otel_middleware": [name for name in settings.MIDDLEWARE if "opentelemetry" in name],
}
if state["sentry_imported"]:
    import sentry_sdk
    state["sentry_active"] = sentry_sdk.get_client().is_active()
    sentry_sdk.flush(timeout=10)
from opentelemetry import trace
provider = trace.get_tracer_provider()
state["tracer_provider"] = type(provider).__name__
if hasattr(provider, "force_flush"):
    provider.force_flush(10000)
print(json.dumps(state))
'''.replace("EMAIL", repr(EMAIL)).replace("PASSWORD", repr(PASSWORD)).replace("COOKIE", repr(COOKIE))


class Collector:
    """An HTTP server recording what is POSTed to it."""

    def __init__(self):
        received = self.received = []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                encoding = self.headers.get("Content-Encoding", "")
                if encoding == "gzip":
                    body = gzip.decompress(body)
                elif encoding == "deflate":
                    body = zlib.decompress(body)
                elif encoding == "br":
                    import brotli

                    body = brotli.decompress(body)
                received.append((self.path, body))
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def bodies(self, path: str) -> list[bytes]:
        return [body for received_path, body in self.received if received_path == path]


@pytest.fixture
def collector():
    server = Collector()
    yield server
    server.server.shutdown()
    server.server.server_close()


@pytest.fixture
def run_app(db):
    """Runs APP in a new process against the test database; returns what it printed."""
    settings_dict = connection.settings_dict
    database_url = (f"postgres://{settings_dict['USER']}:{settings_dict.get('PASSWORD') or ''}"
                    f"@{settings_dict['HOST']}:{settings_dict['PORT']}/{settings_dict['NAME']}")
    return functools.partial(_run_app, DATABASE_URL=database_url)


def _run_app(**env_vars: str) -> dict:
    env = {name: value for name, value in os.environ.items() if not name.startswith(("SENTRY_", "OTEL_"))}
    env.update({"DJANGO_SETTINGS_MODULE": "shop.settings.test", "PYTHONPATH": str(ROOT), **env_vars})
    result = subprocess.run([sys.executable, "-c", APP], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_an_error_reaches_sentry_without_personal_data(collector, run_app):
    state = run_app(SENTRY_DSN=f"http://publickey@127.0.0.1:{collector.port}/1", SENTRY_ENVIRONMENT="staging")

    assert state["sentry_active"] is True
    envelopes = collector.bodies("/api/1/envelope/")
    assert envelopes, collector.received
    sent = b"\n".join(envelopes).decode()
    assert "CheckoutExploded" in sent
    assert '"environment":"staging"' in sent.replace(" ", "")
    assert '"request_id":"sentry-request-0001"' in sent.replace(" ", "")  # its log lines can be found
    for secret in (EMAIL, PASSWORD, COOKIE, "malee.srisuk"):
        assert secret not in sent


def test_a_request_span_reaches_the_otlp_collector(collector, run_app):
    state = run_app(OTEL_EXPORTER_OTLP_ENDPOINT=f"http://127.0.0.1:{collector.port}", OTEL_BSP_SCHEDULE_DELAY="100")

    assert state["tracer_provider"] == "TracerProvider"
    assert state["otel_middleware"]
    exports = [ExportTraceServiceRequest.FromString(body) for body in collector.bodies("/v1/traces")]
    assert exports, collector.received
    spans, services = [], set()
    for export in exports:
        for resource_spans in export.resource_spans:
            services |= {attr.value.string_value for attr in resource_spans.resource.attributes
                         if attr.key == "service.name"}
            spans += [span for scope in resource_spans.scope_spans for span in scope.spans]
    # Only the two requests: probes are not traced, nor are their database, Redis and broker calls.
    assert {span.name for span in spans} == {"GET ping/", "POST boom/"}
    assert services == {"homenet-web"}
    assert PASSWORD.encode() not in b"".join(collector.bodies("/v1/traces"))


def test_without_the_variables_neither_sdk_is_set_up(run_app):
    state = run_app()

    assert state["sentry_imported"] is False
    # (redis-py imports parts of the OpenTelemetry SDK itself: whether it is loaded says nothing.)
    assert state["tracer_provider"] == "ProxyTracerProvider"
    assert state["otel_middleware"] == []


def test_sentry_samples_no_probe_and_follows_the_callers_decision():
    sample = traces_sampler(0.25)

    assert sample({"wsgi_environ": {"PATH_INFO": "/health/ready"}}) == 0.0
    assert sample({"asgi_scope": {"path": "/health/live/"}}) == 0.0
    assert sample({"asgi_scope": {"path": "/graphql/"}}) == 0.25
    assert sample({"asgi_scope": {"path": "/graphql/"}, "parent_sampled": True}) == 1.0
    assert sample({"celery_job": {"task": "shop.core.tasks.dispatch_event_task"}}) == 0.25
