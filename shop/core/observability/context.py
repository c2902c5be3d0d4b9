"""Where a log line comes from: the request id and, inside a Celery task, the task.

Context variables follow a request through Django's sync and async code
(asgiref copies them into the threads it runs sync code in) and are set again
from a task's message headers in the worker (``celery_signals``).  This module
imports nothing from Django or Celery: settings and the logging filter use it.
"""

from __future__ import annotations

import re
import uuid
from contextvars import ContextVar

# A request id taken from a client is used only if it is a plain token.
REQUEST_ID_PATTERN = re.compile(r"^[A-Za-z0-9._-]{8,128}$")
# The header of Celery messages that carries the request id of whoever queued the task.
CELERY_HEADER = "homenet_request_id"

request_id_var: ContextVar[str | None] = ContextVar("homenet_request_id", default=None)
# (task id, task name) while a Celery task runs.
task_var: ContextVar[tuple[str, str] | None] = ContextVar("homenet_task", default=None)


def new_request_id() -> str:
    return uuid.uuid4().hex


def clean_request_id(value: str | None) -> str:
    """The client's id when it is a sane token, a new one otherwise."""
    if value and REQUEST_ID_PATTERN.fullmatch(value):
        return value
    return new_request_id()


def current_request_id() -> str | None:
    return request_id_var.get()
