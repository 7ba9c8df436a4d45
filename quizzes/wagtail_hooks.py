"""Admin wiring for quizzes: the question bank, quizzes and their statistics, GIFT/Aiken import."""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import LiveStatusTagColumn
from wagtail.models import WorkflowState
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from quizzes.admin_forms import QuestionAdminForm
from quizzes.admin_views import (
    question_import_admin_urls,
    question_import_menu_item,
    quiz_gift_export_listing_buttons,
)
from quizzes.bank_views import (
    QuestionDeleteBulkAction,
    QuestionDeleteView,
    questions_take_out_before_delete,
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
    delete_view_class = QuestionDeleteView
    delete_template_name = "quizzes/admin/question_confirm_delete.html"
    # The model's panels, with the form that checks a question's parts against its type (the
    # form lives with the types, which read the model: the model does not name the form).
    edit_handler = ObjectList(Question.panels, base_form_class=QuestionAdminForm)


class QuizViewSet(SnippetViewSet):
    model = Quiz
    icon = "tasks"
    menu_label = _("Quizzes")
    # The status says draft / live / live + draft (changes waiting to be published) / in review.
    list_display = ["title", "pass_mark", "attempt_limit", LiveStatusTagColumn()]
    list_filter = ["live"]
    search_fields = ["title"]
    copy_view_enabled = False

    def get_queryset(self, request):
        in_review = WorkflowState.objects.filter(
            quiz=OuterRef("pk"), status=WorkflowState.STATUS_IN_PROGRESS
        )
        return Quiz.objects.annotate(in_review=Exists(in_review))


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
hooks.register("before_delete_snippet", questions_take_out_before_delete)
# After Wagtail's own delete for snippets (order 0), which it replaces for questions.
hooks.register("register_bulk_action", QuestionDeleteBulkAction, order=1)
