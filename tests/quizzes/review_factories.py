"""Helpers for the spaced-review tests: cards made the way people make them (by submitting an
attempt), and moments on a fixed day.

- ``cards_create(user, count, wrong=...)``: ``count`` single-choice questions in one quiz, an
  attempt answering them (right, or wrong for the positions in ``wrong``), submitted a week
  before ``now``; returns the person's question cards in question order.
- ``due_now(cards, now)``: make the cards due (as FSRS would after a long gap).
"""

import datetime

from django.utils import timezone

from quizzes.models import ReviewCard
from tests.quizzes.factories import (
    attempt_take,
    quiz_create,
    right_answer,
    single_choice_create,
    wrong_answer,
)

# A Wednesday mid-morning in the project's time zone (Europe/Moscow): far from midnight.
NOW = timezone.make_aware(datetime.datetime(2026, 3, 11, 11, 0))


def cards_create(
    user, count: int, *, wrong=(), at: datetime.datetime | None = None, quiz=None, **question
) -> list[ReviewCard]:
    """``count`` question cards for ``user`` through a real attempt submitted at ``at`` (a week
    before ``NOW`` by default)."""
    at = at or NOW - datetime.timedelta(days=7)
    if quiz is None:
        questions = [
            single_choice_create(
                text=f"Вопрос {n}?", right=f"Верно {n}", wrong=[f"Неверно {n}"], **question
            )
            for n in range(count)
        ]
        quiz = quiz_create(title="Проверка для повторения", questions=questions)
    wrong_positions = set(wrong)
    position = iter(range(count))

    def answer(snapshot):
        return (
            wrong_answer(snapshot) if next(position) in wrong_positions else right_answer(snapshot)
        )

    attempt_take(user, quiz, answer, now=at)
    return list(
        ReviewCard.objects.filter(user=user, question__isnull=False).order_by("question_id")
    )


def due_now(cards, now: datetime.datetime = NOW, *, minutes_ago: int = 60) -> None:
    """Make ``cards`` due ``minutes_ago`` before ``now``, oldest first in list order, and their
    owners' other cards due three days after ``now``."""
    ReviewCard.objects.filter(user__in={card.user_id for card in cards}).exclude(
        pk__in=[card.pk for card in cards]
    ).update(due=now + datetime.timedelta(days=3))
    for index, card in enumerate(cards):
        card.due = now - datetime.timedelta(minutes=minutes_ago + len(cards) - index)
    ReviewCard.objects.bulk_update(cards, ["due"])
