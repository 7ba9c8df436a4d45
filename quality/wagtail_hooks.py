"""Admin wiring for quality control: scorecards, with their criteria edited inline, feedback
categories, and the imports of mystery-shopping waves and customer feedback
(``quality/admin_views.py``)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import DeleteView, SnippetViewSet

from lms.core.admin_columns import YesNoColumn
from quality.admin_views import (
    feedback_import_menu_item,
    mystery_import_menu_item,
    quality_admin_urls,
)
from quality.models import Evaluation, FeedbackCategory, Scorecard
from quality.services.versions import scorecard_version_current

ERROR_SCORECARD_USED = _(
    "This scorecard has evaluations, which keep it. Untick “active” to stop using it instead."
)


class ScorecardDeleteView(DeleteView):
    """Deleting a scorecard that evaluations were made with is refused with a message (the
    database would refuse it anyway: evaluations keep their versions)."""

    def form_valid(self, form):
        # Calibration sessions and their scorings keep the scorecard's versions as well.
        used = Evaluation.all_objects.filter(scorecard_version__scorecard=self.object).exists()
        if used or self.object.versions.filter(calibrations__isnull=False).exists():
            messages.error(self.request, ERROR_SCORECARD_USED)
            return redirect(self.get_success_url())
        return super().form_valid(form)


class ScorecardViewSet(SnippetViewSet):
    model = Scorecard
    icon = "list-ul"
    menu_label = _("Scorecards")
    menu_name = "scorecards"
    menu_order = 275
    add_to_admin_menu = True
    list_display = ["title", YesNoColumn("is_active", model=Scorecard)]
    list_filter = ["is_active"]
    search_fields = ["title"]
    copy_view_enabled = False
    delete_view_class = ScorecardDeleteView


register_snippet(ScorecardViewSet)


class FeedbackCategoryViewSet(SnippetViewSet):
    model = FeedbackCategory
    icon = "tag"
    menu_label = _("Feedback categories")
    menu_name = "feedback-categories"
    menu_order = 276
    add_to_admin_menu = True
    list_display = ["name"]
    search_fields = ["name"]
    copy_view_enabled = False


register_snippet(FeedbackCategoryViewSet)


def _freeze(request, instance):
    # Each saved state of a scorecard's criteria becomes its version at once, so evaluations
    # and the API name the same version number as the author just saw.
    if isinstance(instance, Scorecard):
        scorecard_version_current(scorecard=instance)


hooks.register("after_create_snippet", _freeze)
hooks.register("after_edit_snippet", _freeze)

hooks.register("register_admin_urls", quality_admin_urls)
hooks.register("register_admin_menu_item", mystery_import_menu_item)
hooks.register("register_admin_menu_item", feedback_import_menu_item)
