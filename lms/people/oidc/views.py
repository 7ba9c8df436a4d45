"""The two ends of an OpenID Connect sign-in: off to the provider, and back from it.

Each failure ends on the login page with a message the person can act on, never an error page:
the provider down, the sign-in cancelled or tampered with, or the person not let in.
"""

import logging
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.translation import gettext_lazy as _

import requests
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
    get_next_url,
)

from lms.people.oidc import discovery, oidc_enabled
from lms.people.oidc.backends import SignInRefused

logger = logging.getLogger(__name__)

PROVIDER_UNAVAILABLE = _(
    "Single sign-on is not available right now. Try again in a few minutes or ask an administrator."
)
SIGN_IN_FAILED = _("The sign-in did not complete. Please try again.")


def _back_to_login(request, message, *, next_url: str | None = None) -> HttpResponseRedirect:
    messages.error(request, message)
    url = resolve_url("login")
    if next_url:
        url = f"{url}?{urlencode({'next': next_url})}"
    return HttpResponseRedirect(url)


class OIDCSignInView(OIDCAuthenticationRequestView):
    """Sends the person to the provider's authorization endpoint, with state, nonce and (when
    the provider offers it) PKCE kept in their session. ``next`` is kept if it is safe."""

    def __init__(self, *args, **kwargs):
        # The library reads the endpoint from settings here; it comes from discovery instead.
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)

    @property
    def OIDC_OP_AUTH_ENDPOINT(self):
        return discovery.provider_configuration()["authorization_endpoint"]

    @property
    def OIDC_RP_CLIENT_ID(self):
        return import_from_settings("OIDC_RP_CLIENT_ID")

    def get_settings(self, attr, *args):
        if attr == "OIDC_USE_PKCE":
            methods = discovery.provider_configuration().get("code_challenge_methods_supported")
            return "S256" in (methods or [])
        return import_from_settings(attr, *args)

    def get(self, request):
        if not oidc_enabled():
            raise Http404
        try:
            return super().get(request)
        except discovery.ProviderUnavailable as exc:
            logger.warning("OpenID Connect provider unavailable: %s", exc)
            return _back_to_login(
                request, PROVIDER_UNAVAILABLE, next_url=get_next_url(request, "next")
            )


class OIDCCallbackView(OIDCAuthenticationCallbackView):
    """Where the provider sends the person back: state checked against the session, the code
    exchanged for tokens over the back channel, the person matched to their existing account
    and signed in with an ordinary Django session, then sent where they were going."""

    def get(self, request):
        if not oidc_enabled():
            raise Http404
        try:
            return super().get(request)
        except SignInRefused as exc:
            logger.info("OpenID Connect sign-in refused: %s", exc)
            return _back_to_login(request, exc.message)
        except SuspiciousOperation as exc:
            # An unknown state (tampered with, replayed, or from an expired session), or a
            # token that fails its checks.
            logger.warning("OpenID Connect sign-in rejected: %s", exc)
            return _back_to_login(request, SIGN_IN_FAILED)
        except (discovery.ProviderUnavailable, requests.RequestException) as exc:
            logger.warning("OpenID Connect provider failed during sign-in: %s", exc)
            response = getattr(exc, "response", None)
            if response is not None and 400 <= response.status_code < 500:
                # The provider answered, and refused the code (used twice, or expired).
                return _back_to_login(request, SIGN_IN_FAILED)
            return _back_to_login(request, PROVIDER_UNAVAILABLE)

    def login_failure(self):
        # The provider sent an error (the person cancelled, or has no access to this app) or
        # the sign-in state is missing from the session.
        return _back_to_login(self.request, SIGN_IN_FAILED)
