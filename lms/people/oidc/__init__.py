"""Single sign-on with OpenID Connect, built on mozilla-django-oidc.

On when ``settings.OIDC_ISSUER`` is set. The provider's endpoints and keys come from its
discovery document (``discovery``), the callback matches the person to an existing account
(``backends``), and the views turn every failure into a message on the login page (``views``).
"""

from django.conf import settings


def oidc_enabled() -> bool:
    """Whether OpenID Connect sign-in is switched on (OIDC_ISSUER is set)."""
    return bool(getattr(settings, "OIDC_ISSUER", ""))
