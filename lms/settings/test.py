"""Tests: fast and deterministic."""

import atexit
import shutil
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

SECRET_KEY = "not-a-secret-test-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Uploads go to a throwaway folder on disk (not InMemoryStorage): Wagtail serves documents from a
# local path when the storage has one, and the tests should take the same path as production.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="nastavnik-test-media-"))
atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)
REPORTS_EXPORT_ROOT = Path(tempfile.mkdtemp(prefix="nastavnik-test-exports-"))
atexit.register(shutil.rmtree, REPORTS_EXPORT_ROOT, ignore_errors=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
Q_CLUSTER = {**Q_CLUSTER, "sync": True}  # noqa: F405
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
LOGGING = {"version": 1, "disable_existing_loggers": False}
# Sign-in lockout stays on (the tests exercise it); only the test client's login(), which has
# no request, skips it (see tests.backends).
AUTHENTICATION_BACKENDS = ["tests.backends.AxesTestBackend", *AUTHENTICATION_BACKENDS[1:]]  # noqa: F405

# Static files come from the app directories through django.contrib.staticfiles here;
# WhiteNoise serves the collected files in production only.
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]  # noqa: F405
SERVE_MEDIA = True
