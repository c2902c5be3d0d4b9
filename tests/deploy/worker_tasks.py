"""A task for tests/deploy/test_celery_worker.py, loaded into a real worker with ``--include``.

It marks its start and its end in files, so the test can stop or kill the worker
between the two and see whether the task finished or ran again.
"""

import time
from pathlib import Path

from shop.celery import app


@app.task(name="tests.deploy.slow_marked_task")
def slow_marked_task(folder: str, seconds: float) -> None:
    folder_path = Path(folder)
    with (folder_path / "started").open("a") as started:
        started.write("x")
    time.sleep(seconds)
    with (folder_path / "finished").open("a") as finished:
        finished.write("x")
