"""A real Celery worker on the embedded Redis: graceful stop, and redelivery after a kill.

The worker runs as its own process with the project's Celery configuration
(acks_late, reject_on_worker_lost, prefetch 1) on a queue of its own in Redis
database 12, so nothing else consumes the test's messages.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis
from django.conf import settings

from shop.celery import app

ROOT = Path(__file__).resolve().parents[2]
TASK = "tests.deploy.slow_marked_task"


def broker_url() -> str:
    base = settings.REDIS_URL.rsplit("/", 1)[0]
    return f"{base}/12"


def wait_for(predicate, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out after {seconds} s waiting for {what}")


class Worker:
    def __init__(self, queue: str, log: Path):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.deploy.worker_settings",
            "REDIS_URL": broker_url(),
            "CELERY_BROKER_URL": broker_url(),
            "PYTHONPATH": str(ROOT),
        }
        self.log = log
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "shop", "worker", "--include", "tests.deploy.worker_tasks",
             "-Q", queue, "--concurrency", "1", "--without-gossip", "--without-mingle",
             "-n", f"{queue}@%h", "-l", "info"],
            cwd=ROOT, env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT, start_new_session=True,
        )

    def terminate(self) -> None:
        """SIGTERM to the main process only, as a container runtime sends it to PID 1."""
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)

    def kill(self) -> None:
        """SIGKILL to the main process and its pool processes at once (an OOM kill, a lost node)."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)

    def wait(self, seconds: float) -> int:
        return self.process.wait(timeout=seconds)

    def ensure_gone(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


@pytest.fixture
def queue(tmp_path):
    name = f"test-{uuid.uuid4().hex[:10]}"
    yield name
    client = redis.Redis.from_url(broker_url())
    client.delete(name, "unacked", "unacked_index")


def send(queue: str, folder: Path, seconds: float) -> None:
    with app.connection_for_write(broker_url()) as connection:
        app.send_task(TASK, args=[str(folder), seconds], queue=queue, connection=connection)


def read(folder: Path, name: str) -> str:
    path = folder / name
    return path.read_text() if path.exists() else ""


def test_a_stopped_worker_finishes_its_running_task_first(tmp_path, queue):
    """SIGTERM (a rolling update, scale-in) is a warm shutdown: the task in hand completes, once."""
    worker = Worker(queue, tmp_path / "worker.log")
    try:
        send(queue, tmp_path, seconds=3)
        wait_for(lambda: read(tmp_path, "started"), 60, "the task to start")
        worker.terminate()
        assert worker.wait(30) == 0, (tmp_path / "worker.log").read_text()[-3000:]
        assert read(tmp_path, "started") == "x"
        assert read(tmp_path, "finished") == "x"
    finally:
        worker.ensure_gone()


def test_a_task_whose_worker_was_killed_runs_again_on_another(tmp_path, queue):
    """SIGKILL mid-task: with acks_late the message was never acknowledged, so once the
    visibility timeout passes (5 s here, 3,600 s in production: tests/deploy/worker_settings.py)
    another worker runs it."""
    log = tmp_path / "worker.log"
    first = Worker(queue, log)
    try:
        send(queue, tmp_path, seconds=30)
        wait_for(lambda: read(tmp_path, "started"), 60, "the task to start")
        first.kill()
        first.wait(10)
        assert read(tmp_path, "finished") == ""
    finally:
        first.ensure_gone()

    second = Worker(queue, log)
    try:
        # The second run is shortened by nothing: it sleeps 30 s again, so wait for its start only.
        wait_for(lambda: read(tmp_path, "started") == "xx", 60, "the task to be delivered again")
    finally:
        second.kill()
        second.ensure_gone()
