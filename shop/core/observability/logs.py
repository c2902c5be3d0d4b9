"""Structured logs: the request id on every record, JSON lines, one line per request.

* ``RequestContextFilter`` (on the console handler, see ``LOGGING`` in settings)
  adds ``request_id`` and, inside a Celery task, ``task_id`` / ``task_name`` to
  every record, whatever logger made it.
* ``json_formatter`` builds python-json-logger's formatter: one object per line
  with ``timestamp`` (ISO 8601, UTC), ``level``, ``logger``, ``message``,
  ``request_id`` and any ``extra`` fields.
* ``RequestIdMiddleware`` takes or makes the request id, echoes it in the
  ``X-Request-ID`` response header and logs one line per request.
"""

from __future__ import annotations

import logging
import time

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.utils.functional import empty
from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter

from .context import clean_request_id, request_id_var, task_var

REQUEST_HEADER = "HTTP_X_REQUEST_ID"
RESPONSE_HEADER = "X-Request-ID"

request_logger = logging.getLogger("shop.request")


class RequestContextFilter(logging.Filter):
    """Adds ``request_id`` (and ``task_id`` / ``task_name`` in a task) to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            # django.request logs a 4xx/5xx after the middleware returned: its request knows the id.
            record.request_id = request_id_var.get() or getattr(
                getattr(record, "request", None), "request_id", None
            )
        task = task_var.get()
        if task is not None:
            record.task_id, record.task_name = task
        return True


def json_formatter() -> JsonFormatter:
    """One JSON object per line; extras passed to a log call become fields of their own."""
    return JsonFormatter(
        ["levelname", "name", "message", "request_id"],
        rename_fields={"levelname": "level", "name": "logger"},
        timestamp=True,
        # Django passes the request object along (django.request, django.server): its repr
        # holds the query string, which may carry tokens.  Its status_code stays.  uvicorn
        # adds the message again with terminal colours.
        reserved_attrs=[*RESERVED_ATTRS, "request", "color_message"],
    )


def _user_id(request):
    """The id of the user when authentication already ran; never triggers a lookup."""
    user = request.__dict__.get("user")
    if user is None:
        return None
    if getattr(user, "_wrapped", None) is empty:  # a lazy user nobody asked for
        return None
    return user.pk if getattr(user, "is_authenticated", False) else None


class RequestIdMiddleware:
    """Request id in, ``X-Request-ID`` out, and one INFO line per request.

    Sync and async capable, so it adds no thread switch under either handler.
    The line has method, path (without the query string, which may carry
    tokens), status, duration_ms and the user's id, never an e-mail address.
    """

    sync_capable = True
    async_capable = True

    def __init__(self, get_response):
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)

    def __call__(self, request):
        if self.is_async:
            return self.__acall__(request)
        token, started = self._start(request)
        try:
            response = self.get_response(request)
            self._finish(request, response, started)
            return response
        finally:
            request_id_var.reset(token)

    async def __acall__(self, request):
        token, started = self._start(request)
        try:
            response = await self.get_response(request)
            self._finish(request, response, started)
            return response
        finally:
            request_id_var.reset(token)

    @staticmethod
    def _start(request):
        request.request_id = clean_request_id(request.META.get(REQUEST_HEADER))
        return request_id_var.set(request.request_id), time.perf_counter()

    @staticmethod
    def _finish(request, response, started) -> None:
        response[RESPONSE_HEADER] = request.request_id
        request_logger.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "user_id": _user_id(request),
            },
        )


def adopt_log_format(logger: logging.Logger) -> None:
    """Give the handlers of a server's own logger (gunicorn, uvicorn) the application's format.

    They log through handlers of their own, not the root logger's; with
    LOG_FORMAT=json their lines become JSON objects too, so every line of the
    process parses.
    """
    from django.conf import settings

    if getattr(settings, "LOG_FORMAT", "plain") != "json":
        return
    for handler in logger.handlers:
        handler.setFormatter(json_formatter())
        handler.addFilter(RequestContextFilter())
