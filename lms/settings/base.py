"""Settings shared by every environment. Reads the environment; holds no secrets; DEBUG is off."""

import os
from datetime import timedelta
from pathlib import Path

from django.utils.translation import gettext_lazy as _

import dj_database_url

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

DEBUG = False

ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    # Project apps first, so their templates win over the libraries'.
    "lms.core",
    "lms.people",
    "courses",
    "glossary",
    "quizzes",
    "mentoring",
    "quality",
    "reports",
    "lms.notifications",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    # wagtail.users, with the role groups named as people know them.
    "lms.people.wagtail_users.WagtailUsersConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_q",
    "ninja",
    "axes",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lms.core.middleware.ChosenLanguageMiddleware",
    # Before anything reads a body; after the language is chosen, for the refusal's text.
    "lms.core.middleware.RequestBodyLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Sees the answers of every view and middleware below it, with the person known.
    "lms.core.middleware.PrivateResponsesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "glossary.middleware.FirstTermOnlyMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lms.urls"
WSGI_APPLICATION = "lms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lms.core.context_processors.navigation",
            ],
        },
    },
]


# Database: SQLite by default, anything dj-database-url understands through DATABASE_URL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the django-q2 worker write to one file at once. IMMEDIATE transactions
    # take the write lock up front (no deadlock on lock upgrade), WAL lets readers go on while
    # one writer works, and the busy timeout makes a writer wait instead of failing at once.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


# Authentication
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
# Each role lands where it works (lms.core.landing); an explicit, safe `next` wins.
LOGIN_REDIRECT_URL = "landing"
LOGOUT_REDIRECT_URL = "login"
WAGTAIL_FRONTEND_LOGIN_URL = "/accounts/login/"

# Sign-in protection
# django-axes counts failed sign-ins per person AND address (one person's guesses from one place
# lock that pair only: nobody can lock a colleague out from elsewhere) on every login form, the
# site's, Wagtail's and Django's admin. Its backend comes first, so a locked-out pair is refused
# even with the right password. Attempts are kept in the database, shared by every process.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_CLIENT_IP_CALLABLE = "lms.core.throttling.client_ip_address"
# The client's address is the connection's (REMOTE_ADDR). Behind reverse proxies that append
# to X-Forwarded-For (nginx, a load balancer), set this to how many there are, e.g. 1: an
# address is then read from that header, never from what the client itself wrote in it.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
# The password-reset forms (the site's and the admin's) send at most this many emails an hour to
# one address, and take at most this many requests an hour from one network address. Counted in
# the cache: per process unless REDIS_URL is set.
PASSWORD_RESET_LIMIT_PER_EMAIL = int(os.environ.get("PASSWORD_RESET_LIMIT_PER_EMAIL", "5"))
PASSWORD_RESET_LIMIT_PER_IP = int(os.environ.get("PASSWORD_RESET_LIMIT_PER_IP", "20"))
PASSWORD_RESET_LIMIT_PERIOD = 60 * 60
# Markdown images load only from the site's own media and static files, or over https from
# these hosts (comma-separated, e.g. "images.example.com"): no tracking pixels in content.
MARKDOWN_IMAGE_HOSTS = [
    h.strip().lower() for h in os.environ.get("MARKDOWN_IMAGE_HOSTS", "").split(",") if h.strip()
]


# Internationalisation: Russian first, English second.
LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", _("Russian")), ("en", _("English"))]
LOCALE_PATHS = [PROJECT_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Moscow")
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES


# Static and media files
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static"
STATICFILES_DIRS = [PROJECT_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Let Django serve uploads itself: fine on one machine, off in production by default.
SERVE_MEDIA = os.environ.get("SERVE_MEDIA", "false").lower() == "true"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Request limits and caching (security)
# A body read into memory (a form's fields, an API request's JSON) may be this big, no bigger.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(
    os.environ.get("DJANGO_DATA_UPLOAD_MAX_MEMORY_SIZE", str(5 * 1024 * 1024))
)
# An uploaded file bigger than this is written to a temporary file instead of kept in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = int(
    os.environ.get("DJANGO_FILE_UPLOAD_MAX_MEMORY_SIZE", str(int(2.5 * 1024 * 1024)))
)
# A request declaring a bigger body is refused (413) before it is read: the largest upload, a
# 20 MB document (WAGTAILDOCS_MAX_UPLOAD_SIZE), fits with its form around it.
REQUEST_MAX_BODY_SIZE = int(os.environ.get("REQUEST_MAX_BODY_SIZE", str(25 * 1024 * 1024)))
# Answers to signed-in people and every API answer carry "Cache-Control: private, no-store":
# see lms.core.middleware.PrivateResponsesMiddleware in MIDDLEWARE.


