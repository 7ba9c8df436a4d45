"""Settings for ``bench/learning.py``: production-like, served by gunicorn on 127.0.0.1.

DEBUG is off and templates are cached, as in production, but there is no HTTPS and static files
are not collected (the benchmark asks for none). The database comes from ``DATABASE_URL``, which
the benchmark points at a scratch database. The URLconf adds one bench-only view (see
``bench/urls_bench.py``); the product's own URLs never have it.
"""

from lms.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "bench-not-a-secret"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.urls_bench"
# Learners are made with unusable passwords and signed in by session; nothing hashes.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]  # noqa: F405
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
