"""Admin wiring for the glossary: terms with drafts, review and scheduling; categories."""

from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.ui.tables import LiveStatusTagColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from glossary.admin_views import glossary_import_admin_urls, glossary_import_menu_item
from glossary.models import GlossaryCategory, GlossaryTerm


class GlossaryTermViewSet(SnippetViewSet):
    model = GlossaryTerm
    icon = "doc-full"
    menu_label = _("Terms")
    # The status says draft / live / live + draft (changes waiting to be published).
    list_display = ["__str__", "term_en", "category", LiveStatusTagColumn()]
    list_filter = ["live", "category"]
    search_fields = ["term_ru", "term_en", "aliases"]
    copy_view_enabled = False


class GlossaryCategoryViewSet(SnippetViewSet):
    model = GlossaryCategory
    icon = "folder-open-inverse"
    menu_label = _("Categories")
    list_display = ["name", "slug"]


class GlossaryViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Glossary")
    menu_icon = "doc-full"
    menu_order = 240
    items = (GlossaryTermViewSet, GlossaryCategoryViewSet)


register_snippet(GlossaryViewSetGroup)

hooks.register("register_admin_urls", glossary_import_admin_urls)
hooks.register("register_admin_menu_item", glossary_import_menu_item)
