"""Who is asking: the client's network address, for sign-in lockout (django-axes, through
``AXES_CLIENT_IP_CALLABLE``)."""

import ipaddress

from django.conf import settings
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
