"""What the login page offers, from the sign-in settings."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def password_sign_in_enabled() -> bool:
    """A username and password can sign someone in: local passwords, or the directory's."""
    return settings.LOCAL_LOGIN or bool(getattr(settings, "AUTH_LDAP_SERVER_URI", ""))


@register.simple_tag
def local_login_enabled() -> bool:
    """Passwords kept in Nastavnik work, so "Forgot your password?" can set one."""
    return settings.LOCAL_LOGIN
