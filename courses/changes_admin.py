"""Admin side of change-driven refreshers: a CRM release flags the tutorials of the features it
changed, and one page lists the tutorials to review and the changes published for re-learning.

Imported by ``courses.wagtail_hooks`` so that its hooks register."""

from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wagtail import hooks
from wagtail.admin import messages

from courses.models import CrmRelease
from courses.selectors import recent_changes, tutorials_to_review
from courses.services import crm_release_flag
from lms.core.decorators import PermittedMenuItem, admin_permission_required

RECENT_CHANGES = 50


def changes_allowed(*, user) -> bool:
    return user.has_perm("courses.view_contentchange")


@admin_permission_required(changes_allowed)
def relearning_view(request):
    """Tutorials a CRM release asks authors to review, and the changes recently published for
    re-learning with how many people got each. Three queries whatever the numbers."""
    return TemplateResponse(
        request,
        "courses/admin/relearning.html",
        {
            "reviews": list(tutorials_to_review()),
            "changes": list(recent_changes(limit=RECENT_CHANGES)),
        },
    )


@hooks.register("register_admin_urls")
def relearning_admin_urls():
    return [path("courses/relearning/", relearning_view, name="courses_relearning")]


@hooks.register("register_reports_menu_item")
def relearning_menu_item():
    return PermittedMenuItem(
        _("Re-learning"),
        reverse("courses_relearning"),
        name="courses-relearning",
        icon_name="history",
        order=900,
        check=changes_allowed,
    )


def _release_saved(request, instance):
    if not isinstance(instance, CrmRelease):
        return
    flagged = crm_release_flag(release=instance)
    if flagged:
        messages.warning(
            request,
            ngettext(
                "%(count)d CRM tutorial is flagged for review: it teaches a feature this release "
                "changed.",
                "%(count)d CRM tutorials are flagged for review: they teach features this "
                "release changed.",
                flagged,
            )
            % {"count": flagged},
        )


hooks.register("after_create_snippet", _release_saved)
hooks.register("after_edit_snippet", _release_saved)
