"""Jobbro settings: one module, everything from the environment.

Production values are the defaults; `make run` and `make test` set the development values
themselves (see scripts/devstack.py). A secret may also be given as a file path in `<NAME>_FILE`.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    env.read_env(BASE_DIR / ".env")


def secret(name: str, default: str | None = None) -> str:
    """Read a secret from `<name>_FILE` (Docker/Kubernetes secrets) or from `<name>`."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"Set {name} (or {name}_FILE) in the environment.")
    return value


DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = secret("SECRET_KEY")
# Encrypts CPR numbers at rest (candidates/cpr.py): 32 random bytes, base64. Losing it loses
# every stored CPR number; changing SECRET_KEY does not touch it.
CPR_ENCRYPTION_KEY = secret("CPR_ENCRYPTION_KEY", default="")
SITE_URL = env("SITE_URL", default="http://localhost:8000").rstrip("/")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[SITE_URL])

INSTALLED_APPS = [
    "config.apps.JobbroAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "csp",
    "django_htmx",
    "template_partials",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "pgtrigger",
    "pghistory",
    "rest_framework",
    "drf_spectacular",
    # Swagger UI's files for /api/docs/, served from our own static files (no CDN).
    "drf_spectacular_sidecar",
    "accounts",
    "companies",
    "candidates",
    "partnerships",
    "placements",
    "networks",
    "reports",
    "portal",
]

MIDDLEWARE = [
    # First: a query string with a CPR number is emptied before anything else sees it, and the
    # view is answered with 400 (config/cpr_guard.py).
    "config.cpr_guard.CprQueryGuardMiddleware",
    # Marks everything below as "inside a request", where rendering a PDF is refused (PDFs are
    # made by the workers only; DESIGN.md section 9).
    "accounts.documents.NoRenderingInRequestsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Near the top: every error answer under /api/ is JSON, whichever layer below made it.
    "accounts.api_errors.ApiErrorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.DanishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After the messages middleware, so that the 12-hour sign-out can say why.
    "accounts.security.SessionLimitMiddleware",
    "accounts.security.LockoutGuardMiddleware",
    "accounts.mfa.EnrolmentRedirectMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.TenantMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last: turns a lockout that django-axes flagged during the view into the lockout answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "csp.context_processors.nonce",
                "config.context_processors.shell",
                "placements.context_processors.bell",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------------------------
# `make run` / `make test` point DATABASE_URL at the embedded PostgreSQL when it is unset.
if not env("DATABASE_URL", default=""):
    raise ImproperlyConfigured(
        "DATABASE_URL is not set. Start Jobbro with `make run` (embedded PostgreSQL) "
        "or set DATABASE_URL=postgres://user:password@host:5432/jobbro."
    )
# The application's role has DML rights only: it neither owns the tables (migrations run as the
# owner role, with DATABASE_URL pointing at it) nor bypasses row-level security.
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# accounts.tenancy.platform_scope() works on this connection: a role with BYPASSRLS and DML
# rights only, which the application's role is not a member of. Without it, platform_scope()
# refuses to run. In the tests it is the same test database under the platform role.
if env("DATABASE_PLATFORM_URL", default=""):
    DATABASES["platform"] = env.db("DATABASE_PLATFORM_URL")
    # Opened only for a platform task and closed after it: no idle privileged connection.
    DATABASES["platform"]["CONN_MAX_AGE"] = 0
    DATABASES["platform"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["accounts.tenancy.PlatformRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis and Celery -----------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="redis://localhost:6379/0")


def celery_url(redis_url: str) -> str:
    """Kombu spells a Redis Unix socket `redis+socket://`, redis-py `unix://`."""
    if redis_url.startswith("unix://"):
        return "redis+socket://" + redis_url.removeprefix("unix://").split("?")[0]
    return redis_url


CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=15 * 60)
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - 60
CELERY_BROKER_URL = celery_url(REDIS_URL)
CELERY_RESULT_BACKEND = celery_url(REDIS_URL)
CELERY_RESULT_EXPIRES = 3600
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Redelivery after a lost worker happens when the visibility timeout runs out; it must be
# longer than any task may run, or a slow task would be handed to a second worker.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 4 * CELERY_TASK_TIME_LIMIT}
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"visibility_timeout": 4 * CELERY_TASK_TIME_LIMIT}
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", default="jobbro")
CELERY_TIMEZONE = "Europe/Copenhagen"
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    "prune-access-logs": {
        "task": "accounts.prune_access_logs",
        "schedule": crontab(hour=3, minute=15),
    },
    "delete-old-job-files": {
        "task": "accounts.delete_old_job_files",
        "schedule": crontab(hour=3, minute=30),
    },
    "anonymise-expired-candidates": {
        "task": "candidates.anonymise_expired_all",
        "schedule": crontab(hour=2, minute=45),
    },
    "agreement-reminders": {
        "task": "partnerships.sweep_agreement_reminders",
        "schedule": crontab(hour=7, minute=10),
    },
    # Virksomhedscentre under-used for their number of weeks (partnerships.centre_alerts):
    # Monday morning, about the weeks up to the one just ended.
    "centre-alerts": {
        "task": "partnerships.sweep_centre_alerts",
        "schedule": crontab(minute=20, hour=7, day_of_week="mon"),
    },
    "opening-reminders": {
        "task": "companies.sweep_opening_reminders",
        "schedule": crontab(minute=5, hour="7-17", day_of_week="mon-fri"),
    },
    # Follow-ups and next steps (placements.reminders): each person's digest in the morning;
    # the hourly runs catch up on what a stopped worker or broker missed, and on what became
    # due since. Each digest is sent once a day whichever run gets to it first.
    "reminders-morning": {
        "task": "placements.sweep_reminders",
        "schedule": crontab(minute=30, hour=6),
    },
    "reminders-catch-up": {
        "task": "placements.sweep_reminders",
        "schedule": crontab(minute=35, hour="7-17", day_of_week="mon-fri"),
    },
}
# Retention: callables `hook(candidate) -> None` (dotted paths, comma-separated in the
# environment) that archive a candidate in the jobcenter's case system before the nightly task
# anonymises it. A hook that raises keeps the candidate until the next night.
CANDIDATE_RETENTION_EXPORT_HOOKS = env.list("CANDIDATE_RETENTION_EXPORT_HOOKS", default=[])
HEALTH_CELERY_TIMEOUT = env.float("HEALTH_CELERY_TIMEOUT", default=5.0)
# /health/ keeps the worker's answer this long: at most one ping is queued in that time.
HEALTH_CELERY_CACHE_SECONDS = env.int("HEALTH_CELERY_CACHE_SECONDS", default=10)

