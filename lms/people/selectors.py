"""Reads for people."""

import datetime
import re
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group
from django.db.models import Max, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from axes.helpers import get_cool_off, get_failure_limit
from axes.models import AccessAttempt

from lms.core.importing import normalise
from lms.people import roles
from lms.people.models import StaffProfile, Team


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


def _group_names(user: AbstractBaseUser) -> frozenset[str]:
    """The names of the groups ``user`` is in, asked once per user object (as Django keeps its
    permission cache), so a request asking several role questions asks the database once."""
    if not hasattr(user, "_group_names"):
        user._group_names = frozenset(user.groups.values_list("name", flat=True))
    return user._group_names


def user_has_role(*, user: AbstractBaseUser, role: str) -> bool:
    """Whether ``user`` (an active account) holds the product role ``role`` (a name from
    ``roles``); shares one query per user object with the other role questions."""
    if not user.is_authenticated or not user.is_active:
        return False
    return role in _group_names(user)


def user_is_administrator(*, user: AbstractBaseUser) -> bool:
    """Superusers and members of the Administrators role (active accounts)."""
    if not user.is_active:
        return False
    return user.is_superuser or roles.ADMINISTRATORS in _group_names(user)


def user_is_hr(*, user: AbstractBaseUser) -> bool:
    """Members of the HR role (active accounts)."""
    if not user.is_active or not user.is_authenticated:
        return False
    return roles.HR in _group_names(user)


def user_sees_all_staff(*, user: AbstractBaseUser) -> bool:
    """Whether every staff record is ``user``'s to see and keep: administrators and HR."""
    return user_is_administrator(user=user) or user_is_hr(user=user)


def staff_profiles_managed_by(*, user: AbstractBaseUser) -> QuerySet[StaffProfile]:
    """The staff records ``user`` may see and keep: everyone for an administrator; for HR
    everyone but superusers and themselves; for anyone else the members of the teams they
    manage and their direct reports, never a superuser's record and never their own."""
    profiles = StaffProfile.objects.select_related("user", "team", "job_role")
    if user_is_administrator(user=user):
        return profiles
    if user_is_hr(user=user):
        return profiles.exclude(user__is_superuser=True).exclude(user=user)
    return staff_profiles_managed_directly(user=user)


def staff_profiles_managed_directly(*, user: AbstractBaseUser) -> QuerySet[StaffProfile]:
    """The members of the teams ``user`` manages and their direct reports, whatever their
    role (HR and administrators included: what they manage themselves, not everyone), never a
    superuser's record and never their own; with user, team and job role loaded. Leavers are
    included (callers that want only current staff filter them out)."""
    return (
        StaffProfile.objects.select_related("user", "team", "job_role")
        .filter(Q(team__managers=user) | Q(line_manager=user))
        .exclude(user__is_superuser=True)
        .exclude(user=user)
        .distinct()
    )


def staff_profile_can_manage(*, user: AbstractBaseUser, profile: StaffProfile) -> bool:
    """Whether ``user`` may change ``profile`` (see ``staff_profiles_managed_by``)."""
    return staff_profiles_managed_by(user=user).filter(pk=profile.pk).exists()


@dataclass(frozen=True)
class SignInLockout:
    """A person (as typed on the login form) refused at one network address, and until when."""

    username: str
    ip_address: str
    failures: int
    last_attempt: datetime.datetime
    locked_until: datetime.datetime


def sign_in_lockouts_current() -> list[SignInLockout]:
    """The username-and-address pairs django-axes refuses now, latest attempt first: at least
    ``AXES_FAILURE_LIMIT`` failures within the cool-off, added up over the browsers used (axes
    keeps a record per browser but locks the pair). One query."""
    cool_off = get_cool_off()
    rows = (
        AccessAttempt.objects.filter(
            attempt_time__gt=timezone.now() - cool_off, username__isnull=False
        )
        .values("username", "ip_address")
        .annotate(failures=Sum("failures_since_start"), last_attempt=Max("attempt_time"))
        .filter(failures__gte=get_failure_limit(None, None))
        .order_by("-last_attempt", "username")
    )
    return [SignInLockout(**row, locked_until=row["last_attempt"] + cool_off) for row in rows]


# --- Hiring -------------------------------------------------------------------------------------


def roles_grantable_by(*, user: AbstractBaseUser) -> list[str]:
    """The roles ``user`` may give a person they hire, besides the learner role everyone has:
    every role for an administrator, ``roles.GRANTABLE_BY_HR`` for HR,
    ``roles.GRANTABLE_BY_MANAGERS`` for anyone else."""
    if user_is_administrator(user=user):
        names = roles.ROLE_LABELS
    elif user_is_hr(user=user):
        names = roles.GRANTABLE_BY_HR
    else:
        names = roles.GRANTABLE_BY_MANAGERS
    return [name for name in names if name != roles.LEARNERS]


def teams_for_hiring(*, user: AbstractBaseUser) -> QuerySet[Team]:
    """The teams ``user`` may hire into: every team for an administrator or HR, the teams they
    manage for anyone else."""
    if user_sees_all_staff(user=user):
        return Team.objects.all()
    return Team.objects.filter(managers=user)


def line_managers_for_hiring(*, user: AbstractBaseUser) -> QuerySet:
    """Whom a new person may report to: the people who manage (the Managers or Administrators
    role, a team's manager, someone's line manager) and ``user`` themselves; active accounts
    only."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(pk=user.pk)
            | Q(groups__name__in=[roles.MANAGERS, roles.HR, roles.ADMINISTRATORS])
            | Q(managed_teams__isnull=False)
            | Q(direct_reports__isnull=False)
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def username_for_email(*, email: str) -> str:
    """A free username made from the part of ``email`` before @ (lower case, only the
    characters a username may hold), with 2, 3, … added when it is taken: "n.orlov",
    "n.orlov2"."""
    base = re.sub(r"[^\w.@+-]", "", email.split("@", 1)[0].lower())[:140] or "user"
    User = get_user_model()
    taken = {
        name.lower()
        for name in User.objects.filter(username__istartswith=base).values_list(
            "username", flat=True
        )
    }
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}{number}"
    return candidate


def staff_profiles_listed(
    *,
    team: str | None = None,
    status: str | None = None,
    updated_since: datetime.datetime | None = None,
) -> QuerySet[StaffProfile]:
    """Staff profiles for the HR API's list, oldest change first: of the team named ``team``
    (as the staff import matches team names), with ``status``, changed at or after ``updated_since``. Users, teams, job
    roles and line managers' employee IDs come in the same query; the role groups of a page in
    one more (so a page costs the same number of queries whatever its size)."""
    profiles = StaffProfile.objects.select_related(
        "user", "team", "job_role", "line_manager__staff_profile"
    ).prefetch_related(
        Prefetch(
            "user__groups",
            queryset=Group.objects.filter(name__in=roles.ROLE_LABELS).order_by("name"),
            to_attr="role_groups",
        )
    )
    if team:
        # Compared as the staff import compares team names (case, "ё", spaces), which SQLite's
        # iexact cannot do for Cyrillic; teams are few.
        wanted = normalise(team)
        team_ids = [
            pk for pk, name in Team.objects.values_list("id", "name") if normalise(name) == wanted
        ]
        profiles = profiles.filter(team_id__in=team_ids)
    if status:
        profiles = profiles.filter(status=status)
    if updated_since is not None:
        profiles = profiles.filter(updated_at__gte=updated_since)
    return profiles.order_by("updated_at", "pk")
