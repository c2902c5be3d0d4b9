"""A real Celery worker for tests: ``celery -A shop worker`` as its own process on the embedded Redis.

Each test gives the worker a queue of its own in a Redis database no development
process reads, and loads its test tasks with ``--include``.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import redis
from django.conf import settings

from shop.celery import app

ROOT = Path(__file__).resolve().parents[1]


def redis_db_url(db: int) -> str:
    return settings.REDIS_URL.rsplit("/", 1)[0] + f"/{db}"


def wait_for(predicate, seconds: float, what: str):
    """The predicate's first true value, polled until ``seconds`` pass."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if value := predicate():
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out after {seconds} s waiting for {what}")


def send(broker_url: str, task_name: str, args: list, queue: str) -> None:
    with app.connection_for_write(broker_url) as connection:
        app.send_task(task_name, args=args, queue=queue, connection=connection)


def forget_queue(broker_url: str, queue: str) -> None:
    """The test's queue and whatever Redis still holds unacknowledged, gone."""
    redis.Redis.from_url(broker_url).delete(queue, "unacked", "unacked_index")


class CeleryWorker:
    """A prefork worker with one child; ``ensure_gone()`` (or the context manager) kills what is left."""

    def __init__(self, *, queue: str, broker_url: str, include: str, log: Path,
                 settings_module: str = "shop.settings.dev", events: bool = False, env: dict | None = None):
        self.queue, self.broker_url, self.log = queue, broker_url, log
        environment = {
            **{name: value for name, value in os.environ.items() if not name.startswith(("SENTRY_", "OTEL_"))},
            "DJANGO_SETTINGS_MODULE": settings_module,
            "REDIS_URL": broker_url,
            "CELERY_BROKER_URL": broker_url,
            "PYTHONPATH": str(ROOT),
            **(env or {}),
        }
        command = [sys.executable, "-m", "celery", "-A", "shop", "worker", "--include", include, "-Q", queue,
                   "--concurrency", "1", "--without-gossip", "--without-mingle", "-n", f"{queue}@%h", "-l", "info"]
        if events:
            command.append("-E")
        self.process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=log.open("ab"),
                                        stderr=subprocess.STDOUT, start_new_session=True)

    def terminate(self) -> None:
        """SIGTERM to the main process only, as a container runtime sends it to PID 1: a warm shutdown."""
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)

    def kill(self) -> None:
        """SIGKILL to the main process and its pool processes at once (an OOM kill, a lost node)."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)

    def wait(self, seconds: float) -> int:
        return self.process.wait(timeout=seconds)

    def ensure_gone(self) -> None:
        self.kill()
        if self.process.poll() is None:
            self.process.wait(timeout=10)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.ensure_gone()
