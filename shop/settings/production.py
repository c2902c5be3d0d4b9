"""Production: every secret and host from the environment; nothing insecure by default.

Required: SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL (PostgreSQL), REDIS_URL.
A missing or unusable value stops the process at import with ImproperlyConfigured
naming the variable, so a misconfigured release fails its first health check
instead of serving.  `manage.py check --deploy` passes with no warnings.
Media go to S3 when AWS_STORAGE_BUCKET_NAME is set (see base.py); otherwise to
MEDIA_ROOT on local disk, which the web server must then serve under MEDIA_URL.
"""

import os
from urllib.parse import urlsplit, urlunsplit

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import cache_config, database_config, env_bool, env_list, logging_config


def required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"Set the {name} environment variable for production.")
    return value


def required_list(name: str) -> list[str]:
    values = env_list(name)
    if not values:
        raise ImproperlyConfigured(
            f"Set the {name} environment variable for production (comma-separated)."
        )
    return values


def redis_db_url(url: str, db: int) -> str:
    """The same Redis server as ``url`` with database ``db``; credentials and options kept."""
    return urlunsplit(urlsplit(url)._replace(path=f"/{db}"))


DEBUG = False
# Logs: one JSON object per line unless LOG_FORMAT=plain (docs/observability.md).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "json").strip().lower()
LOGGING = logging_config(LOG_FORMAT, LOG_LEVEL)  # noqa: F405
# Static files are collected at image build (collectstatic) with hashed names and
# served compressed by WhiteNoise with far-future cache headers.
# (Development serves them through runserver from the apps' folders.)
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MIDDLEWARE = [*MIDDLEWARE]  # noqa: F405
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
                  "whitenoise.middleware.WhiteNoiseMiddleware")  # before anything that needs a session
SECRET_KEY = required("SECRET_KEY")
# Old keys still accepted for signatures (sessions, thumbnail URLs) while rotating.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS")
ALLOWED_HOSTS = required_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The first concrete host names the shop where a value needs one ("*" or ".example.com" do not).
primary_host = next((host.lstrip(".") for host in ALLOWED_HOSTS if host != "*"), "")
# Base of absolute URLs built outside a request (e-mails, tasks); never localhost here.
PUBLIC_URL = os.environ.get("PUBLIC_URL", "").strip() or (
    f"https://{primary_host}" if primary_host else required("PUBLIC_URL")
)

try:
    DATABASES = {"default": database_config(required("DATABASE_URL"))}
except RuntimeError as exc:  # database_config refuses anything but PostgreSQL
    raise ImproperlyConfigured(f"DATABASE_URL: {exc}") from exc

REDIS_URL = required("REDIS_URL")
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or REDIS_URL
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or REDIS_URL
CACHES = cache_config(REDIS_URL)
# The cache lives in its own Redis database beside Celery's.  Built from the
# parsed URL so "redis://host:6379" (no path) and "rediss://...?ssl_cert_reqs=..."
# keep their host and options.
CACHES["default"]["LOCATION"] = redis_db_url(REDIS_URL, int(os.environ.get("REDIS_CACHE_DB", "1")))

# HTTPS everywhere.  TLS is usually ended at a proxy / ingress that sets
# X-Forwarded-Proto; that proxy must overwrite the header, never pass a client's on.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# Liveness probes of the orchestrator speak plain HTTP inside the cluster.
SECURE_REDIRECT_EXEMPT = [r"^health/"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
GRAPHQL_PLAYGROUND_ENABLED = env_bool("GRAPHQL_PLAYGROUND_ENABLED", False)

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL") or f"shop@{primary_host or 'localhost'}"
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# Payments: the dummy gateway never takes "payments" in production.  Stripe keys
# come from the environment (base.py); without STRIPE_SECRET_KEY Stripe is not offered.
DUMMY_GATEWAY_ENABLED = False
