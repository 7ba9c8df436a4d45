"""Who is asking (the client's network address) and how often: the pieces that sign-in lockout
(django-axes, through ``AXES_CLIENT_IP_CALLABLE``) and the password-reset limit share."""

import hashlib
import ipaddress

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_ip_address(request: HttpRequest) -> str | None:
    """The address of the client that sent ``request``; None for a request made in code.

    By default the connection's own address (``REMOTE_ADDR``): X-Forwarded-For is written by
    the client as much as by any proxy, so trusting it would let an attacker pick a new address
    for every guess. Behind ``TRUSTED_PROXY_COUNT`` reverse proxies, each of which appends the
    address it saw, the address the outermost proxy saw is the N-th entry from the right; a
    missing, short or malformed header falls back to ``REMOTE_ADDR``.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(forwarded) < proxies:
        return remote
    candidate = forwarded[-proxies]
    try:
        ipaddress.ip_address(candidate)
    except ValueError:
        return remote
    return candidate


def rate_limit_exceeded(*, scope: str, key: str, limit: int, period: int) -> bool:
    """Count one more request for ``key`` in ``scope``; return True once there have been more
    than ``limit`` in the current window of ``period`` seconds (from the window's first request).

    Counts live in Django's cache: shared by every process with Redis, per process with the
    local-memory cache. ``add`` then ``incr`` keeps the count atomic under concurrent requests.
    The key is hashed, so addresses and emails are not kept in the cache as they are."""
    digest = hashlib.sha256(key.encode()).hexdigest()
    cache_key = f"ratelimit:{scope}:{digest}"
    cache.add(cache_key, 0, timeout=period)
    try:
        count = cache.incr(cache_key)
    except ValueError:
        # The window ended between add and incr: this request opens the next one.
        cache.add(cache_key, 1, timeout=period)
        count = 1
    return count > limit
