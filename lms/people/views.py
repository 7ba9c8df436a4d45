from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from lms.people import roles
from lms.people.selectors import staff_profile_for_user, user_role_names


@login_required
def profile_view(request):
    """The signed-in person's own profile: who they are, their team, role and status."""
    return render(
        request,
        "people/profile.html",
        {
            "profile": staff_profile_for_user(user=request.user),
            "role_labels": [roles.ROLE_LABELS[n] for n in user_role_names(user=request.user)],
        },
    )
