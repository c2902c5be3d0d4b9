"""Request ids: in from X-Request-ID (or made), out in the response, on every log line, into tasks."""

from __future__ import annotations

import io
import json
import logging
import os
import re
import subprocess
import sys

import pytest
from asgiref.sync import async_to_sync
from celery import shared_task
from django.conf import settings
from django.test import AsyncClient

from shop.core.observability import celery_signals
from shop.core.observability.context import CELERY_HEADER, request_id_var, task_var
from shop.core.observability.logs import RequestContextFilter, json_formatter
from tests.factories.account import create_user

pytestmark = pytest.mark.django_db

QUERY_ME = """
query Me { me { id } }
"""
GENERATED_ID = re.compile(r"^[0-9a-f]{32}$")
task_logger = logging.getLogger("tests.observability")


@shared_task(name="tests.observability.log_line_task")
def log_line_task(text: str) -> None:
    task_logger.info(text)


@shared_task(name="tests.observability.queue_another_task")
def queue_another_task() -> None:
    task_logger.info("first task")
    log_line_task.delay("second task")


@pytest.fixture
def json_lines():
    """Lines written by the JSON formatter, as the console handler of production writes them."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(json_formatter())
    handler.addFilter(RequestContextFilter())
    root = logging.getLogger()
    previous_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)

    def lines() -> list[dict]:
        return [json.loads(line) for line in stream.getvalue().splitlines()]

    yield lines
    root.removeHandler(handler)
    root.setLevel(previous_level)


def request_lines(lines: list[dict]) -> list[dict]:
    return [line for line in lines if line["logger"] == "shop.request"]


def test_a_graphql_request_logs_one_json_line_with_the_clients_request_id(client, json_lines):
    response = client.post(
        "/graphql/?lang=th", {"query": QUERY_ME}, content_type="application/json",
        HTTP_X_REQUEST_ID="abc12345-test",
    )

    assert response.status_code == 200
    assert response["X-Request-ID"] == "abc12345-test"
    [line] = request_lines(json_lines())
    assert line["request_id"] == "abc12345-test"
    assert line["level"] == "INFO"
    assert line["method"] == "POST"
    assert line["path"] == "/graphql/"  # never the query string
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], float)
    assert line["user_id"] is None
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", line["timestamp"])
    assert line["message"] == "POST /graphql/ 200"


@pytest.mark.parametrize("sent", ["has spaces in it", "x" * 500, "short", "abc<script>12345"])
def test_a_request_id_that_is_not_a_plain_token_is_replaced(client, json_lines, sent):
    response = client.post("/graphql/", {"query": QUERY_ME}, content_type="application/json",
                           HTTP_X_REQUEST_ID=sent)

    assert GENERATED_ID.match(response["X-Request-ID"])
    assert request_lines(json_lines())[0]["request_id"] == response["X-Request-ID"]


def test_a_request_without_an_id_gets_a_new_one_each_time(client, json_lines):
    first = client.post("/graphql/", {"query": QUERY_ME}, content_type="application/json")
    second = client.post("/graphql/", {"query": QUERY_ME}, content_type="application/json")

    assert GENERATED_ID.match(first["X-Request-ID"]) and GENERATED_ID.match(second["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]
    assert request_id_var.get() is None  # nothing left behind after the request


def test_the_line_names_an_authenticated_user_by_id_never_by_email(client, json_lines):
    user = create_user(email="malee.srisuk@example.com")
    client.force_login(user)

    response = client.post("/graphql/", {"query": QUERY_ME}, content_type="application/json")

    assert response.json()["data"]["me"] is not None
    [line] = request_lines(json_lines())
    assert line["user_id"] == user.pk
    assert "malee.srisuk" not in json.dumps(json_lines())


def test_every_line_logged_during_a_request_carries_its_id(client, json_lines):
    # A query the view rejects logs a line of its own (or at least the request line).
    client.post("/graphql/", {"query": "{ nonsense"}, content_type="application/json",
                HTTP_X_REQUEST_ID="parse-error-1")

    lines = json_lines()
    assert lines
    assert {line["request_id"] for line in lines} == {"parse-error-1"}


def test_request_ids_work_under_asgi(json_lines):
    client = AsyncClient()

    response = async_to_sync(client.post)(
        "/graphql/", {"query": QUERY_ME}, content_type="application/json",
        headers={"X-Request-ID": "asgi-request-0001"},
    )

    assert response["X-Request-ID"] == "asgi-request-0001"
    assert request_lines(json_lines())[0]["request_id"] == "asgi-request-0001"


def test_extras_become_fields_and_records_outside_a_request_have_a_null_id(json_lines):
    logging.getLogger("shop.test").warning("Stock low", extra={"variant_id": 42})

    [line] = json_lines()
    assert line == {
        "level": "WARNING", "logger": "shop.test", "message": "Stock low", "request_id": None,
        "variant_id": 42, "timestamp": line["timestamp"],
    }


# --- Celery -------------------------------------------------------------------


def test_publishing_copies_the_current_request_id_into_the_message_headers():
    headers: dict = {}
    token = request_id_var.set("req-publish-0001")
    try:
        celery_signals.add_request_id_header(sender="some.task", headers=headers)
    finally:
        request_id_var.reset(token)

    assert headers == {CELERY_HEADER: "req-publish-0001"}


def test_publishing_outside_a_request_adds_no_header():
    headers: dict = {}

    celery_signals.add_request_id_header(sender="some.task", headers=headers)

    assert headers == {}


def test_a_task_logs_the_request_id_of_its_message_and_its_own_id(json_lines):
    result = log_line_task.apply(args=["from the header"], headers={CELERY_HEADER: "req-header-0001"})

    [line] = [line for line in json_lines() if line["message"] == "from the header"]
    assert line["request_id"] == "req-header-0001"
    assert line["task_id"] == result.id
    assert line["task_name"] == "tests.observability.log_line_task"
    # After the task the worker's context is what it was.
    assert request_id_var.get() is None and task_var.get() is None


def test_an_eager_task_queued_in_a_request_and_the_task_it_queues_log_the_request_id(json_lines):
    token = request_id_var.set("req-eager-00001")
    try:
        queue_another_task.delay()
    finally:
        request_id_var.reset(token)

    lines = {line["message"]: line for line in json_lines()}
    assert lines["first task"]["request_id"] == "req-eager-00001"
    assert lines["second task"]["request_id"] == "req-eager-00001"
    assert lines["second task"]["task_name"] == "tests.observability.log_line_task"
    assert lines["first task"]["task_id"] != lines["second task"]["task_id"]


def test_plain_format_shows_the_request_id_too():
    assert settings.LOG_FORMAT == "plain"  # development and tests
    formatter = logging.Formatter(settings.LOGGING["formatters"]["plain"]["format"])
    record = logging.LogRecord("shop.test", logging.INFO, __file__, 1, "hello", None, None)
    token = request_id_var.set("req-plain-00001")
    try:
        RequestContextFilter().filter(record)
    finally:
        request_id_var.reset(token)

    assert "INFO shop.test [req-plain-00001] hello" in formatter.format(record)


# --- Settings -------------------------------------------------------------------

PRINT_LOGGING = """
import json
from shop.settings import production as s
print(json.dumps({"format": s.LOG_FORMAT, "formatter": s.LOGGING["handlers"]["console"]["formatter"],
                  "level": s.LOGGING["root"]["level"]}))
"""


def production_logging(**env: str) -> subprocess.CompletedProcess:
    environment = {
        "PATH": os.environ.get("PATH", ""), "DJANGO_SETTINGS_MODULE": "shop.settings.production",
        "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "shop.example",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/homenet", "REDIS_URL": "redis://127.0.0.1:6379/0",
        **env,
    }
    return subprocess.run([sys.executable, "-c", PRINT_LOGGING], cwd=settings.BASE_DIR, env=environment,
                          capture_output=True, text=True, timeout=60)


def test_production_logs_json_by_default_and_plain_on_request():
    default = production_logging()
    plain = production_logging(LOG_FORMAT="plain", LOG_LEVEL="warning")

    assert json.loads(default.stdout) == {"format": "json", "formatter": "json", "level": "INFO"}
    assert json.loads(plain.stdout) == {"format": "plain", "formatter": "plain", "level": "WARNING"}


def test_production_refuses_an_unknown_log_format():
    result = production_logging(LOG_FORMAT="xml")

    assert result.returncode != 0
    assert "ImproperlyConfigured: LOG_FORMAT must be 'json' or 'plain'" in result.stderr
