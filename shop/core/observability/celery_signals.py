"""Celery signal receivers: request ids across the broker, logging, heartbeat file, tracing.

Infrastructure only (no domain logic).  Imported by ``shop.celery``, so they are
connected in every process that publishes or runs tasks.

* ``before_task_publish`` puts the current request id into the message headers
  (``homenet_request_id``); ``task_prerun`` sets it again in the worker, with the
  task's id and name, and ``task_postrun`` puts the previous values back.  A task
  queued by a request, and the tasks that task queues, log the request's id.
* ``setup_logging``: workers and beat keep Django's LOGGING (JSON in
  production) instead of Celery's own handlers, for Celery's messages too.
* ``heartbeat_sent`` / ``worker_ready`` touch the heartbeat file the Kubernetes
  liveness probe of workers reads (``worker_probe``).
* ``worker_init`` / ``beat_init`` / ``worker_process_init``: Sentry and
  OpenTelemetry (``shop.core.observability.setup``), exporters per process.
"""

from __future__ import annotations

import logging.config

from celery import signals

from .context import CELERY_HEADER, request_id_var, task_var

# Tokens to restore the context after each task, by task id.
_tokens: dict[str, tuple] = {}


@signals.before_task_publish.connect(weak=False)
def add_request_id_header(sender=None, headers=None, **kwargs) -> None:
    request_id = request_id_var.get()
    if request_id and headers is not None and not headers.get(CELERY_HEADER):
        headers[CELERY_HEADER] = request_id


def _header(request, name: str):
    """A custom message header: Celery puts them on the request, older versions under ``headers``."""
    value = getattr(request, name, None)
    if value is None:
        value = (getattr(request, "headers", None) or {}).get(name)
    return value


@signals.task_prerun.connect(weak=False)
def enter_task_context(sender=None, task_id=None, task=None, **kwargs) -> None:
    # An eager task (tests, CELERY_TASK_ALWAYS_EAGER) has no header: it keeps its caller's id.
    request_id = _header(task.request, CELERY_HEADER) if task is not None else None
    _tokens[task_id] = (
        request_id_var.set(request_id or request_id_var.get()),
        task_var.set((task_id, getattr(task, "name", None) or str(sender))),
    )


@signals.task_postrun.connect(weak=False)
def leave_task_context(sender=None, task_id=None, **kwargs) -> None:
    tokens = _tokens.pop(task_id, None)
    if tokens is None:
        return
    request_token, task_token = tokens
    try:
        task_var.reset(task_token)
        request_id_var.reset(request_token)
    except ValueError:  # set in another context (should not happen): clear instead
        task_var.set(None)
        request_id_var.set(None)


@signals.setup_logging.connect(weak=False)
def use_django_logging(**kwargs) -> None:
    """Keep Django's LOGGING: a receiver here stops Celery from installing its own handlers."""
    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)


@signals.worker_ready.connect(weak=False)
@signals.heartbeat_sent.connect(weak=False)
def touch_heartbeat_file(**kwargs) -> None:
    """The worker's main process is alive and talks to the broker (heartbeats every 2 s)."""
    # Imported here: ``python -m ...worker_probe`` imports this module first (through the
    # package's Celery app), and runpy warns when the module it runs is already imported.
    from .worker_probe import heartbeat_file

    try:
        heartbeat_file().touch()
    except OSError:  # a probe file that cannot be written must not stop the worker
        logging.getLogger(__name__).warning("Cannot touch %s", heartbeat_file(), exc_info=True)


@signals.worker_init.connect(weak=False)
def setup_worker_observability(**kwargs) -> None:
    from . import setup

    setup(service_name="homenet-worker", instrument_django=False)


@signals.beat_init.connect(weak=False)
def setup_beat_observability(**kwargs) -> None:
    from . import setup

    setup(service_name="homenet-beat", instrument_django=False)


@signals.worker_process_init.connect(weak=False)
def start_exporters_in_child(**kwargs) -> None:
    from . import after_fork

    after_fork()
