from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from lms.api.forms import ApiTokenCreateForm
from lms.api.selectors import api_token_list_for_user
from lms.api.services import api_token_create, api_token_revoke
from lms.people import roles
from lms.people.selectors import staff_profile_for_user, user_role_names


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
