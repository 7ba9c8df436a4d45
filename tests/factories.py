"""Shared factories: users, teams, job roles, staff profiles.

- ``UserFactory()``: a bare user with the password "pw" (no profile, no groups).
- ``StaffProfileFactory()``: a profile row and its user, written directly; it does not add the
  learner group. For a real staff member use ``staff_user``.
- ``staff_user(roles=(AUTHORS,), team=..., job_role=...)``: a staff member made by the real
  service ``staff_member_create`` (learner group, profile, roles), password "pw"; returns the user.
"""

import itertools

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import slugify

import factory
from factory.django import DjangoModelFactory

from lms.people.models import JobRole, StaffProfile, Team
from lms.people.services import staff_member_create

PASSWORD = "pw"

_usernames = itertools.count(1)


class UserFactory(DjangoModelFactory):
    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"Имя{n}")
    last_name = factory.Sequence(lambda n: f"Фамилия{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    password = factory.django.Password(PASSWORD)

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True


class TeamFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Team {n}")
    description = ""

    class Meta:
        model = Team


class JobRoleFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Job role {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name, allow_unicode=True))
    description = ""

    class Meta:
        model = JobRole


class StaffProfileFactory(DjangoModelFactory):
    user = factory.SubFactory(UserFactory)
    team = None
    job_role = None
    line_manager = None
    hire_date = factory.LazyFunction(timezone.localdate)
    status = StaffProfile.Status.ONBOARDING

    class Meta:
        model = StaffProfile


def staff_user(*, roles=(), username=None, **profile):
    """A staff member created through ``staff_member_create``, password "pw"; returns the user.

    ``profile`` goes to the service: first_name, team, job_role, line_manager, status, …
    """
    profile_obj = staff_member_create(
        username=username or f"staff{next(_usernames)}",
        password=PASSWORD,
        roles_=tuple(roles),
        **profile,
    )
    return profile_obj.user