# Email: console unless an SMTP host is given.
if "EMAIL_HOST" in os.environ:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "true").lower() == "true"
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "nastavnik@localhost")
# The public address of the site, for absolute links in emails (the daily and weekly digests).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# The daily email digest is prepared from this hour (local time) on.
NOTIFICATION_DIGEST_HOUR = int(os.environ.get("NOTIFICATION_DIGEST_HOUR", "7"))
# At most this many different cards a person reviews a day.
REVIEW_DAILY_LIMIT = int(os.environ.get("REVIEW_DAILY_LIMIT", "20"))
# Days people get to re-learn a published change ("staff must re-learn this").
CONTENT_CHANGE_DUE_DAYS = int(os.environ.get("CONTENT_CHANGE_DUE_DAYS", "7"))

# Managers' weekly digest (reports): sent on Mondays at this local time (HH:MM in TIME_ZONE).
# After changing it, run `manage.py sync_schedules` (deploys and `make run` do).
WEEKLY_DIGEST_TIME = os.environ.get("WEEKLY_DIGEST_TIME", "08:00")


# Cache: Redis when REDIS_URL is set (shared by every process), otherwise per process.
if "REDIS_URL" in os.environ:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


# Background work: django-q2. The database broker by default, Redis when REDIS_URL is set.
# `timeout` stays below `retry`, or a slow task would be handed to a second worker while the
# first still runs it.
Q_CLUSTER = {
    "name": "nastavnik",
    "workers": int(os.environ.get("Q_WORKERS", "2")),
    "timeout": 300,
    "retry": 360,
    "max_attempts": 5,
    "ack_failures": True,
    "catch_up": False,
    "save_limit": 500,
    "label": "Django Q2",
    "orm": "default",
}
if "REDIS_URL" in os.environ:
    del Q_CLUSTER["orm"]
    Q_CLUSTER["redis"] = os.environ["REDIS_URL"]

# Wagtail's own background work (reference index updates) runs in-process.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# A worker whose last heartbeat is older than this is reported as stalled by /healthz.
WORKER_HEARTBEAT_MAX_AGE = int(os.environ.get("WORKER_HEARTBEAT_MAX_AGE", "180"))


# Wagtail
WAGTAIL_SITE_NAME = "Наставник"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
if DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql"):
    # PostgreSQL's Russian stemmer: «домофона» finds «домофон». SQLite matches words as typed.
    WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] = "russian"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True

# File imports (limits)
# Every import (glossary, questions, and those to come) reads files through lms/core/tabular.py,
# which stops at these, from the admin and from management commands alike. The admin upload
# forms keep their own, smaller size limits.
IMPORT_MAX_FILE_BYTES = int(os.environ.get("IMPORT_MAX_FILE_BYTES", str(10 * 1024 * 1024)))
# Rows of a CSV or XLSX sheet, as an editor numbers them (the header and blank rows count).
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "50000"))
# Cells of a table, empty cells within a row included.
IMPORT_MAX_CELLS = int(os.environ.get("IMPORT_MAX_CELLS", "2000000"))
# Lines of a text file whose records span several lines (GIFT, Aiken).
IMPORT_MAX_LINES = int(os.environ.get("IMPORT_MAX_LINES", "200000"))
# What an XLSX (a zip archive) may unpack to; 50,000 ordinary rows take about 20 MB.
IMPORT_MAX_UNPACKED_BYTES = int(os.environ.get("IMPORT_MAX_UNPACKED_BYTES", str(50 * 1024 * 1024)))
# Question files (quizzes/importing.py, docs/question-import.md): questions per file, characters
# per text, answers/numbers/pairs/tags per question, levels of categories and nesting.
IMPORT_MAX_QUESTIONS = int(os.environ.get("IMPORT_MAX_QUESTIONS", "20000"))
IMPORT_MAX_TEXT_CHARS = int(os.environ.get("IMPORT_MAX_TEXT_CHARS", "100000"))
IMPORT_MAX_PARTS = int(os.environ.get("IMPORT_MAX_PARTS", "200"))
IMPORT_MAX_DEPTH = int(os.environ.get("IMPORT_MAX_DEPTH", "20"))
# This bank's name in its question exports ([bank:KEY]); empty: derived from SECRET_KEY.
QUESTION_BANK_KEY = os.environ.get("QUESTION_BANK_KEY", "")

