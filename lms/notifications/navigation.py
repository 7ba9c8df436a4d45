"""The inbox in the main navigation, with the number of unread notifications (muted kinds are
not counted; they still show in the inbox)."""

from django.db.models import OuterRef
from django.utils.translation import gettext_lazy as _

from lms.core.navigation import NavLink, count_of, register
from lms.notifications.selectors import notifications_unread

register(
    NavLink(
        name="notifications",
        label=_("Notifications"),
        url_name="notifications:inbox",
        order=90,
        badge=lambda: count_of(notifications_unread(recipient_ref=OuterRef("pk")), per="recipient"),
    )
)
