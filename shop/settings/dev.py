"""Development: DEBUG on, embedded PostgreSQL and Redis unless DATABASE_URL / REDIS_URL are set."""

import os

from shop.core import embedded

from .base import *  # noqa: F403
from .base import cache_config, database_config

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key-never-used-in-production"
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]", "testserver", *ALLOWED_HOSTS]  # noqa: F405

DATABASES = {"default": database_config(os.environ.get("DATABASE_URL") or embedded.ensure_postgres())}
REDIS_URL = os.environ.get("REDIS_URL") or embedded.ensure_redis()
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or REDIS_URL
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or REDIS_URL
CACHES = cache_config(REDIS_URL)
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
