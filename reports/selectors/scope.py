"""Whom a person may see in reports.

Every figure, list and export of the app starts from ``staff_in_scope``: a manager sees the
people of the teams they manage and their direct reports; HR and administrators see everyone.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from lms.people.models import StaffProfile, Team
from lms.people.selectors import staff_profiles_managed_by, user_sees_all_staff


def staff_in_scope(*, user: AbstractBaseUser) -> QuerySet[StaffProfile]:
    """The staff records ``user`` may see in reports (never their own unless they see
    everyone), with user, team and job role loaded."""
    return staff_profiles_managed_by(user=user)


def sees_all_staff(*, user: AbstractBaseUser) -> bool:
    """HR and administrators: everyone is in their scope, and they may filter by any team."""
    return user_sees_all_staff(user=user)


def reports_allowed(*, user: AbstractBaseUser) -> bool:
    """Whether ``user`` may open the team reports: HR and administrators, a manager of at least
    one team (even an empty one) and anyone with direct reports."""
    if not user.is_authenticated or not user.is_active:
        return False
    if sees_all_staff(user=user):
        return True
    return (
        Team.objects.filter(managers=user).exists()
        or StaffProfile.objects.filter(line_manager=user).exists()
    )
