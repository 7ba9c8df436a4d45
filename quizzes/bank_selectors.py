"""Reads about the question bank that the admin needs: which quizzes use a question."""

from quizzes.models import Question, Quiz


def _draft_question_ids(quiz: Quiz) -> set[int]:
    """The questions listed by the quiz's latest unpublished revision."""
    revision = quiz.latest_revision
    if revision is None:
        return set()
    return {row.get("question") for row in revision.content.get("quiz_questions", [])}


def question_quizzes(*, question: Question) -> list[Quiz]:
    """The quizzes that list ``question``: in their published version, or in changes waiting to
    be published (a draft or a version in review). Ordered by title; two queries plus one per
    quiz with unpublished changes (their drafts are JSON, read one by one)."""
    using = set(Quiz.objects.filter(quiz_questions__question=question).values_list("pk", flat=True))
    drafts = Quiz.objects.filter(has_unpublished_changes=True).select_related("latest_revision")
    for quiz in drafts.exclude(pk__in=using):
        if question.pk in _draft_question_ids(quiz):
            using.add(quiz.pk)
    return list(Quiz.objects.filter(pk__in=using).order_by("title", "pk"))
