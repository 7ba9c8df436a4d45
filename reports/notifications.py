"""The reports app's notification kinds (see ``lms.notifications.kinds``)."""

from django.utils.translation import gettext_lazy as _

from lms.notifications.kinds import Kind, register

WEEKLY_DIGEST = register(
    Kind(
        key="reports.weekly_digest",
        label=_("Weekly digest of your team"),
        title=_(
            "Your team this week: %(overdue)d overdue, %(finished)d finished, "
            "%(ready)d ready for solo work, %(waiting)d waiting for you."
        ),
        # The weekly digest sends its own email; the daily one would repeat it.
        daily_digest=False,
    )
)
