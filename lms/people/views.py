from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from wagtail.admin.views import account as wagtail_account

from lms.api.forms import ApiTokenCreateForm
from lms.api.selectors import api_token_list_for_user
from lms.api.services import api_token_create, api_token_revoke
from lms.core.throttling import client_ip_address
from lms.people import roles
from lms.people.selectors import staff_profile_for_user, user_role_names
from lms.people.services import ERROR_TOO_MANY_RESETS, password_reset_rate_limited


def _profile_page(request, *, token_form=None, status=200):
    return render(
        request,
        "people/profile.html",
        {
            "profile": staff_profile_for_user(user=request.user),
            "role_labels": [roles.ROLE_LABELS[n] for n in user_role_names(user=request.user)],
            "api_tokens": api_token_list_for_user(user=request.user),
            "token_form": token_form or ApiTokenCreateForm(),
        },
        status=status,
    )


@login_required
def profile_view(request):
    """The signed-in person's own profile: who they are, their team, role and status, and their
    personal API tokens."""
    return _profile_page(request)


@never_cache
@login_required
@require_POST
def api_token_create_view(request):
    """Create a personal API token and show it once; the answer is never cached, and the token
    is not kept anywhere (not in the session or a message) to be shown again."""
    form = ApiTokenCreateForm(request.POST)
    if form.is_valid():
        try:
            token, plaintext = api_token_create(user=request.user, name=form.cleaned_data["name"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return render(
                request,
                "people/api_token_created.html",
                {"token": token, "plaintext": plaintext},
            )
    return _profile_page(request, token_form=form, status=400)


@login_required
@require_POST
def api_token_revoke_view(request, token_id: int):
    """Revoke one of the person's own tokens; anyone else's is 404."""
    token = api_token_revoke(user=request.user, token_id=token_id)
    messages.success(
        request, _("The token “%(name)s” is revoked: it no longer works.") % {"name": token.name}
    )
    return redirect("profile")


class LocalPasswordsMixin:
    """For the password-reset forms: with ``LOCAL_LOGIN=off`` no password kept here signs
    anyone in, so there is nothing to reset and the forms are not there (404)."""

    def dispatch(self, request, *args, **kwargs):
        if not settings.LOCAL_LOGIN:
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class PasswordResetLimitMixin:
    """For a password-reset form view: refuse with 429 and a clear message, keeping what was
    typed, once the hourly limits per email and per network address are used up (see
    ``password_reset_rate_limited``). django-axes covers sign-in, not this form."""

    def form_valid(self, form):
        if password_reset_rate_limited(
            ip_address=client_ip_address(self.request), email=form.cleaned_data["email"]
        ):
            form.add_error(None, ERROR_TOO_MANY_RESETS)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


class PasswordResetView(LocalPasswordsMixin, PasswordResetLimitMixin, auth_views.PasswordResetView):
    """The site's "Forgot your password?" form. The link in the email names ``SITE_URL``, never
    the host the request happened to come in on (127.0.0.1 behind a proxy, or a forged one)."""

    @property
    def extra_email_context(self):
        site = urlsplit(settings.SITE_URL)
        return {"protocol": site.scheme, "domain": site.netloc}


class AdminPasswordResetView(
    LocalPasswordsMixin, PasswordResetLimitMixin, wagtail_account.PasswordResetView
):
    """Wagtail's admin reset form, with the same limits (its email already names
    ``WAGTAILADMIN_BASE_URL``)."""
