"""Settings shared by every environment.

This is the one module that reads the environment; the other settings modules only
override constants. See the configuration table in README.md.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

# Imported before the settings by the `outreach` package itself (outreach/__init__.py).
from outreach.celery import LONGEST_TASK_SECONDS

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "insecure-local-only-key-change-me-in-production")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        # R-SYS-4: a kept connection the database dropped (a restart, a fail-over) is
        # replaced when a request first uses it, instead of failing that request.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Issue 18: two people writing at once on the default SQLite set-up must not meet
    # "database is locked". WAL lets readers go on beside the one writer; IMMEDIATE takes
    # the write lock when a transaction begins, so a transaction that reads and then
    # writes waits for the lock (up to `timeout` seconds) instead of failing at once
    # when another one committed in between (a deferred upgrade is never retried).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "") or REDIS_URL
# Issue 18: `make run` without Redis gives its worker and beat kombu's filesystem
# transport (`filesystem://`): messages are files in this directory, so the scheduled
# jobs run with nothing to install or start (README "Two commands").
CELERY_BROKER_DIR = Path(os.environ.get("CELERY_BROKER_DIR", "") or BASE_DIR / ".celery")
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", "") or REDIS_URL or None
# With Redis, web processes and workers share one cache (the dashboard's aggregates are
# warmed by a beat job); without it each process keeps its own.
CACHES = {
    "default": (
        {
            "BACKEND": "outreach.cache.ForgivingRedisCache",
            "LOCATION": os.environ.get("CACHE_URL", "") or REDIS_URL,
            "KEY_PREFIX": "outreach",
            # django-redis: with Redis away a read misses and a write is dropped (R-SYS-4).
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
                "IGNORE_EXCEPTIONS": True,
            },
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True  # each ignored error is logged, with its cause
DJANGO_REDIS_LOGGER = "outreach.cache"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "outreach",
    "push",
    "clients",
    "attendance",
    "campaigns",
    "training",
    "handovers",
    "appraisals",
    "payroll",
    "meetings",
    "reviews",
    "dashboards",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "outreach.middleware.DefaultLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # LoginRequiredMiddleware that answers the offline queue's replays in JSON (issue 20).
    "outreach.offline.QueueAwareLoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks, so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

# Issue 9 (security): a Content-Security-Policy with no inline script. JavaScript comes only
# from our own static files (data reaches it through json_script). Styles keep
# 'unsafe-inline' because a few templates set `style=""` (a progress bar's width, image
# and column sizes) and Bootstrap's components set styles; inline styles cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        # Issue 20: the service worker (/sw.js) and the web app manifest.
        "worker-src": [SELF],
        "manifest-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

ROOT_URLCONF = "outreach.urls"
WSGI_APPLICATION = "outreach.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "outreach.context_processors.navigation",
            ],
        },
    },
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Issue 20: a queued replay with a stale CSRF token gets JSON, not the HTML 403 page.
CSRF_FAILURE_VIEW = "outreach.offline.csrf_failure"
# Issue 21: the open API (api/, /api/v1/). Tokens or the session; JSON only; keyset pages.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_THROTTLE_CLASSES": [
        "api.throttling.PerTokenRateThrottle",
        "api.throttling.PerSessionUserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "token": os.environ.get("API_RATE_TOKEN", "120/min"),
        "session": os.environ.get("API_RATE_SESSION", "120/min"),
    },
    "DEFAULT_PAGINATION_CLASS": "api.pagination.SyncCursorPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.api_exception_handler",
    "COERCE_DECIMAL_TO_STRING": True,
    "DATETIME_FORMAT": "iso-8601",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Outreach (拓客通) API",
    "DESCRIPTION": "The team's leads, visits, deals, events, attendance, daily reports, "
    "violations, pay and appraisals, with the same rules and scope as the pages.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.drop_database_integer_limits",
    ],
    # Several models have a `kind` or `status`: each choice set keeps one name of its own.
    "ENUM_NAME_OVERRIDES": {
        "ClientKindEnum": "clients.models.ClientKind",
        "LeadKindEnum": "clients.models.LeadKind",
        "FollowUpKindEnum": "clients.models.FollowUpKind",
        "LeadStatusEnum": "clients.models.LeadStatus",
        "DealStatusEnum": "clients.models.DealStatus",
        "PayrollRunStatusEnum": "payroll.models.RunStatus",
        "CycleStateEnum": "appraisals.models.CycleState",
        "AppraisalStateEnum": "appraisals.models.AppraisalState",
        "CycleKindEnum": "appraisals.models.CycleKind",
        "ClientGradeEnum": "clients.models.ClientGrade",
        "AppraisalGradeEnum": "appraisals.models.Grade",
    },
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# R-ROLE-1 / issue 2: lock out a username from one address after repeated failures.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_RESET_ON_SUCCESS = True
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("AXES_PROXY_COUNT", "0")) or None
# Issue 17: the recorded username is cut to what the database column can hold.
AXES_USERNAME_CALLABLE = "outreach.lockout.lockout_username"

# R-SYS-1: Simplified Chinese by default, English on request; Asia/Shanghai.
LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "zh-hans")
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
# Third-party assets are installed by npm at set-up (package-lock.json) and served
# locally; nothing comes from a CDN and no vendor file is committed.
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/chartjs", NODE_MODULES / "chart.js" / "dist"),
]
STORAGES = {
    # Issue 17: stored under random names with the extension of their content.
    "default": {"BACKEND": "outreach.uploads.ContentTypedStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# No URL serves MEDIA_ROOT: files leave only through views that check the scope of their
# object (outreach/files.py), which hand the bytes to the web server in production.
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# django-sendfile2: "simple" reads the file in Django; production uses "nginx"
# (X-Accel-Redirect to SENDFILE_URL, an internal location) or "xsendfile" (Apache).
SENDFILE_BACKEND = "django_sendfile.backends." + os.environ.get("SENDFILE_BACKEND", "simple")
SENDFILE_ROOT = MEDIA_ROOT
SENDFILE_URL = os.environ.get("SENDFILE_URL", "/protected-media")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Celery (R-SYS-4): with no broker configured every task runs in-process, so the app
# works with zero set-up; outreach/celery.py holds the rest of the configuration.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
# Beat reads its crontabs in the team's time zone (the dashboard shows the next runs in it).
CELERY_TIMEZONE = TIME_ZONE
# Redis would hand an unacknowledged task to a second worker after this; it must exceed
# the longest task's time limit.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 2 * LONGEST_TASK_SECONDS}
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS |= {
        "data_folder_in": str(CELERY_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_BROKER_DIR / "queue"),
        "control_folder": str(CELERY_BROKER_DIR / "control"),
    }
    # Remote control is a broadcast polled as one more queue; one local worker needs none.
    CELERY_WORKER_ENABLE_REMOTE_CONTROL = False

# Issue 20: group chat robots (push). The key their webhooks and secrets are encrypted with
# (derived; SECRET_KEY when unset: changing it makes the stored webhooks unreadable), the
# hosts accepted besides qyapi.weixin.qq.com and oapi.dingtalk.com (a relay; the tests'
# local robot), and Outreach's address for the links in the messages (none when unset).
PUSH_SECRET_KEY = os.environ.get("PUSH_SECRET_KEY", "")
PUSH_ALLOWED_HOSTS = env_list("PUSH_ALLOWED_HOSTS", "")
PUSH_SITE_URL = os.environ.get("PUSH_SITE_URL", "").rstrip("/")
# Issue 21 §5: hosts an outgoing webhook may reach over plain HTTP or at a private
# address (a relay, a test receiver). Empty: public HTTPS hosts only.
API_WEBHOOK_ALLOWED_HOSTS = env_list("API_WEBHOOK_ALLOWED_HOSTS", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# R-DAY-1: a daily report is due this many minutes after the shift ends.
DAILY_REPORT_GRACE_MINUTES = int(os.environ.get("DAILY_REPORT_GRACE_MINUTES", "30"))

# Issue 17: an imported workbook is refused before parsing beyond these (a small .xlsx
# can inflate a thousandfold; the client import needs a few thousand rows of 7 columns).
IMPORT_MAX_UNCOMPRESSED_BYTES = int(os.environ.get("IMPORT_MAX_UNCOMPRESSED_BYTES", 50 * 2**20))
IMPORT_MAX_CELLS = int(os.environ.get("IMPORT_MAX_CELLS", "200000"))

# Issue 20 (R-ATT-3): the TrueType font the server stamps check-in photos with; it must
# draw Chinese (Debian's fonts-wqy-microhei). Missing, the stamp falls back to Pillow's
# own font (Latin only) and says so in the log.
CHECKIN_STAMP_FONT = os.environ.get(
    "CHECKIN_STAMP_FONT", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
)

# Core reference numbers that are not per-row data.
EMPLOYEE_NUMBER_PREFIX = "E"
EMPLOYEE_NUMBER_WIDTH = 4
OUTREACH_BRAND = _("Outreach")
