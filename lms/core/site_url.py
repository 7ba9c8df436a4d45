"""Absolute addresses for links that leave the site (emails, PDFs, QR codes, invitations).

``SITE_URL`` is the address people reach the site at, and may carry a path when the site is
served under a prefix (``https://intranet.example.ru/nastavnik``). A path from ``reverse()``
carries that prefix when it is computed during a request (the server passes ``SCRIPT_NAME``)
but not in the worker, and a path stored earlier may have been made in either. Both give the
same address here: a path that already starts with the prefix is not prefixed again.
"""

from urllib.parse import urlsplit

from django.conf import settings


def absolute_url(path: str) -> str:
    """``path`` (``/learning/…``, with or without the site's prefix, or already absolute) as
    a full address under ``SITE_URL``."""
    if path.startswith(("https://", "http://")):
        return path
    site = urlsplit(settings.SITE_URL)
    origin = f"{site.scheme}://{site.netloc}"
    prefix = site.path.rstrip("/")
    path = "/" + path.lstrip("/")
    if prefix and (path == prefix or path.startswith(prefix + "/")):
        return origin + path
    return origin + prefix + path
