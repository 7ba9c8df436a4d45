"""Mentoring's links in the main navigation: the newcomer's practice (with the sessions still to
acknowledge), the mentor's mentees, and the manager's view of pairings and clearances."""

from django.contrib.auth.models import Group
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from lms.core.navigation import NavLink, count_of, register
from lms.people import roles
from lms.people.models import StaffProfile
from mentoring.models import MentorProfile, Pairing, SupervisedSession


def _has_practice():
    return Exists(Pairing.objects.filter(mentee=OuterRef("pk")))


def _to_acknowledge():
    return count_of(
        SupervisedSession.objects.filter(mentee=OuterRef("pk"), acknowledged_at__isnull=True),
        per="mentee",
    )


def _is_mentor():
    return Exists(MentorProfile.objects.filter(user=OuterRef("pk"), is_active=True))


def _others(profiles):
    return profiles.exclude(user=OuterRef("pk")).exclude(user__is_superuser=True)


def _manages_people():
    # The same people as ``staff_profiles_managed_by``: someone in a team they manage or a
    # direct report; a manager of an empty team has no one to pair yet.
    return ExpressionWrapper(
        Q(is_superuser=True)
        | Q(Exists(_others(StaffProfile.objects.filter(team__managers=OuterRef("pk")))))
        | Q(Exists(_others(StaffProfile.objects.filter(line_manager=OuterRef("pk")))))
        | Q(
            Exists(
                Group.objects.filter(name__in=[roles.ADMINISTRATORS, roles.HR], user=OuterRef("pk"))
            )
        ),
        output_field=BooleanField(),
    )


register(
    NavLink(
        name="practice",
        label=_("My practice"),
        url_name="mentoring:practice",
        order=20,
        shown=_has_practice,
        badge=_to_acknowledge,
        badge_label=ngettext_lazy(
            "%(count)d session to acknowledge", "%(count)d sessions to acknowledge", "count"
        ),
    )
)
register(
    NavLink(
        name="mentees",
        label=_("My mentees"),
        url_name="mentoring:mentees",
        order=30,
        shown=_is_mentor,
    )
)
register(
    NavLink(
        name="team_mentoring",
        label=_("Mentoring"),
        url_name="mentoring:team",
        order=40,
        shown=_manages_people,
    )
)
