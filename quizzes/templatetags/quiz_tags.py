"""Template tags for pages of other apps that show a quiz, such as the lesson page's gate."""

from django import template

from quizzes.models import Quiz
from quizzes.selectors import QuizResults, quiz_results_for_learner

register = template.Library()


@register.simple_tag(takes_context=True)
def quiz_results(context, quiz: Quiz) -> QuizResults:
    """The signed-in person's attempts at ``quiz`` in brief (one query):
    ``{% quiz_results gate_quiz as results %}``."""
    return quiz_results_for_learner(quiz=quiz, user=context["request"].user)
