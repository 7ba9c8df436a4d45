"""The OpenID Connect authentication backend: it signs in people who already have an account.

It differs from mozilla-django-oidc's backend in four ways: endpoints and keys come from the
provider's discovery document (``discovery``), not from settings; the ID token's issuer and
audience are checked too, not only its signature and nonce; nobody is ever created; and a
refusal says why (``SignInRefused``), so the login page can tell the person.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import SuspiciousOperation
from django.utils.translation import gettext_lazy as _

import jwt
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings

from lms.people.models import StaffProfile
from lms.people.oidc import discovery, oidc_enabled

logger = logging.getLogger(__name__)

NO_ACCOUNT = _(
    "Single sign-on knows who you are, but there is no account here for you. Ask an "
    "administrator to add you."
)
NO_VERIFIED_EMAIL = _(
    "Your sign-in came without a verified email address, so your account here cannot be "
    "found. Ask an administrator for help."
)
ACCOUNT_DEACTIVATED = _("Your account is deactivated. Ask an administrator if this is a mistake.")
PERSON_LEFT = _("Your account is closed because you have left the company.")

# Seconds of clock difference between us and the provider tolerated on the token's times.
CLOCK_LEEWAY = 60


class SignInRefused(Exception):
    """The provider vouched for someone who may not sign in here; ``message`` tells them why."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def _is_true(value) -> bool:
    # Some providers send booleans as strings ("true").
    return value is True or str(value).lower() == "true"


def user_for_claims(*, claims: dict) -> AbstractBaseUser:
    """The existing account the provider's ``claims`` belong to.

    Matched by the employee ID claim (``OIDC_EMPLOYEE_ID_CLAIM``, against
    ``StaffProfile.employee_id``) when configured and present, otherwise by the email address,
    which must be verified (``email_verified``) unless ``OIDC_REQUIRE_VERIFIED_EMAIL`` is off. An
    address shared by two accounts matches neither; an address whose account carries a different
    employee ID than the claim does not match either.

    Raises ``SignInRefused`` for nobody found, a person who has left, or a deactivated account.
    """
    User = get_user_model()
    claim = getattr(settings, "OIDC_EMPLOYEE_ID_CLAIM", "")
    employee_id = str(claims.get(claim) or "").strip() if claim else ""
    user = None
    if employee_id:
        user = User.objects.filter(staff_profile__employee_id=employee_id).first()
    if user is None:
        email = str(claims.get("email") or "").strip()
        verified = _is_true(claims.get("email_verified")) or not getattr(
            settings, "OIDC_REQUIRE_VERIFIED_EMAIL", True
        )
        if not (email and verified):
            raise SignInRefused(NO_ACCOUNT if employee_id else NO_VERIFIED_EMAIL)
        matches = list(User.objects.filter(email__iexact=email)[:2])
        if len(matches) == 1:
            user = matches[0]
            known_id = (
                StaffProfile.objects.filter(user=user).values_list("employee_id", flat=True).first()
            )
            if employee_id and known_id and known_id != employee_id:
                user = None
    if user is None:
        raise SignInRefused(NO_ACCOUNT)
    profile = StaffProfile.objects.filter(user=user).first()
    if profile is not None and profile.has_left:
        raise SignInRefused(PERSON_LEFT)
    if not user.is_active:
        raise SignInRefused(ACCOUNT_DEACTIVATED)
    return user


class OIDCBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend with discovery, stricter ID token checks and no new
    accounts. Acts only for the callback view (which passes ``nonce``), never for a password."""

    def __init__(self, *args, **kwargs):
        # The library reads every endpoint here. Django builds a backend for every sign-in
        # attempt and for every request of a signed-in person, so nothing may be fetched yet.
        self.UserModel = get_user_model()

    @property
    def OIDC_RP_CLIENT_ID(self):
        return settings.OIDC_RP_CLIENT_ID

    @property
    def OIDC_RP_CLIENT_SECRET(self):
        return settings.OIDC_RP_CLIENT_SECRET

    @property
    def OIDC_OP_TOKEN_ENDPOINT(self):
        return discovery.provider_configuration()["token_endpoint"]

    @property
    def OIDC_OP_USER_ENDPOINT(self):
        return discovery.provider_configuration()["userinfo_endpoint"]

    def get_settings(self, attr, *args):
        if attr == "OIDC_TOKEN_USE_BASIC_AUTH":
            # The provider says how it wants the client to authenticate; "client_secret_basic"
            # is the default the specification sets when it says nothing.
            methods = discovery.provider_configuration().get(
                "token_endpoint_auth_methods_supported"
            ) or ["client_secret_basic"]
            return "client_secret_basic" in methods
        return import_from_settings(attr, *args)

    def authenticate(self, request, **kwargs):
        if request is None or "nonce" not in kwargs or not oidc_enabled():
            return None
        return super().authenticate(request, **kwargs)

    def retrieve_matching_jwk(self, token):
        """The provider's public key that signed ``token``, as a ``jwt.PyJWK``; the keys are
        fetched again once when the token names a key the cached set lacks."""
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise SuspiciousOperation(f"Unreadable ID token: {exc}") from exc
        alg, kid = header.get("alg"), header.get("kid")
        if alg not in discovery.signing_algorithms(discovery.provider_configuration()):
            raise SuspiciousOperation(f"ID token signed with {alg!r}, which is not accepted.")
        for refresh in (False, True):
            candidates = [
                key
                for key in discovery.signing_keys(refresh=refresh)
                if key.get("use", "sig") == "sig"
                and key.get("alg", alg) == alg
                and (kid is None or key.get("kid") == kid)
            ]
            if candidates:
                try:
                    return jwt.PyJWK(candidates[0], algorithm=alg)
                except jwt.PyJWTError as exc:
                    raise SuspiciousOperation(f"Unusable signing key: {exc}") from exc
        raise SuspiciousOperation(f"No signing key {kid!r} in the provider's key set.")

    def verify_token(self, token, **kwargs):
        """The claims of ``token`` (the ID token, or a signed userinfo answer) once its signature,
        issuer, audience, times and, for the ID token, nonce are checked; raises
        ``SuspiciousOperation`` otherwise."""
        if not token:
            raise SuspiciousOperation("The provider returned no ID token.")
        key = self.retrieve_matching_jwk(token)
        is_id_token = "nonce" in kwargs
        try:
            payload = jwt.decode(
                token,
                key,
                algorithms=[key.algorithm_name],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=discovery.provider_configuration()["issuer"],
                leeway=CLOCK_LEEWAY,
                options={
                    "require": ["iss", "aud", "sub", "exp", "iat"] if is_id_token else ["sub"]
                },
            )
        except jwt.PyJWTError as exc:
            raise SuspiciousOperation(f"ID token rejected: {exc}") from exc
        if is_id_token and payload.get("nonce") != kwargs["nonce"]:
            raise SuspiciousOperation("JWT Nonce verification failed.")
        return payload

    def get_or_create_user(self, access_token, id_token, payload):
        """The existing account for the signed-in person (see ``user_for_claims``); never
        creates one. Raises ``SignInRefused``."""
        user_info = self.get_userinfo(access_token, id_token, payload)
        # OpenID Connect Core 5.3.2: userinfo about anyone but the ID token's subject is void.
        if user_info.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("The userinfo subject differs from the ID token's.")
        return user_for_claims(claims={**payload, **user_info})

    def get_user(self, user_id):
        # Django's own lookup, which refuses a deactivated account (the library's does not):
        # a person deactivated mid-session is signed out at their next request.
        return ModelBackend.get_user(self, user_id)
