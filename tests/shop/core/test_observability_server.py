"""The production web server over real HTTP: gunicorn with a uvicorn worker, production settings.

Probes are answered for a Host the site does not serve (Kubernetes sends the pod's IP),
every dependency is ready, requests are logged as JSON with their id, probes are not,
and SIGTERM stops the server cleanly within its graceful timeout.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from email.message import Message
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.fakes.otlp_collector import OtlpCollector

ROOT = Path(__file__).resolve().parents[3]
GRACEFUL_TIMEOUT = 10


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(port: int, path: str, host: str, **headers) -> tuple[int, Message, bytes]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Host": host, **headers})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def post_json(port: int, path: str, host: str, body: dict, **headers) -> tuple[int, Message, bytes]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", data=json.dumps(body).encode(), method="POST",
        headers={"Host": host, "Content-Type": "application/json", **headers},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.headers, response.read()


def database_url() -> str:
    """The test database on the server the tests use (embedded unless DATABASE_URL says otherwise)."""
    db = connection.settings_dict
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{credentials}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@contextlib.contextmanager
def running_server(tmp_path: Path, **extra_env: str):
    """gunicorn as the container runs it, on a free port; killed whatever happens."""
    port = free_port()
    log = tmp_path / "gunicorn.log"
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", ""),
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "shop.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "shop.example",
        "DATABASE_URL": database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "SECURE_SSL_REDIRECT": "false",
        "WEB_CONCURRENCY": "1",
        "PORT": str(port),
        "GUNICORN_GRACEFUL_TIMEOUT": str(GRACEFUL_TIMEOUT),
        "MEDIA_ROOT": str(tmp_path / "media"),
        **extra_env,
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py"],
        cwd=ROOT, env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT, start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, f"gunicorn exited: {log.read_text()[-3000:]}"
            assert time.monotonic() < deadline, f"gunicorn did not answer: {log.read_text()[-3000:]}"
            with contextlib.suppress(OSError):
                if get(port, "/health/live", "10.1.2.3")[0] == 200:
                    break
            time.sleep(0.2)
        yield process, port, log
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


@pytest.fixture
def server(db, tmp_path):
    with running_server(tmp_path) as running:
        yield running


def test_production_server_answers_probes_for_any_host_and_stops_cleanly(server):
    process, port, log = server

    live_status, live_headers, live_body = get(port, "/health/live", "10.1.2.3")
    ready_status, ready_headers, ready_body = get(port, "/health/ready/", "10.1.2.3")
    refused_status, _, _ = get(port, "/graphql/", "10.1.2.3")
    api_status, api_headers, _ = post_json(port, "/graphql/", "shop.example", {"query": "{ __typename }"},
                                           **{"X-Request-ID": "gunicorn-test-0001"})

    assert live_status == 200 and json.loads(live_body) == {"status": "ok"}
    assert live_headers["Cache-Control"] == "no-store"
    ready = json.loads(ready_body)
    assert ready_status == 200, ready
    assert ready["status"] == "ok"
    assert {name for name, check in ready["checks"].items() if check["ok"]} == {
        "database", "redis", "storage", "broker"}
    assert not [check for check in ready["checks"].values() if check.get("skipped")]
    assert refused_status == 400  # the Host is checked everywhere else
    assert api_status == 200 and api_headers["X-Request-ID"] == "gunicorn-test-0001"

    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=GRACEFUL_TIMEOUT + 10) == 0

    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    requests = [line for line in lines if line["logger"] == "shop.request"]
    assert [(line["path"], line["request_id"]) for line in requests if line["status"] == 200] == [
        ("/graphql/", "gunicorn-test-0001")]
    assert not [line for line in lines if "/health/" in line["message"]]
    # gunicorn's own lines after start-up are JSON too.
    assert "Shutting down: Master" in [line["message"] for line in lines if line["logger"] == "gunicorn.error"]


def spans_of_one_request(tmp_path: Path) -> tuple[set[str], Path]:
    """Span names exported by a gunicorn worker (forked from the master that loaded the app) for one request."""
    collector = OtlpCollector()
    try:
        with running_server(tmp_path, OTEL_EXPORTER_OTLP_ENDPOINT=collector.url,
                            OTEL_BSP_SCHEDULE_DELAY="100") as (process, port, log):
            assert get(port, "/health/ready", "10.1.2.3")[0] == 200
            status, _, _ = post_json(port, "/graphql/", "shop.example",
                                     {"query": '{ products(first: 1, channel: "default-channel") { totalCount } }'})
            assert status == 200
            deadline = time.monotonic() + 30
            while not collector.span_names() and time.monotonic() < deadline:
                time.sleep(0.2)
            process.send_signal(signal.SIGTERM)  # the worker flushes what it still holds on the way out
            assert process.wait(timeout=GRACEFUL_TIMEOUT + 10) == 0
    finally:
        collector.shutdown()
        collector.server_close()
    return collector.span_names(), log


def test_a_forked_gunicorn_worker_exports_its_spans(db, tmp_path):
    names, log = spans_of_one_request(tmp_path)

    assert "SELECT" in names, (names, log.read_text()[-3000:])
    assert not [name for name in names if "health" in name]


def test_requests_served_over_asgi_get_a_span(db, tmp_path):
    pytest.importorskip("opentelemetry.instrumentation.asgi", reason="Django's ASGI request spans need it")

    names, log = spans_of_one_request(tmp_path)

    assert "POST graphql/" in names, (names, log.read_text()[-3000:])
    assert not [name for name in names if "health" in name]


@pytest.mark.parametrize(
    ("env", "pooled"),
    [({}, True), ({"DB_POOL_MAX_SIZE": "0", "DB_CONN_MAX_AGE": "60"}, False)],
    ids=["the server's pool", "per-thread persistent connections"],
)
def test_the_web_server_holds_no_more_database_connections_than_its_pool(db, tmp_path, env, pooled):
    """Under ASGI every request runs in a thread of its own: Django's per-thread persistent
    connections pile up (the second case shows it), the pool of deploy/gunicorn.conf.py does not."""
    name = f"homenet-pool-test-{secrets.token_hex(4)}"
    url = f"{database_url()}?application_name={name}"
    with running_server(tmp_path, DATABASE_URL=url, **env) as (_, port, _):
        def burst(_):
            for _ in range(4):
                status, _, body = post_json(port, "/graphql/", "shop.example", {"query": "{ shop { name } }"})
                assert status == 200 and b'"errors"' not in body, body
        with ThreadPoolExecutor(max_workers=16) as pool:
            list(pool.map(burst, range(16)))
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = %s", [name])
            (connections,) = cursor.fetchone()
    if pooled:
        assert 1 <= connections <= 4
    else:
        assert connections > 4


def test_the_production_server_serves_collected_static_files(db, tmp_path):
    """As the image does: collectstatic at build (hashed, compressed), WhiteNoise in the web process."""
    static_root = tmp_path / "static"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "shop.settings.production", "SECRET_KEY": "build-only",
           "ALLOWED_HOSTS": "build.invalid", "DATABASE_URL": database_url(), "REDIS_URL": settings.REDIS_URL,
           "STATIC_ROOT": str(static_root)}
    collect = subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
                             cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
    assert collect.returncode == 0, collect.stderr
    manifest = json.loads((static_root / "staticfiles.json").read_text())["paths"]
    hashed = manifest["admin/css/base.css"]

    with running_server(tmp_path, STATIC_ROOT=str(static_root)) as (_, port, _):
        status, headers, body = get(port, f"/static/{hashed}", "shop.example", **{"Accept-Encoding": "gzip"})
        plain_status, _, _ = get(port, "/static/admin/css/base.css", "shop.example")

    assert status == 200 and plain_status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "immutable" in headers["Cache-Control"]  # hashed names are cached for good
    assert body[:2] == b"\x1f\x8b"
