"""What the reports app tells people: a manager's reminder of overdue assignments."""

from django.utils.translation import gettext_lazy as _

from lms.notifications.kinds import Kind, register

OVERDUE_REMINDER = register(
    Kind(
        key="reports.overdue_reminder",
        label=_("A reminder of your overdue assignments"),
        title=_("%(sender)s reminds you: %(count)s of your assignments are overdue."),
        mandatory=True,
    )
)