# Report exports (reports/api_exports.py, docs/report-exports.md)
# An export of more rows than this (one COUNT query decides) is not streamed in the request: it
# is written by a worker and the person gets an inbox notification with a download link.
REPORTS_EXPORT_INLINE_MAX_ROWS = int(os.environ.get("REPORTS_EXPORT_INLINE_MAX_ROWS", "20000"))
# The same for XLSX, slower to write (about 1 ms a row without lxml): 5,000 rows take ~4 s.
REPORTS_EXPORT_INLINE_MAX_XLSX_ROWS = int(
    os.environ.get("REPORTS_EXPORT_INLINE_MAX_XLSX_ROWS", "5000")
)
# Where the worker writes those files: a private folder, outside MEDIA_ROOT, because the web
# server may publish everything under /media/. Several machines need it shared (a volume), or
# define a "reports_exports" entry in STORAGES (e.g. a private object-storage bucket) instead.
REPORTS_EXPORT_ROOT = Path(os.environ.get("REPORTS_EXPORT_ROOT", BASE_DIR / "private" / "exports"))
# Days a finished export can be downloaded; the hourly cleanup deletes the file afterwards.
REPORTS_EXPORT_KEEP_DAYS = int(os.environ.get("REPORTS_EXPORT_KEEP_DAYS", "7"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django_q": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        "pymorphy3": {"level": "WARNING"},
        # Failed sign-ins and lockouts are warnings; its start-up banner and successes are not.
        "axes": {"level": "WARNING"},
    },
}


# Directory sign-in (LDAP / Active Directory), and local passwords (LOCAL_LOGIN=off refuses them).
# Backends that blocks above put in the list (a lockout guard) are kept; single sign-on
# backends below are appended. See lms/settings/sign_in.py and the README for the variables.
from lms.settings import sign_in  # noqa: E402

LOCAL_LOGIN = sign_in.env_switch(os.environ, "LOCAL_LOGIN", default=True)
AUTHENTICATION_BACKENDS = sign_in.sign_in_backends(
    list(globals().get("AUTHENTICATION_BACKENDS", [sign_in.MODEL_BACKEND])),
    local_login=LOCAL_LOGIN,
    directory="AUTH_LDAP_SERVER_URI" in os.environ,
)
if "AUTH_LDAP_SERVER_URI" in os.environ:
    globals().update(sign_in.directory_settings(os.environ))

# Single sign-on (OpenID Connect)
# On when OIDC_ISSUER names the provider (e.g. https://sso.example.com/realms/staff). Its
# endpoints and keys are read from the issuer's discovery document when first needed and cached,
# so the site starts while the provider is down. People sign in only to accounts that already
# exist, matched by verified email or by OIDC_EMPLOYEE_ID_CLAIM: nobody is ever created.
OIDC_ISSUER = os.environ.get("OIDC_ISSUER", "").strip().rstrip("/")
if OIDC_ISSUER:
    OIDC_RP_CLIENT_ID = os.environ["OIDC_CLIENT_ID"]
    OIDC_RP_CLIENT_SECRET = os.environ["OIDC_CLIENT_SECRET"]
    OIDC_RP_SCOPES = os.environ.get("OIDC_SCOPES", "openid email profile")
    # Shown on the button, "Sign in with …"; empty means "single sign-on".
    OIDC_PROVIDER_NAME = os.environ.get("OIDC_PROVIDER_NAME", "")
    # A claim carrying the personnel number (StaffProfile.employee_id), e.g. "employee_id".
    OIDC_EMPLOYEE_ID_CLAIM = os.environ.get("OIDC_EMPLOYEE_ID_CLAIM", "")
    # Match by email only when the provider says the address is verified (email_verified).
    OIDC_REQUIRE_VERIFIED_EMAIL = (
        os.environ.get("OIDC_REQUIRE_VERIFIED_EMAIL", "true").lower() == "true"
    )
    OIDC_TIMEOUT = int(os.environ.get("OIDC_TIMEOUT", "10"))
    OIDC_DISCOVERY_CACHE_SECONDS = int(os.environ.get("OIDC_DISCOVERY_CACHE_SECONDS", "3600"))
    OIDC_CREATE_USER = False
    # After the backends set above (Django's ModelBackend when none are).
    AUTHENTICATION_BACKENDS = [*AUTHENTICATION_BACKENDS, "lms.people.oidc.backends.OIDCBackend"]

# --- Roles people recognise (issue 14): where each role lands after signing in ----------------
# Where a manager (and HR) lands (a URL name or path): the team dashboard.
LANDING_MANAGER_URL = "reports:dashboard"
# Where a QA evaluator lands: the quality page.
LANDING_QA_URL = "quality:home"

# --- Team dashboard (issue 15) -------------------------------------------------------------------
# A manager's one-click reminder of overdue assignments reaches a person at most once in this
# many hours, however often it is clicked.
REPORTS_REMINDER_INTERVAL_HOURS = int(os.environ.get("REPORTS_REMINDER_INTERVAL_HOURS", "12"))

# Staff import and invitations (issue 14: staff import)
# An invitation link (python manage.py import_staff --invite, and the admin's staff import) works
# once and for this many days.
INVITATION_TIMEOUT_DAYS = int(os.environ.get("INVITATION_TIMEOUT_DAYS", "7"))
