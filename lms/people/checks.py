"""System checks of the sign-in settings (``manage.py check``, run at every start)."""

from django.conf import settings
from django.core import checks

from lms.people import roles

# Backends that never let anyone in by themselves.
_NOT_SIGN_IN = {
    "lms.people.backends.LocalLoginOffBackend",
    "axes.backends.AxesBackend",
    "axes.backends.AxesStandaloneBackend",
}


@checks.register(checks.Tags.security)
def sign_in_settings_check(app_configs, **kwargs):
    """Roles in AUTH_LDAP_GROUP_ROLE_MAP exist; someone can still sign in with LOCAL_LOGIN=off."""
    errors = []
    allowed = set(roles.ROLE_LABELS) - {roles.LEARNERS}
    for group_dn, role in (getattr(settings, "AUTH_LDAP_GROUP_ROLE_MAP", None) or {}).items():
        if role not in allowed:
            errors.append(
                checks.Error(
                    f"AUTH_LDAP_GROUP_ROLE_MAP maps {group_dn!r} to unknown role {role!r}.",
                    hint=f"Use one of: {', '.join(sorted(allowed))}. Every staff member is a "
                    "learner already.",
                    id="people.E001",
                )
            )
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
