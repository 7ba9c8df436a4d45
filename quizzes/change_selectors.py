"""Reads the courses app asks of quizzes through ``courses.hooks``: passes of quizzes (quiz
refresher policies), the questions that check a piece of content and who answered them (change
refreshers). Registered in ``quizzes.apps``."""

import datetime

from django.db.models import Case, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When

from wagtail.models import Page

from quizzes.models import Attempt, AttemptQuestion, ChangeQuiz, Question, Quiz, QuizQuestion

# A change refresher asks at most this many questions: the ones changed with the content first.
CHANGE_QUIZ_SIZE = 10


def quiz_passes() -> QuerySet[Attempt]:
    """Every passed, submitted attempt at any quiz: what completes a quiz refresher policy."""
    return Attempt.objects.filter(status=Attempt.Status.SUBMITTED, passed=True)


def quiz_ids_live() -> QuerySet:
    """The ids of the published quizzes: which quiz assignments and policies are current."""
    return Quiz.objects.filter(live=True).values("pk")


def quiz_title(field: str) -> Subquery:
    """The title of the quiz whose id is in ``field`` of the outer query, as a subquery."""
    return Subquery(Quiz.objects.filter(pk=OuterRef(field)).values("title")[:1])


def quiz_list() -> QuerySet[Quiz]:
    """Every quiz, by title: the choices of a refresher policy's quiz."""
    return Quiz.objects.order_by("title", "pk")


def change_quizzes(*, live: bool = False) -> QuerySet[ChangeQuiz]:
    """The quiz of every change that has one (``change_id``, ``quiz_id``); ``live``: only the
    quizzes still live. The ``courses.hooks.change_quizzes`` hook."""
    links = ChangeQuiz.objects.all()
    return links.filter(quiz__live=True) if live else links


def change_quiz(*, change) -> Quiz | None:
    """The quiz that completes ``change`` (a ``ContentChange``), or None. One query. The
    ``courses.hooks.change_quiz`` hook."""
    return Quiz.objects.filter(change_quizzes__change_id=change.pk).first()


def _checks(instance_or_change, *, prefix: str = "") -> Q:
    """The questions filed under a page (``knowledge_page``) or a glossary term, as a filter on
    questions (fields prefixed with ``prefix``). Takes the content itself or a ``ContentChange``
    of it."""
    content_type = getattr(instance_or_change, "content_type", None)
    if content_type is not None and hasattr(instance_or_change, "object_id"):
        model, object_id = content_type.model_class(), instance_or_change.object_id
    else:
        model, object_id = type(instance_or_change), instance_or_change.pk
    if model is not None and issubclass(model, Page):
        return Q(**{f"{prefix}knowledge_page_id": int(object_id)})
    return Q(**{f"{prefix}glossary_term_id": object_id})


def change_questions(
    *, instance, since: datetime.datetime | None, limit: int = CHANGE_QUIZ_SIZE
) -> list[int]:
    """Ids of the questions that test a change of ``instance`` (a page or a glossary term): the
    questions linked to it, those changed since ``since`` (when the version before the change
    was saved) first, newest first, then the rest linked to it; at most ``limit``. One query."""
    changed = (
        Case(
            When(updated_at__gte=since, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        if since is not None
        else Value(1, output_field=IntegerField())
    )
    return list(
        Question.objects.filter(_checks(instance))
        .annotate(changed_first=changed)
        .order_by("changed_first", "-updated_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def change_answerers(*, change) -> QuerySet:
    """Ids of the people who, in a submitted attempt before ``change`` was published, answered
    a question linked to the changed content or one of the change's own quiz. Not evaluated."""
    questions = _checks(change, prefix="question__")
    quiz_id = ChangeQuiz.objects.filter(change_id=change.pk).values_list("quiz_id", flat=True)
    questions |= Q(
        question_id__in=QuizQuestion.objects.filter(quiz_id__in=quiz_id).values("question_id")
    )
    return (
        AttemptQuestion.objects.filter(
            questions,
            attempt__status=Attempt.Status.SUBMITTED,
            attempt__submitted_at__lte=change.published_at,
        )
        .order_by()
        .values("attempt__user_id")
    )
