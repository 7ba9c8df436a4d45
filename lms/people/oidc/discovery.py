"""The identity provider's configuration, read from its discovery document.

mozilla-django-oidc wants every endpoint in settings; here only the issuer is configured and the
rest is read from ``{issuer}/.well-known/openid-configuration`` when first needed (never at import
or settings time, so the site starts while the provider is down) and kept in the cache for
``OIDC_DISCOVERY_CACHE_SECONDS``. The signing keys (JWKS) are cached the same way and fetched
again at once when a token names a key the cache does not have (the provider rotated its keys).
"""

import hashlib
import logging
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache

import requests

logger = logging.getLogger(__name__)

# Asymmetric algorithms only: an ID token signed with the client secret (HS256) or not signed at
# all ("none") is never accepted.
SUPPORTED_SIGNING_ALGORITHMS = (
    "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512",
)  # fmt: skip
REQUIRED_ENDPOINTS = ("authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri")


class ProviderUnavailable(Exception):
    """The provider could not be reached, or answered with something unusable."""


def _issuer() -> str:
    return settings.OIDC_ISSUER.rstrip("/")


def _cache_key(kind: str) -> str:
    digest = hashlib.sha256(_issuer().encode()).hexdigest()[:16]
    return f"oidc:{kind}:{digest}"


def _timeout() -> float:
    return float(getattr(settings, "OIDC_TIMEOUT", 10))


def _cache_seconds() -> int:
    return int(getattr(settings, "OIDC_DISCOVERY_CACHE_SECONDS", 3600))


def _get_json(url: str) -> Any:
    try:
        response = requests.get(url, timeout=_timeout(), headers={"Accept": "application/json"})
        response.raise_for_status()
        return response.json()
    except (requests.RequestException, ValueError) as exc:
        raise ProviderUnavailable(f"{url}: {exc}") from exc


def _validated(document: Any) -> dict:
    if not isinstance(document, dict):
        raise ProviderUnavailable("The discovery document is not a JSON object.")
    # OpenID Connect Discovery 1.0, section 4.3: the issuer in the document must be the one asked.
    if str(document.get("issuer", "")).rstrip("/") != _issuer():
        raise ProviderUnavailable(
            f"The discovery document names the issuer {document.get('issuer')!r}, "
            f"not {_issuer()!r}."
        )
    missing = [name for name in REQUIRED_ENDPOINTS if not document.get(name)]
    if missing:
        raise ProviderUnavailable(f"The discovery document lacks {', '.join(missing)}.")
    if urlsplit(_issuer()).scheme == "https":
        insecure = [n for n in REQUIRED_ENDPOINTS if urlsplit(document[n]).scheme != "https"]
        if insecure:
            raise ProviderUnavailable(f"Endpoints not on https: {', '.join(insecure)}.")
    if not signing_algorithms(document):
        raise ProviderUnavailable(
            f"The provider signs ID tokens with none of {', '.join(SUPPORTED_SIGNING_ALGORITHMS)}."
        )
    return document


def signing_algorithms(document: dict) -> list[str]:
    """The asymmetric algorithms both the provider and we accept for ID tokens; RS256 when the
    document names none (the default the specification sets)."""
    offered = document.get("id_token_signing_alg_values_supported") or ["RS256"]
    return [alg for alg in offered if alg in SUPPORTED_SIGNING_ALGORITHMS]


def provider_configuration() -> dict:
    """The provider's discovery document, from the cache or fetched now.

    Raises ``ProviderUnavailable`` when it cannot be fetched or is unusable (wrong issuer, an
    endpoint missing, no asymmetric signing algorithm); nothing is cached then, so the next
    attempt asks again.
    """
    key = _cache_key("configuration")
    document = cache.get(key)
    if document is None:
        document = _validated(_get_json(f"{_issuer()}/.well-known/openid-configuration"))
        cache.set(key, document, _cache_seconds())
    return document


def signing_keys(*, refresh: bool = False) -> list[dict]:
    """The provider's public signing keys (the "keys" of its JWKS), from the cache unless
    ``refresh`` is given. Raises ``ProviderUnavailable``."""
    key = _cache_key("jwks")
    keys = None if refresh else cache.get(key)
    if keys is None:
        document = _get_json(provider_configuration()["jwks_uri"])
        keys = document.get("keys") if isinstance(document, dict) else None
        if not isinstance(keys, list):
            raise ProviderUnavailable("The JWKS document has no list of keys.")
        cache.set(key, keys, _cache_seconds())
    return keys
