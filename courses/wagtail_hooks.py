"""Admin wiring for the knowledge content: CRM snippets and the editor's length hints."""

from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from courses.models import CrmFeature, CrmRelease


class CrmFeatureViewSet(SnippetViewSet):
    model = CrmFeature
    icon = "cog"
    menu_label = _("CRM features")
    list_display = ["name", "module"]
    search_fields = ["name", "module"]
    panels = [FieldPanel("name"), FieldPanel("module"), FieldPanel("description")]


class CrmReleaseViewSet(SnippetViewSet):
    model = CrmRelease
    icon = "history"
    menu_label = _("CRM releases")
    list_display = ["version", "released_on"]
    list_filter = ["released_on"]
    search_fields = ["version", "summary"]


class CrmViewSetGroup(SnippetViewSetGroup):
    menu_label = _("CRM")
    menu_icon = "cog"
    menu_order = 260
    items = (CrmFeatureViewSet, CrmReleaseViewSet)


register_snippet(CrmViewSetGroup)


@hooks.register("insert_editor_js")
def length_hint_js():
    return format_html('<script src="{}" defer></script>', static("courses/js/length-hint.js"))
