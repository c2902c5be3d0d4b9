"""gunicorn settings for the web processes: ``gunicorn -c deploy/gunicorn.conf.py``.

gunicorn manages the processes (pre-fork, graceful restarts and shutdown, worker
timeouts); each process is a uvicorn ASGI worker serving ``shop.asgi:application``.
Environment (docs/configuration.md): WEB_CONCURRENCY (processes, default 2 x cores + 1),
PORT (8000), GUNICORN_TIMEOUT (seconds, 60), GUNICORN_GRACEFUL_TIMEOUT (seconds, 25),
GUNICORN_MAX_REQUESTS (0 = never recycle a worker), DB_POOL_MAX_SIZE (database
connections per process, 4).
"""

import gc
import multiprocessing
import os

wsgi_app = "shop.asgi:application"
# Database connections of a web process come from a pool of this size (see
# shop.settings.base.database_config): under ASGI each request runs in its own thread,
# and Django's per-thread persistent connections would pile up.  Set before the
# application (and so the settings) is loaded, in the master (preload_app).
os.environ.setdefault("DB_POOL_MAX_SIZE", "4")
worker_class = "uvicorn_worker.UvicornWorker"
bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# A worker silent this long is killed and replaced (a request stuck on a lock).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# On SIGTERM (a rolling update, scale-in) workers stop accepting and get this long
# to finish the requests they hold; Kubernetes' terminationGracePeriodSeconds is longer.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "25"))
keepalive = 5
# Recycle a worker after this many requests (with jitter, so they do not all restart
# at once): a guard against slow memory growth.  0 turns it off.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = max_requests // 10
# gunicorn's own messages go to stderr; requests are logged by the application
# (shop.core.observability) as JSON with their request id, so no access log here.
errorlog = "-"
accesslog = None
# gunicorn's control socket (gunicornc) is not used; without it nothing is written
# under $HOME, which is read-only in the container.
control_socket_disable = True
# Load the application once in the master: workers share its memory pages.
preload_app = True
# X-Forwarded-For / -Proto are read by Django alone (TRUSTED_PROXY_COUNT,
# SECURE_PROXY_SSL_HEADER): uvicorn keeps gunicorn's default of trusting them only
# from the same host, so a client cannot forge its address through uvicorn.


def when_ready(server):
    """gunicorn's and uvicorn's own lines in the application's format (JSON in production).

    From here on: the lines of start-up before it stay in gunicorn's format.
    """
    from shop.core.observability.logs import adopt_log_format

    adopt_log_format(server.log.error_log)


def post_fork(server, worker):
    """Start this worker's OpenTelemetry exporter (a thread and an HTTP session of its own).

    The application was loaded in the master (preload_app); nothing that sends may
    cross the fork (shop.core.observability.tracing).
    """
    from shop.core import observability

    observability.after_fork()


def post_worker_init(worker):
    """Move everything loaded at start-up out of the garbage collector's sight.

    A request leaves short-lived objects behind; with the start-up heap frozen,
    a collection walks only those, not the 100,000 objects of Django, graphene
    and the schema (measured: the p95 of a 100-product list fell by a third).
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)
