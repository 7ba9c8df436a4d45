"""Admin wiring for quizzes: the question bank, quizzes and their statistics, GIFT/Aiken import."""

from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from quizzes.admin_views import (
    question_import_admin_urls,
    question_import_menu_item,
    quiz_gift_export_listing_buttons,
)
from quizzes.models import Question, QuestionCategory, Quiz
from quizzes.statistics_views import (
    quiz_statistics_admin_urls,
    quiz_statistics_listing_buttons,
    quiz_statistics_menu_item,
)


class QuestionViewSet(SnippetViewSet):
    model = Question
    icon = "help"
    menu_label = _("Question bank")
    list_display = ["__str__", "type", "category", "points"]
    list_filter = ["type", "category"]
    search_fields = ["title", "text"]


class QuizViewSet(SnippetViewSet):
    model = Quiz
    icon = "tasks"
    menu_label = _("Quizzes")
    list_display = ["title", "pass_mark", "attempt_limit", "live"]
    list_filter = ["live"]
    search_fields = ["title"]
    copy_view_enabled = False


class QuestionCategoryViewSet(SnippetViewSet):
    model = QuestionCategory
    icon = "folder-open-inverse"
    menu_label = _("Question categories")
    list_display = ["name"]


class QuizzesViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Quizzes")
    menu_icon = "tasks"
    menu_order = 250
    items = (QuizViewSet, QuestionViewSet, QuestionCategoryViewSet)


register_snippet(QuizzesViewSetGroup)

hooks.register("register_admin_urls", question_import_admin_urls)
hooks.register("register_admin_menu_item", question_import_menu_item)
hooks.register("register_admin_urls", quiz_statistics_admin_urls)
hooks.register("register_snippet_listing_buttons", quiz_gift_export_listing_buttons)
hooks.register("register_admin_menu_item", quiz_statistics_menu_item)
hooks.register("register_snippet_listing_buttons", quiz_statistics_listing_buttons)
