"""System checks of the sign-in settings (``manage.py check``, run at every start)."""

from django.conf import settings
from django.core import checks

# Backends that never let anyone in by themselves.
_NOT_SIGN_IN = {
    "lms.people.backends.LocalLoginOffBackend",
    "axes.backends.AxesBackend",
    "axes.backends.AxesStandaloneBackend",
}


@checks.register(checks.Tags.security)
def sign_in_settings_check(app_configs, **kwargs):
    """Someone can still sign in when LOCAL_LOGIN is off."""
    errors = []
    if not set(settings.AUTHENTICATION_BACKENDS) - _NOT_SIGN_IN:
        errors.append(
            checks.Error(
                "LOCAL_LOGIN is off and no other way of signing in is configured: nobody can "
                "sign in.",
                hint="Set AUTH_LDAP_SERVER_URI (or single sign-on), or remove LOCAL_LOGIN=off.",
                id="people.E002",
            )
        )
    return errors
