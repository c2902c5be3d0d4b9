"""Settings of the real worker in tests/deploy/test_celery_worker.py: development's, with a short
visibility timeout and a restore sweep every second, so a message left by a killed worker comes
back in seconds instead of production's hour (kombu's sweep runs every interval x throttle)."""

from shop.settings.dev import *  # noqa: F403

CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 5,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
