"""Wagtail admin view for administrators: who is locked out of signing in, and from where, with
a button that lifts a lockout (django-axes keeps the attempts; Django's admin lists them raw).

The hook functions at the end are registered in ``lms/people/wagtail_hooks.py``.
"""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from lms.core.decorators import PermittedMenuItem, admin_permission_required
from lms.people.selectors import sign_in_lockouts_current
from lms.people.services import sign_in_lockout_release

# Administrators hold every model permission (``lms.people.roles``); no other role holds this.
RELEASE_PERMISSION = "axes.delete_accessattempt"

MESSAGE_RELEASED = _("“%(username)s” can sign in from %(ip)s again.")
MESSAGE_NOT_LOCKED = _("“%(username)s” was not locked out at %(ip)s.")
ERROR_RELEASE_INVALID = _("Choose a lockout from the list to lift.")


def lockouts_admin_allowed(user) -> bool:
    """Whether ``user`` may see and lift sign-in lockouts: administrators only. A permission
    rather than a group check, so the menu costs no query (Django caches permissions)."""
    return user.is_active and user.has_perm(RELEASE_PERMISSION)


lockouts_admin_required = admin_permission_required(lockouts_admin_allowed)


class LockoutReleaseForm(forms.Form):
    username = forms.CharField(max_length=255)
    ip = forms.GenericIPAddressField()


@lockouts_admin_required
@require_GET
def lockout_list_view(request):
    """The current sign-in lockouts, latest first, each with an "Unlock" button."""
    return TemplateResponse(
        request,
        "people/admin/lockout_list.html",
        {"lockouts": sign_in_lockouts_current()},
    )


@lockouts_admin_required
@require_POST
def lockout_release_view(request):
    """Lift one lockout (a username at an address) and go back to the list."""
    form = LockoutReleaseForm(request.POST)
    if not form.is_valid():
        messages.error(request, ERROR_RELEASE_INVALID)
        return redirect("people_admin:lockouts")
    username, ip = form.cleaned_data["username"], form.cleaned_data["ip"]
    removed = sign_in_lockout_release(username=username, ip_address=ip, released_by=request.user)
    message = MESSAGE_RELEASED if removed else MESSAGE_NOT_LOCKED
    messages.success(request, message % {"username": username, "ip": ip})
    return redirect("people_admin:lockouts")


urlpatterns = [
    path("", lockout_list_view, name="lockouts"),
    path("release/", lockout_release_view, name="lockout_release"),
]


# --- Hook functions (registered in lms/people/wagtail_hooks.py) ---------------------------------


def lockouts_admin_urls():
    """``register_admin_urls``: /admin/sign-in-lockouts/."""
    return [path("sign-in-lockouts/", include((urlpatterns, "people_admin")))]


def lockouts_menu_item():
    """``register_settings_menu_item``: "Sign-in lockouts", for administrators."""
    return PermittedMenuItem(
        _("Sign-in lockouts"),
        reverse("people_admin:lockouts"),
        name="sign-in-lockouts",
        icon_name="lock",
        order=910,
        check=lockouts_admin_allowed,
    )
