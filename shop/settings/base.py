"""Settings shared by every environment.  Everything that differs comes from the environment.

See docs/configuration.md for the table of variables.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parents[2]


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "graphene_django",
    "shop.core",
    "shop.account",
    "shop.channel",
    "shop.site",
    "shop.catalog",
    "shop.warehouse",
    "shop.thumbnail",
    "shop.menu",
    "shop.discount",
    "shop.checkout",
    "shop.order",
    "shop.payment",
    "shop.page",
    "shop.shipping",
    "cooperatives",
    "fairtrade",
    "oem_orders",
]

MIDDLEWARE = [
    # Probes first: answered whatever the Host header, over plain HTTP, unlogged (docs/observability.md).
    "shop.core.observability.health.HealthCheckMiddleware",
    # The request id of every log line, and one line per request.
    "shop.core.observability.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "shop.urls"
WSGI_APPLICATION = "shop.wsgi.application"
ASGI_APPLICATION = "shop.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "shop" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]


def database_config(url: str) -> dict:
    config = dj_database_url.parse(url, conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")))
    if not config["ENGINE"].endswith("postgresql"):
        raise RuntimeError("DATABASE_URL must point to PostgreSQL; no other database is supported.")
    config["CONN_HEALTH_CHECKS"] = True
    # Parameters bound by the server and statements prepared once per connection:
    # PostgreSQL then plans a repeated query once instead of at every execution
    # (planning was about half of its CPU in a checkout).  Prepared statements need
    # direct connections or a pooler in session mode: set DB_PREPARED_STATEMENTS=false
    # behind a transaction-mode pooler (PgBouncer's default).
    if env_bool("DB_PREPARED_STATEMENTS", True):
        config.setdefault("OPTIONS", {}).update({"server_side_binding": True, "prepare_threshold": 2})
    # A pool of connections per process (psycopg_pool, through Django) instead of one
    # persistent connection per thread.  The web server turns it on (deploy/gunicorn.conf.py):
    # under ASGI each request's code runs in a thread of its own, so per-thread persistent
    # connections would pile up until PostgreSQL refuses clients (the load test found it).
    # Celery's prefork workers run one task at a time per process and keep DB_CONN_MAX_AGE.
    pool_max_size = int(os.environ.get("DB_POOL_MAX_SIZE", "0"))
    if pool_max_size > 0:
        config["CONN_MAX_AGE"] = 0  # the pool keeps the connections
        config.setdefault("OPTIONS", {})["pool"] = {
            "min_size": 1,
            "max_size": pool_max_size,
            # A request waits this long for a free connection, then fails.
            "timeout": float(os.environ.get("DB_POOL_TIMEOUT", "10")),
        }
    return config


DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Thai first for people; English beside it.
LANGUAGE_CODE = "th"
LANGUAGES = [("th", _("Thai")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / ".data" / "static"))
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / ".data" / "media"))

# Media: S3-compatible storage through django-storages when a bucket is named,
# local files otherwise.  Static files are always served from local disk.
# S3 credentials are not settings: django-storages / boto3 read
# AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY from the environment, or use the
# instance / pod role when those are absent.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
    AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME") or None
    AWS_S3_CUSTOM_DOMAIN = os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None
    # "path" for MinIO and other servers without per-bucket host names.
    AWS_S3_ADDRESSING_STYLE = os.environ.get("AWS_S3_ADDRESSING_STYLE") or None
    # Key prefix, so one bucket can hold several environments.
    AWS_LOCATION = os.environ.get("AWS_LOCATION", "")
    AWS_QUERYSTRING_AUTH = env_bool("AWS_QUERYSTRING_AUTH", False)
    AWS_DEFAULT_ACL = None
    # Uploads and thumbnails get a free name instead of replacing a file that
    # URLs (and caches) already point to.
    AWS_S3_FILE_OVERWRITE = False
    AWS_S3_OBJECT_PARAMETERS = {"CacheControl": "max-age=86400"}
    media_storage = {"BACKEND": "storages.backends.s3.S3Storage"}
else:
    media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": media_storage,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Redis: Celery broker and result backend, and the cache.
REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "") or REDIS_URL
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", "") or REDIS_URL
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
# A task is acknowledged after it ran, so a worker that dies mid-task leaves it to
# be delivered again (every task is idempotent); one message reserved at a time.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Nobody waits on a task's return value: results are not stored (Redis stays small).
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A task that has not finished after the soft limit gets SoftTimeLimitExceeded; at the
# hard limit its process is replaced.  The monthly statements get longer (annotations).
CELERY_TASK_SOFT_TIME_LIMIT = int(os.environ.get("CELERY_TASK_SOFT_TIME_LIMIT", "240"))
CELERY_TASK_TIME_LIMIT = CELERY_TASK_SOFT_TIME_LIMIT + 60
CELERY_TASK_ANNOTATIONS = {
    "fairtrade.tasks.generate_monthly_statements_task": {"soft_time_limit": 1500, "time_limit": 1800},
}
# Redis gives an unacknowledged message (its worker died, or it waits for a countdown /
# ETA) to another worker after this many seconds.  It must be longer than the longest
# task (1,800 s) plus the longest retry countdown (900 s), or a task still running or
# waiting would be delivered twice.
CELERY_VISIBILITY_TIMEOUT = int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "3600"))
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_VISIBILITY_TIMEOUT}
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_VISIBILITY_TIMEOUT}
# Events for Flower (task and worker metrics; see README).
CELERY_WORKER_SEND_TASK_EVENTS = True
CELERY_TASK_SEND_SENT_EVENT = True
# A worker that loses the broker stops its running tasks: with acks_late they will be
# delivered again anyway (Celery 6's default).
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True

# Queues by kind, so a flood of one kind never delays another and each gets its own
# workers (deploy/): "default" (domain events, order flow), "payments" (payment
# providers, OEM webhooks), "notifications" (e-mail), "reports" (statements, search).
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_QUEUES_BY_KIND = ("default", "payments", "notifications", "reports")
CELERY_TASK_ROUTES = {
    "shop.core.tasks.*": {"queue": "default"},
    "cooperatives.tasks.expire_group_orders_task": {"queue": "default"},
    "shop.payment.tasks.*": {"queue": "payments"},
    "oem_orders.tasks.webhook_delivery_send_task": {"queue": "payments"},
    "oem_orders.tasks.webhook_deliveries_retry_task": {"queue": "payments"},
    "shop.account.tasks.*": {"queue": "notifications"},
    "shop.order.tasks.*": {"queue": "notifications"},
    "cooperatives.tasks.notify_group_order_created_task": {"queue": "notifications"},
    "cooperatives.tasks.notify_shopper_line_refunded_task": {"queue": "notifications"},
    "cooperatives.tasks.send_deadline_reminders_task": {"queue": "notifications"},
    "oem_orders.tasks.invoice_overdue_notify_task": {"queue": "notifications"},
    "oem_orders.tasks.invoices_overdue_notify_task": {"queue": "notifications"},
    "shop.catalog.tasks.*": {"queue": "reports"},
    "fairtrade.tasks.*": {"queue": "reports"},
}


def cache_config(redis_url: str) -> dict:
    if not redis_url:
        return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url.rsplit("/", 1)[0] + "/1",
            "KEY_PREFIX": "homenet",
        }
    }


def logging_config(log_format: str, log_level: str) -> dict:
    """Everything to stderr, one line per record: JSON objects or plain text (LOG_FORMAT).

    The filter puts the request id (and the Celery task) on every record, from any logger.
    """
    if log_format not in ("json", "plain"):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"LOG_FORMAT must be 'json' or 'plain', not {log_format!r}.")
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"context": {"()": "shop.core.observability.logs.RequestContextFilter"}},
        "formatters": {
            "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
            "json": {"()": "shop.core.observability.logs.json_formatter"},
        },
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": log_format, "filters": ["context"]},
        },
        "root": {"handlers": ["console"], "level": log_level},
        "loggers": {"django.db.backends": {"level": "INFO"}},
    }


LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO").upper()
# "plain" for people at a terminal (development, tests); production.py defaults to "json".
LOG_FORMAT = os.environ.get("LOG_FORMAT", "plain").strip().lower()
LOGGING = logging_config(LOG_FORMAT, LOG_LEVEL)

# --- Observability --------------------------------------------------------------
# Health probes, request ids, Sentry, OpenTelemetry and the worker heartbeat are
# configured by environment variables read in shop.core.observability (see
# docs/observability.md): SENTRY_*, OTEL_*, CELERY_WORKER_HEARTBEAT_*.
# Workers log through LOGGING above (JSON in production), not Celery's own handlers.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# --- GraphQL ------------------------------------------------------------------
GRAPHENE = {"SCHEMA": "shop.graphql.api.schema"}
GRAPHQL_MAX_PAGE_SIZE = 100
GRAPHQL_QUERY_MAX_COMPLEXITY = int(os.environ.get("GRAPHQL_QUERY_MAX_COMPLEXITY", "50000"))
GRAPHQL_QUERY_MAX_DEPTH = int(os.environ.get("GRAPHQL_QUERY_MAX_DEPTH", "15"))
GRAPHQL_PLAYGROUND_ENABLED = env_bool("GRAPHQL_PLAYGROUND_ENABLED", True)

# --- Shop ---------------------------------------------------------------------
DEFAULT_CHANNEL_SLUG = os.environ.get("DEFAULT_CHANNEL_SLUG", "default-channel")
DEFAULT_COUNTRY = "TH"
DEFAULT_CURRENCY = "THB"
PUBLIC_URL = os.environ.get("PUBLIC_URL", "http://localhost:8000")
THUMBNAIL_SIZES = [32, 64, 128, 256, 512, 1024, 2048, 4096]

AUTH_USER_MODEL = "account.User"


# --- Producer groups (cooperatives/) --------------------------------------------
# Hours a group has to accept a new group order (a group may set its own).
GROUP_ORDER_ACCEPT_HOURS = int(os.environ.get("GROUP_ORDER_ACCEPT_HOURS", "48"))
# Hours before that deadline when a reminder goes out.
GROUP_ORDER_REMINDER_HOURS = int(os.environ.get("GROUP_ORDER_REMINDER_HOURS", "12"))
# Days a group needs to dispatch goods it holds in stock (made-to-order goods use the offer's lead time).
GROUP_ORDER_DISPATCH_DAYS = int(os.environ.get("GROUP_ORDER_DISPATCH_DAYS", "2"))
# Schema modules of the apps downstream of shop (shop.graphql.core.extensions).
GRAPHQL_SCHEMA_EXTENSIONS = ["cooperatives.graphql.schema"]
# Demo-data loaders of the downstream apps, run by ``manage.py populatedb`` after the shop's.
DEMO_DATA_LOADERS = ["cooperatives.demo.cooperatives_demo_load"]
COOPERATIVES_NOTIFICATION_CHANNELS = ["cooperatives.notifications.EmailChannel"]
# Links in messages to producers point at the portal here.
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://localhost:8000")

# --- Fair trade ---------------------------------------------------------------
# The living-wage figure terms are compared with (THB per 8-hour day).  Default 400:
# the highest legal minimum of 2025 and the national 400-baht target; set the figure
# the groups agree on.
FAIRTRADE_LIVING_WAGE_DAILY = os.environ.get("FAIRTRADE_LIVING_WAGE_DAILY", "400.00")
# Payment processors' fee, percent of the gross, per gateway (an estimate posted with each
# sale; processors keep it on refunds).  Stripe Thailand: 3.65 % for cards.
FAIRTRADE_PAYMENT_FEE_PERCENT = {
    "homenet.payments.stripe": os.environ.get("FAIRTRADE_STRIPE_FEE_PERCENT", "3.65"),
    "default": "0",
}
# A statement is due this many days after the earliest delivery it pays.
FAIRTRADE_STATEMENT_DUE_DAYS = int(os.environ.get("FAIRTRADE_STATEMENT_DUE_DAYS", "15"))
# Deductions made with the group's consent (damage, late delivery) are capped at this share of a payment.
FAIRTRADE_CONSENTED_DEDUCTION_CAP_PERCENT = 10
# An advance a group asks for is at least this share of the allocation's value (WFTO).
FAIRTRADE_ADVANCE_MIN_PERCENT = 50
GRAPHQL_SCHEMA_EXTENSIONS.append("fairtrade.graphql.schema")
DEMO_DATA_LOADERS.append("fairtrade.demo.fairtrade_demo_load")

# --- OEM (oem_orders/) ------------------------------------------------------------
GRAPHQL_SCHEMA_EXTENSIONS.append("oem_orders.graphql.schema")
DEMO_DATA_LOADERS.append("oem_orders.demo.oem_demo_load")
# Bearer tokens that are not JWTs: prefix -> authenticator (shop.graphql.core.auth).
GRAPHQL_BEARER_AUTHENTICATORS = {"hnoem_": "oem_orders.auth.authenticate_request"}
# API tokens of OEM clients expire after this many days unless another expiry is given (at most 2 years).
OEM_TOKEN_DEFAULT_DAYS = int(os.environ.get("OEM_TOKEN_DEFAULT_DAYS", "90"))
# Quotes stay open this many days unless staff say otherwise.
OEM_QUOTE_VALID_DAYS = int(os.environ.get("OEM_QUOTE_VALID_DAYS", "30"))
# Units a contract may be over-delivered by, percent of its quantity (a quote may set its own).
OEM_OVER_DELIVERY_PERCENT = os.environ.get("OEM_OVER_DELIVERY_PERCENT", "5")
# Days a client has to pay an invoice (a quote may set its own).
OEM_INVOICE_DUE_DAYS = int(os.environ.get("OEM_INVOICE_DUE_DAYS", "15"))
# Request-for-quote attachments and inspection photos: the largest file accepted.
OEM_UPLOAD_MAX_BYTES = int(os.environ.get("OEM_UPLOAD_MAX_BYTES", str(10 * 1024 * 1024)))
# The seller printed on tax invoices (Revenue Code s. 86/4): HomeNet's registered details.
OEM_SELLER = {
    "name": os.environ.get("OEM_SELLER_NAME", "HomeNet Thailand Brand Social Enterprise Co., Ltd."),
    "tax_id": os.environ.get("OEM_SELLER_TAX_ID", "0105563000000"),
    "branch": os.environ.get("OEM_SELLER_BRANCH", "00000"),
    "address": os.environ.get("OEM_SELLER_ADDRESS", "Bangkok, Thailand"),
}
# Webhooks to OEM clients: attempts before giving up, and the HTTP timeout (seconds).
OEM_WEBHOOK_MAX_ATTEMPTS = int(os.environ.get("OEM_WEBHOOK_MAX_ATTEMPTS", "8"))
OEM_WEBHOOK_TIMEOUT_SECONDS = float(os.environ.get("OEM_WEBHOOK_TIMEOUT_SECONDS", "10"))

# --- Accounts -----------------------------------------------------------------
# JWTs are signed (HS256) with JWT_SECRET, or with a key derived from SECRET_KEY
# (and SECRET_KEY_FALLBACKS while rotating) when it is unset.  Lifetimes as Saleor's.
JWT_SECRET = os.environ.get("JWT_SECRET", "")
JWT_ACCESS_TTL_SECONDS = int(os.environ.get("JWT_ACCESS_TTL_SECONDS", str(5 * 60)))
JWT_REFRESH_TTL_SECONDS = int(os.environ.get("JWT_REFRESH_TTL_SECONDS", str(30 * 24 * 60 * 60)))
# New accounts must confirm their e-mail address before they can log in.
ACCOUNT_CONFIRMATION_REQUIRED = env_bool("ACCOUNT_CONFIRMATION_REQUIRED", True)
# Hosts a storefront may name in redirectUrl (e-mail links); "*" allows any.
ALLOWED_CLIENT_HOSTS = env_list("ALLOWED_CLIENT_HOSTS", "localhost,127.0.0.1")
# Brute-force protection of tokenCreate: after this many failed logins for one
# e-mail address, or from one IP address, within the window, logins are refused
# (LOGIN_ATTEMPT_DELAYED) until the window that began with the first failure ends.
LOGIN_FAILURES_PER_EMAIL = int(os.environ.get("LOGIN_FAILURES_PER_EMAIL", "5"))
LOGIN_FAILURES_PER_IP = int(os.environ.get("LOGIN_FAILURES_PER_IP", "20"))
LOGIN_FAILURE_WINDOW_SECONDS = int(os.environ.get("LOGIN_FAILURE_WINDOW_SECONDS", str(15 * 60)))
# Proxies in front of the web processes that append to X-Forwarded-For; 0 trusts
# only REMOTE_ADDR (a client could forge the header).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
# A second password reset e-mail for the same account within this time is not sent.
PASSWORD_RESET_REQUEST_INTERVAL_SECONDS = int(os.environ.get("PASSWORD_RESET_REQUEST_INTERVAL_SECONDS", "60"))

# --- Payments -----------------------------------------------------------------
# Stripe (card and PromptPay): the gateway "homenet.payments.stripe" is offered
# only when STRIPE_SECRET_KEY is set.  STRIPE_WEBHOOK_SECRET verifies the
# signature of POST /payments/stripe/webhook/ (without it every delivery is
# refused).  STRIPE_API_BASE points the client elsewhere (tests use a local fake).
STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY", "")
STRIPE_PUBLISHABLE_KEY = os.environ.get("STRIPE_PUBLISHABLE_KEY", "")
STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET", "")
STRIPE_API_BASE = os.environ.get("STRIPE_API_BASE", "https://api.stripe.com")
STRIPE_TIMEOUT_SECONDS = float(os.environ.get("STRIPE_TIMEOUT_SECONDS", "20"))
# Signed events older than this are refused (replay protection; Stripe's default).
STRIPE_WEBHOOK_TOLERANCE_SECONDS = int(os.environ.get("STRIPE_WEBHOOK_TOLERANCE_SECONDS", "300"))
# The dummy gateway "homenet.payments.dummy" pays without a provider: development,
# the demo and tests.  Production settings switch it off whatever the environment says.
DUMMY_GATEWAY_ENABLED = env_bool("DUMMY_GATEWAY_ENABLED", True)
# A checkout its payments cover is completed automatically this long after the
# charge, if the storefront has not completed it (a PromptPay payer may never come
# back to the tab); "off" never does.  Saleor's automaticallyCompleteFullyPaidCheckouts.
_autocomplete = os.environ.get("PAID_CHECKOUT_AUTOCOMPLETE_AFTER_SECONDS", "300").strip().lower()
PAID_CHECKOUT_AUTOCOMPLETE_AFTER_SECONDS = None if _autocomplete in ("", "off") else int(_autocomplete)

# --- Periodic work (Celery beat), all of it here ----------------------------------
# Run by exactly one beat process.  A sweep that fails is simply run again at its next
# tick; every task is idempotent.  crontab times are Bangkok time (CELERY_TIMEZONE).
CELERY_BEAT_SCHEDULE = {
    # Domain events committed but not handled everywhere are sent again (the outbox).
    "redispatch-pending-events": {"task": "shop.core.tasks.redispatch_pending_events_task", "schedule": 60.0},
    # Search text of changed products.
    "update-dirty-search-documents": {
        "task": "shop.catalog.tasks.update_products_search_document_task", "schedule": 300.0,
    },
    # Deadline: group orders not accepted in time expire and their lines are rerouted.
    "expire-group-orders": {"task": "cooperatives.tasks.expire_group_orders_task", "schedule": 300.0},
    # Reminder to groups before that deadline.
    "group-order-deadline-reminders": {
        "task": "cooperatives.tasks.send_deadline_reminders_task", "schedule": 900.0,
    },
    # Statements of the previous month for every group with something to pay (01:00 on the 1st).
    "generate-monthly-statements": {
        "task": "fairtrade.tasks.generate_monthly_statements_task",
        "schedule": crontab(minute=0, hour=1, day_of_month=1),
    },
    # Stripe payments whose webhook never came are asked about directly.
    "sync-waiting-stripe-payments": {
        "task": "shop.payment.tasks.sync_waiting_stripe_transactions_task", "schedule": 600.0,
    },
    # OEM webhooks whose next attempt is due.
    "oem-webhooks-retry": {"task": "oem_orders.tasks.webhook_deliveries_retry_task", "schedule": 60.0},
    # Reminder to OEM clients of overdue invoices (09:00 daily).
    "oem-invoices-overdue": {
        "task": "oem_orders.tasks.invoices_overdue_notify_task", "schedule": crontab(minute=0, hour=9),
    },
}
