"""Liveness probe of a Celery worker: ``python -m shop.core.observability.worker_probe``.

The worker's main process touches ``CELERY_WORKER_HEARTBEAT_FILE`` (default
``/tmp/celery-worker-heartbeat``) when it is ready and at every event heartbeat
(every 2 s; workers send events).  The probe exits 0 if the file was touched in
the last ``CELERY_WORKER_HEARTBEAT_MAX_AGE`` seconds (default 60), otherwise it
prints why and exits 1.  It sets up no Django (the ``shop`` package only creates the
Celery app object): about 0.3 s.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

DEFAULT_HEARTBEAT_FILE = "/tmp/celery-worker-heartbeat"  # noqa: S108
DEFAULT_MAX_AGE = 60.0


def heartbeat_file() -> Path:
    """The file the worker touches and the probe reads (CELERY_WORKER_HEARTBEAT_FILE)."""
    return Path(os.environ.get("CELERY_WORKER_HEARTBEAT_FILE") or DEFAULT_HEARTBEAT_FILE)


def heartbeat_problem(path: Path, max_age: float, now: float | None = None) -> str | None:
    """Why the worker is not alive, or None when its heartbeat is fresh."""
    try:
        touched = path.stat().st_mtime
    except FileNotFoundError:
        return f"{path} does not exist: the worker never became ready"
    except OSError as exc:
        return f"{path} cannot be read: {exc}"
    age = (time.time() if now is None else now) - touched
    if age > max_age:
        return f"{path} last touched {age:.0f} s ago (more than {max_age:g} s): no heartbeat"
    return None


def main() -> int:
    path = heartbeat_file()
    max_age = float(os.environ.get("CELERY_WORKER_HEARTBEAT_MAX_AGE") or DEFAULT_MAX_AGE)
    problem = heartbeat_problem(path, max_age)
    if problem:
        print(problem, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
