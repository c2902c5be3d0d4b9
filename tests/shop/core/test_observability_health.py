"""Health probes: /health/live and /health/ready, answered before any other middleware."""

from __future__ import annotations

import logging
import re

import pytest
from asgiref.sync import async_to_sync
from django.db import connection
from django.test import AsyncClient, override_settings

pytestmark = pytest.mark.django_db

CLOSED_PORT_URL = "redis://:hunter2-not-for-logs@127.0.0.1:1/0"
CHECKS = {"database", "redis", "storage", "broker"}


class Records(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture
def log_records():
    handler, root = Records(), logging.getLogger()
    previous_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield handler.records
    root.removeHandler(handler)
    root.setLevel(previous_level)


@pytest.mark.parametrize("path", ["/health/live", "/health/live/"])
def test_live_answers_ok_without_looking_at_dependencies(client, path, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(path)

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize("path", ["/health/ready", "/health/ready/"])
def test_ready_reports_every_dependency_ok(client, path, settings, django_assert_num_queries):
    with django_assert_num_queries(0):  # the database check uses a connection of its own
        response = client.get(path)

    body = response.json()
    assert response.status_code == 200, body
    assert body["status"] == "ok"
    assert set(body["checks"]) == CHECKS
    for name, check in body["checks"].items():
        assert check["ok"] is True, name
        assert isinstance(check["ms"], float)
    assert response["Cache-Control"] == "no-store"
    # A read, never a write: the storage probe leaves no file behind.
    assert not settings.MEDIA_ROOT.exists() or not any(settings.MEDIA_ROOT.iterdir())


def test_ready_names_a_broker_it_cannot_reach_and_fails_with_503(client):
    with override_settings(CELERY_BROKER_URL=CLOSED_PORT_URL):
        response = client.get("/health/ready")

    body = response.json()
    assert response.status_code == 503
    assert body["status"] == "fail"
    assert body["checks"]["broker"]["ok"] is False
    assert body["checks"]["broker"]["error"]
    assert "hunter2-not-for-logs" not in response.content.decode()
    assert all(body["checks"][name]["ok"] for name in CHECKS - {"broker"})


def test_ready_names_a_redis_it_cannot_reach_without_its_password(client):
    with override_settings(REDIS_URL=CLOSED_PORT_URL):
        response = client.get("/health/ready")

    body = response.json()
    assert response.status_code == 503
    assert body["checks"]["redis"]["ok"] is False
    assert re.match(r"^\w+(Error|Exception)\b", body["checks"]["redis"]["error"])
    assert "hunter2-not-for-logs" not in response.content.decode()
    assert body["checks"]["broker"]["ok"] is True


def test_ready_fails_when_the_database_does_not_answer(client, monkeypatch):
    # The probe opens its own connection from these settings: a port nobody listens on.
    monkeypatch.setitem(connection.settings_dict, "PORT", "1")

    response = client.get("/health/ready")

    body = response.json()
    assert response.status_code == 503
    assert body["checks"]["database"]["ok"] is False
    assert "OperationalError" in body["checks"]["database"]["error"]


def test_ready_gives_up_on_a_storage_that_does_not_answer_within_the_deadline(client):
    unreachable_s3 = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": "media", "endpoint_url": "http://127.0.0.1:1",
            "access_key": "test", "secret_key": "test-secret", "region_name": "ap-southeast-1",
        },
    }
    with override_settings(STORAGES={"default": unreachable_s3, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}):
        response = client.get("/health/ready")

    body = response.json()
    assert response.status_code == 503
    assert body["checks"]["storage"]["ok"] is False
    assert "test-secret" not in response.content.decode()
    assert body["checks"]["storage"]["ms"] <= 3500


def test_probes_answer_any_host_while_other_paths_refuse_it(client):
    with override_settings(ALLOWED_HOSTS=["shop.example"]):
        live = client.get("/health/live", HTTP_HOST="10.1.2.3")
        ready = client.get("/health/ready", HTTP_HOST="10.1.2.3")
        api = client.post("/graphql/", {"query": "{ __typename }"}, content_type="application/json",
                          HTTP_HOST="10.1.2.3")
        api_allowed = client.post("/graphql/", {"query": "{ __typename }"}, content_type="application/json",
                                  HTTP_HOST="shop.example")

    assert live.status_code == 200
    assert ready.status_code == 200
    assert api.status_code == 400
    assert api_allowed.status_code == 200


def test_probes_are_not_redirected_to_https(client):
    with override_settings(SECURE_SSL_REDIRECT=True, SECURE_REDIRECT_EXEMPT=[r"^health/"]):
        live = client.get("/health/live")
        api = client.get("/graphql/")

    assert live.status_code == 200
    assert api.status_code == 301


def test_probes_set_no_cookie_and_need_no_csrf_token(client):
    client.cookies.clear()

    response = client.get("/health/ready")

    assert response.status_code == 200
    assert not response.cookies


def test_probes_accept_only_get_and_head(client):
    assert client.head("/health/live").status_code == 200
    assert client.post("/health/live").status_code == 405


def test_probes_that_pass_are_not_logged_at_info(client, log_records):
    client.get("/health/live")
    client.get("/health/ready")

    assert [r for r in log_records if r.levelno >= logging.INFO] == []


def test_a_failing_probe_is_logged_once_as_a_warning_naming_the_check(client, log_records):
    with override_settings(CELERY_BROKER_URL=CLOSED_PORT_URL):
        client.get("/health/ready")

    logged = [r for r in log_records if r.levelno >= logging.INFO]
    assert [(r.levelname, r.getMessage()) for r in logged] == [("WARNING", "Not ready: broker")]


def test_probes_answer_under_asgi():
    client = AsyncClient()

    live = async_to_sync(client.get)("/health/live", headers={"host": "10.1.2.3"})
    ready = async_to_sync(client.get)("/health/ready", headers={"host": "10.1.2.3"})

    assert live.status_code == 200 and live.json() == {"status": "ok"}
    assert ready.status_code == 200, ready.json()
    assert ready.json()["status"] == "ok"
