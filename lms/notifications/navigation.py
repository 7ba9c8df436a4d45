"""The inbox in the main navigation, with the number of unread notifications."""

from django.db.models import OuterRef
from django.utils.translation import gettext_lazy as _

from lms.core.navigation import NavLink, count_of, register
from lms.notifications.models import Notification

register(
    NavLink(
        name="notifications",
        label=_("Notifications"),
        url_name="notifications:inbox",
        order=90,
        badge=lambda: count_of(
            Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True),
            per="recipient",
        ),
    )
)
