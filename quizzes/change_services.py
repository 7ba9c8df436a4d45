"""Writes the courses app asks of quizzes through ``courses.hooks``: the quiz that tests a
change to re-learn. Registered in ``quizzes.apps``."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from quizzes.change_selectors import change_questions
from quizzes.models import ChangeQuiz, Quiz, QuizQuestion


def _description(change_note: str) -> str:
    parts = []
    if change_note.strip():
        parts += [f"**{_('What changed')}**", change_note.strip()]
    parts.append(_("Questions on what changed. Pass them to complete the refresher."))
    return "\n\n".join(parts)


@transaction.atomic
def change_quiz_build(
    *, change, instance, title: str, change_note: str, since: datetime.datetime | None
) -> int | None:
    """A short live quiz that tests ``change`` of ``instance``: the questions linked to it,
    those changed since the version before first (``change_questions``), with the change note
    in its description, linked to the change (``ChangeQuiz``); returns its id, or None when no
    question is linked to it."""
    question_ids = change_questions(instance=instance, since=since)
    if not question_ids:
        return None
    # Stored text, so in the site's language, whatever language the publisher's admin is in.
    with translation.override(settings.LANGUAGE_CODE):
        quiz = Quiz.objects.create(
            title=(_("What changed: %(title)s") % {"title": title})[:255],
            description=_description(change_note),
            live=True,
            show_answers=Quiz.ShowAnswers.AFTER_EACH_ATTEMPT,
        )
    QuizQuestion.objects.bulk_create(
        QuizQuestion(quiz=quiz, question_id=pk, sort_order=index)
        for index, pk in enumerate(question_ids)
    )
    ChangeQuiz.objects.create(change=change, quiz=quiz)
    return quiz.pk
