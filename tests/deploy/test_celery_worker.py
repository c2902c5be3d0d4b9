"""A real Celery worker on the embedded Redis: graceful stop, and redelivery after a kill.

The worker runs as its own process with the project's Celery configuration
(acks_late, reject_on_worker_lost, prefetch 1) on a queue of its own in Redis
database 12, so nothing else consumes the test's messages.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from tests.celery_worker import CeleryWorker, forget_queue, redis_db_url, send, wait_for

TASK = "tests.deploy.slow_marked_task"
BROKER_URL = redis_db_url(12)


def start_worker(queue: str, log: Path) -> CeleryWorker:
    return CeleryWorker(queue=queue, broker_url=BROKER_URL, include="tests.deploy.worker_tasks", log=log,
                        settings_module="tests.deploy.worker_settings")


@pytest.fixture
def queue():
    name = f"test-{uuid.uuid4().hex[:10]}"
    yield name
    forget_queue(BROKER_URL, name)


def send_slow_task(queue: str, folder: Path, seconds: float) -> None:
    send(BROKER_URL, TASK, [str(folder), seconds], queue)


def read(folder: Path, name: str) -> str:
    path = folder / name
    return path.read_text() if path.exists() else ""


def test_a_stopped_worker_finishes_its_running_task_first(tmp_path, queue):
    """SIGTERM (a rolling update, scale-in) is a warm shutdown: the task in hand completes, once."""
    with start_worker(queue, tmp_path / "worker.log") as worker:
        send_slow_task(queue, tmp_path, seconds=3)
        wait_for(lambda: read(tmp_path, "started"), 60, "the task to start")
        worker.terminate()
        assert worker.wait(30) == 0, worker.log.read_text()[-3000:]
    assert read(tmp_path, "started") == "x"
    assert read(tmp_path, "finished") == "x"


def test_a_task_whose_worker_was_killed_runs_again_on_another(tmp_path, queue):
    """SIGKILL mid-task: with acks_late the message was never acknowledged, so once the
    visibility timeout passes (5 s here, 3,600 s in production: tests/deploy/worker_settings.py)
    another worker runs it."""
    log = tmp_path / "worker.log"
    with start_worker(queue, log) as first:
        send_slow_task(queue, tmp_path, seconds=30)
        wait_for(lambda: read(tmp_path, "started"), 60, "the task to start")
        first.kill()
        first.wait(10)
    assert read(tmp_path, "finished") == ""

    with start_worker(queue, log):
        # The second run sleeps 30 s again: its start is what counts.
        wait_for(lambda: read(tmp_path, "started") == "xx", 60, "the task to be delivered again")
