"""Admin views of the question bank: deleting a question that quizzes use, one or in bulk."""

from django.db import transaction

from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.views.snippets import DeleteView

from quizzes.bank_selectors import question_quizzes, questions_quizzes
from quizzes.bank_services import question_remove_from_quizzes
from quizzes.models import Question


class QuestionDeleteView(DeleteView):
    """Wagtail's delete confirmation, which for a question that quizzes use lists them and says
    the delete takes it out of them (instead of refusing, or failing on the protected link)."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.quizzes = question_quizzes(question=self.object)

    def form_valid(self, form):
        with transaction.atomic():
            question_remove_from_quizzes(question=self.object, user=self.request.user)
            # The quizzes no longer hold the question: nothing protects it any more.
            self.usage = None
            return super().form_valid(form)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["quizzes"] = self.quizzes
        if self.quizzes:
            context["is_protected"] = False
        return context


class QuestionDeleteBulkAction(DeleteBulkAction):
    """The question list's bulk delete. Its confirmation lists, per question, the quizzes that
    use it, as the single delete does (the same selector and the same list); the delete takes
    the questions out of them first (``questions_take_out_before_delete``). Registered after
    Wagtail's delete for snippets, so that it replaces it for questions only."""

    models = [Question]
    template_name = "quizzes/admin/question_confirm_bulk_delete.html"

    def annotate_items(self, items):
        items = super().annotate_items(items)
        self.quizzes = questions_quizzes(questions=items)
        # As in the single delete: the quizzes' hold on a question is no reason to refuse,
        # the delete takes it out of them; any other protection still refuses.
        self.is_protected = any(self._protected(item) for item in items)
        return items

    def _protected(self, item) -> bool:
        return item._usage_references.is_protected and not self.quizzes[item.pk]

    def object_context(self, item):
        context = super().object_context(item)
        context["quizzes"] = self.quizzes[item.pk]
        context["is_protected"] = self._protected(item)
        return context

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["used_in_quizzes"] = any(self.quizzes.values())
        return context


def questions_take_out_before_delete(request, instances):
    """``before_delete_snippet`` hook: when questions are about to be deleted (the bulk action
    of the question list too, which has no confirmation of its own for this), take them out
    of the quizzes that use them first, as the single delete does. Runs after Wagtail's
    permission check, on the confirming POST only; doing it twice changes nothing."""
    if request.method != "POST":
        return None
    with transaction.atomic():
        for instance in instances:
            if isinstance(instance, Question):
                question_remove_from_quizzes(question=instance, user=request.user)
    return None
