"""Wagtail admin view for administrators: the email digests that failed to send, read-only.

The hook functions at the end are registered in ``lms/notifications/wagtail_hooks.py``.
"""

from django.template.response import TemplateResponse
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from wagtail.admin.paginator import WagtailPaginator

from lms.core.decorators import PermittedMenuItem, admin_permission_required
from lms.notifications.models import Digest
from lms.notifications.selectors import digests_undelivered
from lms.notifications.services import MAX_ATTEMPTS

DIGESTS_PER_PAGE = 50
# Administrators hold every model permission (``lms.people.roles``); no other role holds this.
VIEW_PERMISSION = "notifications.view_digest"


def digests_admin_allowed(user) -> bool:
    """Whether ``user`` may see the failed digests: administrators only, as the errors name
    people's addresses and the mail server's replies. A permission rather than a group check,
    so the menu costs no query on every admin page (Django caches the permissions)."""
    return user.is_active and user.has_perm(VIEW_PERMISSION)


digests_admin_required = admin_permission_required(digests_admin_allowed)


@digests_admin_required
@require_GET
def digest_failed_list_view(request):
    """The digests that failed to send (given up, or waiting for a retry), newest first, with
    their attempts and last error; paginated. A fixed number of queries."""
    paginator = WagtailPaginator(digests_undelivered(), DIGESTS_PER_PAGE)
    page = paginator.get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "notifications/admin/digest_failed_list.html",
        {
            "page_obj": page,
            "elided_page_range": paginator.get_elided_page_range(page.number),
            "max_attempts": MAX_ATTEMPTS,
            "statuses": Digest.Status,
        },
    )


urlpatterns = [
    path("failed/", digest_failed_list_view, name="digests_failed"),
]


# --- Hook functions (registered in lms/notifications/wagtail_hooks.py) -------------------------


def notifications_admin_urls():
    """``register_admin_urls``: /admin/notifications/digests/failed/."""
    return [path("notifications/digests/", include((urlpatterns, "notifications_admin")))]


def digest_failed_menu_item():
    """``register_settings_menu_item``: "Failed digests", for administrators."""
    return PermittedMenuItem(
        _("Failed digests"),
        reverse("notifications_admin:digests_failed"),
        name="failed-digests",
        icon_name="mail",
        order=900,
        check=digests_admin_allowed,
    )
