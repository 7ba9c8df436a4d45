"""Quality control's links in the main navigation: "Quality" for the people who evaluate
contacts (the same people as ``quality.selectors.user_evaluates``) and for mentors whose
mentees have evaluations; "My evaluations" for whoever has been evaluated. Both are
subqueries of the menu's one query."""

from django.contrib.auth.models import Group
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from lms.core.navigation import NavLink, register
from lms.people import roles
from lms.people.models import StaffProfile
from mentoring.models import Pairing
from quality.models import Evaluation

EVALUATING_ROLES = [roles.ADMINISTRATORS, roles.QA_EVALUATORS, roles.MANAGERS, roles.HR]


def _others(profiles):
    # As ``staff_profiles_managed_directly``: never oneself, never a superuser's record.
    return profiles.exclude(user=OuterRef("pk")).exclude(user__is_superuser=True)


def _sees_quality():
    mentees_evaluated = Evaluation.objects.filter(
        person__pairings_as_mentee__mentor=OuterRef("pk"),
        person__pairings_as_mentee__status=Pairing.Status.ACTIVE,
    )
    return ExpressionWrapper(
        Q(is_superuser=True)
        | Q(Exists(Group.objects.filter(name__in=EVALUATING_ROLES, user=OuterRef("pk"))))
        | Q(Exists(_others(StaffProfile.objects.filter(team__managers=OuterRef("pk")))))
        | Q(Exists(_others(StaffProfile.objects.filter(line_manager=OuterRef("pk")))))
        | Q(Exists(mentees_evaluated)),
        output_field=BooleanField(),
    )


def _was_evaluated():
    return Exists(Evaluation.objects.filter(person=OuterRef("pk")))


register(
    NavLink(
        name="quality",
        label=_("Quality"),
        url_name="quality:home",
        order=45,
        shown=_sees_quality,
    )
)
register(
    NavLink(
        name="my_evaluations",
        label=_("My evaluations"),
        url_name="quality:my_evaluations",
        order=50,
        shown=_was_evaluated,
    )
)
