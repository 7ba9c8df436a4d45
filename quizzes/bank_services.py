"""Writes about the question bank that the admin needs: deleting a question that quizzes use.

A quiz keeps its questions with ``on_delete=PROTECT``, so a question cannot vanish from under a
quiz. Deleting one that quizzes use takes it out of them first, each change recorded in the
quiz's history as a new revision:

- the published version loses the question (its row in the quiz); a quiz with no changes
  waiting is published again from a new revision, so its history says what happened;
- a quiz with changes waiting (a draft, or a version in review) keeps them waiting, without
  the question: a new draft revision is saved from the latest one, never published, so nothing
  unreviewed reaches learners.

Attempts keep their snapshots (the question's row in an attempt is only cleared), so results
already given do not change.
"""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction

from quizzes.bank_selectors import question_quizzes
from quizzes.models import Question, Quiz, QuizQuestion


def _drop_from_draft(*, quiz: Quiz, question: Question, user: AbstractBaseUser | None) -> None:
    draft = quiz.get_latest_revision_as_object()
    draft.quiz_questions = [
        qq for qq in draft.quiz_questions.all() if qq.question_id != question.pk
    ]
    draft.save_revision(user=user, log_action=True)


@transaction.atomic
def question_remove_from_quizzes(
    *, question: Question, user: AbstractBaseUser | None = None
) -> list[Quiz]:
    """Take ``question`` out of every quiz that uses it (see the module). Returns those
    quizzes."""
    quizzes = question_quizzes(question=question)
    pending = {quiz.pk for quiz in quizzes if quiz.has_unpublished_changes}
    QuizQuestion.objects.filter(question=question).delete()
    for quiz in quizzes:
        if quiz.pk in pending:
            _drop_from_draft(quiz=quiz, question=question, user=user)
        else:
            revision = quiz.save_revision(user=user, log_action=True)
            if quiz.live:
                revision.publish(user=user, log_action=True, skip_permission_checks=True)
    return quizzes


@transaction.atomic
def question_delete(*, question: Question, user: AbstractBaseUser | None = None) -> list[Quiz]:
    """Take ``question`` out of every quiz that uses it, then delete it. Returns the quizzes it
    was taken out of."""
    quizzes = question_remove_from_quizzes(question=question, user=user)
    question.delete()
    return quizzes
