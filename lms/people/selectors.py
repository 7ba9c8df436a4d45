"""Reads for people."""

from django.contrib.auth.models import AbstractBaseUser

from lms.people import roles
from lms.people.models import StaffProfile


def staff_profile_for_user(*, user: AbstractBaseUser) -> StaffProfile | None:
    """The user's own profile with team, role and manager loaded, or None (anonymous, or an
    account without a profile such as a bare administrator)."""
    if not user.is_authenticated:
        return None
    return (
        StaffProfile.objects.select_related("team", "job_role", "line_manager")
        .filter(user=user)
        .first()
    )


def user_role_names(*, user: AbstractBaseUser) -> list[str]:
    """Names of the product roles the user holds, in the order of ``roles.ROLE_LABELS``."""
    if not user.is_authenticated:
        return []
    held = set(user.groups.values_list("name", flat=True))
    return [name for name in roles.ROLE_LABELS if name in held]
