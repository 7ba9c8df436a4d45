"""The "Certificates" link in the main navigation: for people who hold a certificate and for
those who may revoke others' (managers, HR, administrators). Registered from
``ReportsConfig.ready`` (the app's ``navigation`` module is left to the dashboard's links)."""

from django.contrib.auth.models import Group
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from lms.core.navigation import NavLink, register
from lms.people import roles
from lms.people.models import StaffProfile
from reports.models import Certificate


def _shown():
    # The same people as ``staff_in_scope`` is not empty for, plus every holder.
    others = StaffProfile.objects.exclude(user=OuterRef("pk")).exclude(user__is_superuser=True)
    return ExpressionWrapper(
        Q(is_superuser=True)
        | Q(Exists(Certificate.objects.filter(user=OuterRef("pk"))))
        | Q(Exists(others.filter(team__managers=OuterRef("pk"))))
        | Q(Exists(others.filter(line_manager=OuterRef("pk"))))
        | Q(
            Exists(
                Group.objects.filter(name__in=[roles.ADMINISTRATORS, roles.HR], user=OuterRef("pk"))
            )
        ),
        output_field=BooleanField(),
    )


CERTIFICATES = register(
    NavLink(
        name="certificates",
        label=_("Certificates"),
        url_name="reports:certificates",
        order=60,
        shown=_shown,
    )
)
