"""Admin wiring for quality control: scorecards, with their criteria edited inline."""

from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from quality.models import Scorecard
from quality.services.versions import scorecard_version_current


class ScorecardViewSet(SnippetViewSet):
    model = Scorecard
    icon = "list-ul"
    menu_label = _("Scorecards")
    menu_name = "scorecards"
    menu_order = 275
    add_to_admin_menu = True
    list_display = ["title", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["title"]
    copy_view_enabled = False


register_snippet(ScorecardViewSet)


def _freeze(request, instance):
    # Each saved state of a scorecard's criteria becomes its version at once, so evaluations
    # and the API name the same version number as the author just saw.
    if isinstance(instance, Scorecard):
        scorecard_version_current(scorecard=instance)


hooks.register("after_create_snippet", _freeze)
hooks.register("after_edit_snippet", _freeze)
