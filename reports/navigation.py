"""The team dashboard's link in the main navigation, for the people who may open it (see
``reports.selectors.scope.reports_allowed``)."""

from django.contrib.auth.models import Group
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from lms.core.navigation import NavLink, register
from lms.people import roles
from lms.people.models import StaffProfile, Team


def _may_see_reports():
    return ExpressionWrapper(
        Q(is_superuser=True)
        | Q(Exists(Team.objects.filter(managers=OuterRef("pk"))))
        | Q(Exists(StaffProfile.objects.filter(line_manager=OuterRef("pk"))))
        | Q(
            Exists(
                Group.objects.filter(name__in=[roles.ADMINISTRATORS, roles.HR], user=OuterRef("pk"))
            )
        ),
        output_field=BooleanField(),
    )


register(
    NavLink(
        name="team_dashboard",
        label=_("Team"),
        url_name="reports:dashboard",
        order=35,
        shown=_may_see_reports,
    )
)
