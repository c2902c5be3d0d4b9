"""A real Celery worker logs JSON lines with the request id of whoever queued the task,
and keeps the heartbeat file of its liveness probe fresh.

The worker is its own process (``celery -A shop worker``, prefork, one child) on the
embedded Redis, database 13, consuming a queue of its own; it loads the tasks below
with ``--include``.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from celery import shared_task

from shop.core.observability import celery_signals
from shop.core.observability.context import request_id_var
from shop.core.observability.worker_probe import heartbeat_problem
from tests.celery_worker import CeleryWorker, forget_queue, redis_db_url, send, wait_for
from tests.fakes.otlp_collector import OtlpCollector

ROOT = Path(__file__).resolve().parents[3]
FIRST_TASK = "tests.observability.worker_first_task"


@shared_task(name=FIRST_TASK)
def worker_first_task(queue: str) -> None:
    import logging

    logging.getLogger("tests.observability").info("first task ran")
    worker_second_task.apply_async(queue=queue)


@shared_task(name="tests.observability.worker_second_task")
def worker_second_task() -> None:
    import logging

    logging.getLogger("tests.observability").info("second task ran")


BROKER_URL = redis_db_url(13)


def json_lines(log: Path) -> list[dict]:
    lines = []
    for text in log.read_text(errors="replace").splitlines():
        if text.startswith("{"):
            with contextlib.suppress(json.JSONDecodeError):  # a line cut in the middle of writing
                lines.append(json.loads(text))
    return lines


def run_probe(heartbeat: Path, max_age: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "CELERY_WORKER_HEARTBEAT_FILE": str(heartbeat), "CELERY_WORKER_HEARTBEAT_MAX_AGE": max_age}
    return subprocess.run([sys.executable, "-m", "shop.core.observability.worker_probe"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=30)


@contextlib.contextmanager
def running_worker(tmp_path: Path, **extra_env: str):
    """A prefork worker (one child) on a queue of its own, logging JSON; killed whatever happens."""
    queue = f"obs-{uuid.uuid4().hex[:10]}"
    heartbeat = tmp_path / "heartbeat"
    worker = CeleryWorker(queue=queue, broker_url=BROKER_URL, include=__name__, log=tmp_path / "worker.log",
                          events=True, env={"LOG_FORMAT": "json", "CELERY_WORKER_HEARTBEAT_FILE": str(heartbeat),
                                            **extra_env})
    try:
        wait_for(lambda: heartbeat.exists() or worker.process.poll() is not None, 60, "the worker to be ready")
        assert worker.process.poll() is None, worker.log.read_text()[-3000:]
        yield worker.process, queue, worker.log, heartbeat
    finally:
        worker.ensure_gone()
        forget_queue(BROKER_URL, queue)


def publish_first_task(queue: str, request_id: str) -> None:
    """Published from where a request runs: the request id goes along in the message."""
    token = request_id_var.set(request_id)
    try:
        send(BROKER_URL, FIRST_TASK, [queue], queue)
    finally:
        request_id_var.reset(token)


@pytest.fixture
def worker(tmp_path):
    with running_worker(tmp_path) as running:
        yield running


def test_a_real_worker_logs_the_request_id_of_the_request_that_queued_the_task(worker):
    process, queue, log, heartbeat = worker

    publish_first_task(queue, "req-worker-0001")

    def task_lines():
        lines = [line for line in json_lines(log) if line.get("message") in ("first task ran", "second task ran")]
        return lines if len(lines) == 2 else None

    first, second = sorted(wait_for(task_lines, 60, "both tasks' log lines"), key=lambda line: line["message"])
    assert first["request_id"] == second["request_id"] == "req-worker-0001"
    assert first["task_name"] == FIRST_TASK
    assert second["task_name"] == "tests.observability.worker_second_task"
    assert first["task_id"] != second["task_id"]
    # Celery's own lines go through the same JSON logging, with the id while the task runs.
    succeeded = [line for line in json_lines(log)
                 if line["logger"] == "celery.app.trace" and line.get("task_id") == first["task_id"]]
    assert succeeded and succeeded[0]["request_id"] == "req-worker-0001"
    assert any(line["logger"].startswith("celery.worker") for line in json_lines(log))

    # The main process keeps its heartbeat file fresh: the liveness probe passes.
    touched = heartbeat.stat().st_mtime
    wait_for(lambda: heartbeat.stat().st_mtime > touched, 10, "a heartbeat")
    assert run_probe(heartbeat, "60").returncode == 0

    # Stopped, the file goes stale and the probe fails, saying why.
    os.killpg(process.pid, signal.SIGTERM)
    assert process.wait(timeout=30) == 0
    time.sleep(1.2)
    stale = run_probe(heartbeat, "1")
    assert stale.returncode == 1
    assert "no heartbeat" in stale.stderr


def test_a_prefork_child_exports_the_spans_of_its_tasks(tmp_path):
    collector = OtlpCollector()
    try:
        endpoint = collector.url
        with running_worker(tmp_path, OTEL_EXPORTER_OTLP_ENDPOINT=endpoint, OTEL_BSP_SCHEDULE_DELAY="100") as (
            process, queue, log, _heartbeat
        ):
            publish_first_task(queue, "req-worker-otel1")
            wait_for(lambda: f"run/{FIRST_TASK}" in collector.span_names(), 30,
                     f"the task's span (log: {log.read_text()[-2000:]})")
            os.killpg(process.pid, signal.SIGTERM)
            assert process.wait(timeout=30) == 0
    finally:
        collector.shutdown()
        collector.server_close()

    assert collector.services() == {"homenet-worker"}


# --- The probe and the heartbeat receiver ----------------------------------------


def test_the_probe_passes_on_a_fresh_heartbeat(tmp_path):
    heartbeat = tmp_path / "heartbeat"
    heartbeat.touch()

    assert heartbeat_problem(heartbeat, 60) is None
    assert run_probe(heartbeat, "60").returncode == 0


def test_the_probe_fails_on_a_stale_heartbeat(tmp_path):
    heartbeat = tmp_path / "heartbeat"
    heartbeat.touch()
    old = time.time() - 120
    os.utime(heartbeat, (old, old))

    result = run_probe(heartbeat, "60")

    assert result.returncode == 1
    assert "last touched 120 s ago" in result.stderr
    assert heartbeat_problem(heartbeat, 200) is None


def test_the_probe_fails_when_the_worker_never_became_ready(tmp_path):
    result = run_probe(tmp_path / "missing", "60")

    assert result.returncode == 1
    assert "does not exist" in result.stderr


def test_a_heartbeat_touches_the_file(tmp_path, monkeypatch):
    heartbeat = tmp_path / "heartbeat"
    monkeypatch.setenv("CELERY_WORKER_HEARTBEAT_FILE", str(heartbeat))
    heartbeat.touch()
    old = time.time() - 300
    os.utime(heartbeat, (old, old))

    celery_signals.touch_heartbeat_file(sender=None)

    assert time.time() - heartbeat.stat().st_mtime < 5