# --- Cache ----------------------------------------------------------------------------------
# In the database, not in Redis: sign-in rate limits and used second-factor codes must be shared
# by every web process, and the pages must keep working when Redis is down.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "jobbro_cache",
    }
}

# --- Auth -----------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out account before any backend looks at the password. It has no
    # get_user(), so sessions are still resolved (and inactive users refused) by ModelBackend.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
# Nobody sets their own sign-in address: people are invited (the link proves the address) and
# an admin changes it, confirmed from the new address (accounts.invitations, email_changes).
# allauth's own e-mail page is closed in config/urls.py.
ACCOUNT_EMAIL_VERIFICATION = "none"
# The e-mails' subjects say "Jobbro" themselves (templates/account/email/); a person is told
# when their password or second factor changes.
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False
# Accounts are created by a jobcenter's admin or by platform staff, never by sign-up.
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
# Employer contacts sign in with a code sent by e-mail; staff still need their second factor.
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
# django-axes counts failures per account (below); allauth keeps only its per-address brake,
# so that the sixth attempt meets the lockout page and not allauth's own message.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip"}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Jobbro"
# A code typed as the app's 30-second window turns still counts: one window either side, as
# RFC 6238 advises for clock drift and the time it takes to type. Older codes do not.
MFA_TOTP_TOLERANCE = 1
MFA_FORMS = {
    "activate_totp": "accounts.mfa.ActivateTOTPForm",
    "authenticate": "accounts.mfa.AuthenticateForm",
    "reauthenticate": "accounts.mfa.ReauthenticateForm",
}
MFA_ADAPTER = "accounts.adapters.MFAAdapter"

