from django import template
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from lms.people.oidc import oidc_enabled

register = template.Library()

DEFAULT_PROVIDER_NAME = _("single sign-on")


@register.inclusion_tag("people/oidc_sign_in_button.html")
def oidc_sign_in_button(next_url: str = ""):
    """The "Sign in with …" button, or nothing when OpenID Connect is off. ``next_url`` is
    passed on; the sign-in view keeps it only if it is safe."""
    return {
        "enabled": oidc_enabled(),
        "provider_name": getattr(settings, "OIDC_PROVIDER_NAME", "") or DEFAULT_PROVIDER_NAME,
        "next_url": next_url,
    }
