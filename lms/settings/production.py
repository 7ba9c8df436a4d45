"""Production: every secret from the environment, HTTPS everywhere."""

import os

from .base import *  # noqa: F403

# No default: a production process without a real key must not start.
SECRET_KEY = os.environ["SECRET_KEY"]

if not ALLOWED_HOSTS:  # noqa: F405
    raise RuntimeError("DJANGO_ALLOWED_HOSTS must name the hosts this site answers on.")

# Links in emails (moderation, password reset from the admin) must name the real site.
WAGTAILADMIN_BASE_URL = os.environ.get(
    "WAGTAILADMIN_BASE_URL",
    f"https://{ALLOWED_HOSTS[0].lstrip('.')}",  # noqa: F405
)
SITE_URL = os.environ.get("SITE_URL", WAGTAILADMIN_BASE_URL).rstrip("/")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Production runs behind one TLS proxy (see above), so client addresses for the sign-in lockout
# and the reset limits are read from the one X-Forwarded-For entry that proxy appends; without
# this, every client would look like the proxy and share one lockout. Set the number of proxies
# that append to the header (0 when none does).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "1"))
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true").lower() == "true"
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Cookies travel over HTTPS only, unless HTTPS is switched off for a local try-out.
SESSION_COOKIE_SECURE = SECURE_SSL_REDIRECT
CSRF_COOKIE_SECURE = SECURE_SSL_REDIRECT
LANGUAGE_COOKIE_SECURE = SECURE_SSL_REDIRECT
