"""Template tags for pages of other apps that show a quiz, such as the lesson page's gate."""

from dataclasses import dataclass

from django import template

from quizzes.models import Attempt, Quiz
from quizzes.selectors import quiz_attempts_for_learner

register = template.Library()


@dataclass(frozen=True)
class QuizResults:
    used: int
    best: Attempt | None
    last: Attempt | None
    in_progress: Attempt | None


@register.simple_tag(takes_context=True)
def quiz_results(context, quiz: Quiz) -> QuizResults:
    """The signed-in person's attempts at ``quiz`` in brief (one query):
    ``{% quiz_results gate_quiz as results %}``."""
    user = context["request"].user
    attempts = list(quiz_attempts_for_learner(quiz=quiz, user=user))
    submitted = [a for a in attempts if a.is_submitted]
    return QuizResults(
        used=len(submitted),
        best=max(submitted, key=lambda a: (a.percent or 0, a.number), default=None),
        last=submitted[0] if submitted else None,
        in_progress=next((a for a in attempts if not a.is_submitted), None),
    )