# At most 5 consecutive failed sign-ins per account (the e-mail, on every path: the sign-in
# form, the second factor, e-mailed codes, the admin and API token creation); then the account
# is blocked for 24 hours or until someone lifts the block (accounts/security.py logs both).
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_COOLOFF_TIME = timedelta(hours=24)
AXES_RESET_ON_SUCCESS = True
# Attempts during a block are logged but do not prolong it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_USERNAME_CALLABLE = "accounts.security.axes_username"
# Which address a request came from (the security log, the API's per-address limit): the
# connection's, or behind TRUSTED_PROXY_COUNT reverse proxies the one they put in
# X-Forwarded-For. Leave it 0 unless every request passes through that many proxies, each of
# which appends to the header: otherwise a client could write its own address there.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "accounts.security.client_ip"
# allauth's per-address brake on the sign-in form counts the same way.
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
AXES_LOCKOUT_CALLABLE = "accounts.security.lockout_response"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# The admin shows axes' records through accounts/admin_thirdparty.py, in Danish.
AXES_ENABLE_ADMIN = False
# Kept out of the attempt records axes stores (the password always is).
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code"]
# The API's sign-in (POST /api/v1/<jobcenter>/tokens/) also limits failed attempts per address
# (accounts/security.py): (failures, seconds) pairs. 20 in 24 hours is fewer than the 25 it takes
# to block five accounts, so one address cannot block five accounts while their blocks last.
API_SIGNIN_FAILURES_PER_ADDRESS = [(10, 60 * 60), (20, 24 * 60 * 60)]

# --- REST API -------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["accounts.api_auth.BearerTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["accounts.api_auth.HasCapability"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["accounts.api_parsers.JsonParser"],
    "DEFAULT_SCHEMA_CLASS": "accounts.api_schema.AutoSchema",
    "EXCEPTION_HANDLER": "accounts.api_errors.exception_handler",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Jobbro API",
    "DESCRIPTION": "Every endpoint lives under /api/v1/<jobcenter>/ and takes a bearer token "
    "that belongs to one membership of that jobcenter.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    # /api/docs/ loads Swagger UI from our static files: the CSP allows only our own scripts,
    # and a municipal network may have no internet. No validator badge from swagger.io; no
    # deep links (a link inside each operation's button, which screen readers cannot use).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"deepLinking": False, "validatorUrl": None},
}
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Sessions and security headers ---------------------------------------------------------
# 30 minutes idle (every request pushes the expiry on); accounts.security.SessionLimitMiddleware
# ends a session 12 hours after sign-in however active it is.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_ABSOLUTE_AGE = timedelta(hours=12)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE = env.bool("SECURE", default=not DEBUG)
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = SECURE and env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if SECURE else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS = [
    # HSTS preload is a decision for the jobcenter's domain owner, not for the application.
    "security.W021",
    # Blocking by account only is deliberate (5 failures per account, from anywhere); axes
    # counts every address and browser of one account together, so rotating them gains nothing.
    "axes.W006",
]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# --- Internationalisation ------------------------------------------------------------------
LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Dansk")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / ".data" / "media")))
# Files that background jobs make (PDFs, exports) are deleted this many days after the job
# finished; the person who started the job can make them again.
JOB_FILE_RETENTION_DAYS = env.int("JOB_FILE_RETENTION_DAYS", default=7)
# A list's export of more rows than this is made by a worker as a background job
# (accounts/exports.py) instead of inside the request.
EXPORT_MAX_ROWS_IN_REQUEST = env.int("EXPORT_MAX_ROWS_IN_REQUEST", default=5000)

# --- E-mail ---------------------------------------------------------------------------------
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    default=(
        "django.core.mail.backends.console.EmailBackend"
        if DEBUG
        else "django.core.mail.backends.smtp.EmailBackend"
    ),
)
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = secret("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Jobbro <jobbro@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Logging --------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_query_strings": {"()": "config.request_logging.NoQueryStrings"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server"},
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        # django-axes reports every start and every cleared attempt at INFO; our own
        # jobbro.security logger says what matters about sign-ins. WeasyPrint reports each
        # step of every PDF at INFO.
        "axes": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
        # runserver's line per request (`make run`): the path without its query string, which
        # may hold a search (gunicorn's is set in config/gunicorn_conf.py).
        "django.server": {
            "handlers": ["django.server"],
            "filters": ["no_query_strings"],
            "level": "INFO",
            "propagate": False,
        },
    },
}
