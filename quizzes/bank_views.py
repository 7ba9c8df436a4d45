"""Admin views of the question bank: deleting a question that quizzes use."""

from django.db import transaction

from wagtail.snippets.views.snippets import DeleteView

from quizzes.bank_selectors import question_quizzes
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
