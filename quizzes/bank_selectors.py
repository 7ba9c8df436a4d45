"""Reads about the question bank that the admin needs: which quizzes use a question."""

from collections.abc import Iterable

from quizzes.models import Question, Quiz, QuizQuestion


def _draft_question_ids(quiz: Quiz) -> set[int]:
    """The questions listed by the quiz's latest unpublished revision."""
    revision = quiz.latest_revision
    if revision is None:
        return set()
    return {row.get("question") for row in revision.content.get("quiz_questions", [])}


def question_quizzes(*, question: Question) -> list[Quiz]:
    """The quizzes that list ``question``: in their published version, or in changes waiting to
    be published (a draft or a version in review). Ordered by title; three queries (drafts
    are read from their latest revision's JSON)."""
    return questions_quizzes(questions=[question])[question.pk]


def questions_quizzes(*, questions: Iterable[Question]) -> dict[int, list[Quiz]]:
    """``question_quizzes`` for several questions at once (the bulk delete's confirmation):
    each question's id to its quizzes, ordered by title. The same number of queries as for one
    question, whatever the number of questions."""
    ids = {question.pk for question in questions}
    using: dict[int, set[int]] = {pk: set() for pk in ids}
    published = QuizQuestion.objects.filter(question_id__in=ids).values_list(
        "question_id", "quiz_id"
    )
    for question_id, quiz_id in published:
        using[question_id].add(quiz_id)
    drafts = Quiz.objects.filter(has_unpublished_changes=True).select_related("latest_revision")
    for quiz in drafts:
        for question_id in _draft_question_ids(quiz) & ids:
            using[question_id].add(quiz.pk)
    quizzes = list(Quiz.objects.filter(pk__in=set().union(*using.values())).order_by("title", "pk"))
    return {pk: [quiz for quiz in quizzes if quiz.pk in using[pk]] for pk in ids}
