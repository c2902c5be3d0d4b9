"""The Celery application.  Workers start with ``celery -A shop worker``."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings.dev")

app = Celery("shop")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Request ids through messages, Django's logging in workers, the heartbeat file of the
# liveness probe, Sentry / OpenTelemetry in workers (docs/observability.md).
import shop.core.observability.celery_signals  # noqa: E402, F401
