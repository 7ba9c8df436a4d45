"""Spaced review's scheduling: the one place that talks to FSRS (the ``fsrs`` package).

A ``ReviewCard`` keeps the fields of ``fsrs.Card`` as columns; ``card_review`` turns them into
an ``fsrs.Card``, reviews it with a rating at a moment, and writes the new memory state back.
No database access here: the services decide when a review happens and save it.

How answers become ratings:

- in an attempt: right → Good, partly right (some points) → Hard, wrong or blank → Again;
- in the daily review, where the server times each answer: right within ``EASY_WITHIN`` →
  Easy, right after ``HARD_AFTER`` → Hard, otherwise right → Good; partly right → Hard;
  wrong → Again. An answer that took longer than ``UNTIMED_AFTER`` (the phone was put down) is
  rated as if untimed;
- a flashcard is rated by the person: Again, Hard, Good or Easy.

The scheduler has one learning and one relearning step of ten minutes: a wrong answer comes
back later in the same sitting, a right one goes days ahead, and each right answer after that
pushes it further (FSRS's stability grows).
"""

import datetime
from functools import cache

from fsrs import Card, Rating, Scheduler, State

from quizzes.models import ReviewCard

LEARNING_STEPS = (datetime.timedelta(minutes=10),)
RELEARNING_STEPS = (datetime.timedelta(minutes=10),)
# Work knowledge changes: even a well-known card comes back within a year.
MAXIMUM_INTERVAL_DAYS = 365
DESIRED_RETENTION = 0.9

EASY_WITHIN = datetime.timedelta(seconds=10)
HARD_AFTER = datetime.timedelta(seconds=60)
UNTIMED_AFTER = datetime.timedelta(minutes=10)

# A glossary term met in a lesson is first asked a day later: not while it is still on screen.
TERM_FIRST_DUE = datetime.timedelta(days=1)

UTC = datetime.UTC


@cache
def scheduler(*, fuzz: bool = True) -> Scheduler:
    """The FSRS scheduler with this product's steps. ``fuzz`` spreads intervals a little so
    that cards learned together do not all come back on the same day."""
    return Scheduler(
        desired_retention=DESIRED_RETENTION,
        learning_steps=LEARNING_STEPS,
        relearning_steps=RELEARNING_STEPS,
        maximum_interval=MAXIMUM_INTERVAL_DAYS,
        enable_fuzzing=fuzz,
    )


def rating_for_attempt(*, correct: bool, partial: bool) -> Rating:
    """The rating of a graded answer in an attempt (not timed per question)."""
    if correct:
        return Rating.Good
    return Rating.Hard if partial else Rating.Again


def rating_for_answer(
    *, correct: bool, partial: bool, elapsed: datetime.timedelta | None
) -> Rating:
    """The rating of an answer in the daily review, refined by how long it took
    (``elapsed``; None when not known)."""
    if not correct:
        return Rating.Hard if partial else Rating.Again
    if elapsed is None or elapsed > UNTIMED_AFTER:
        return Rating.Good
    if elapsed <= EASY_WITHIN:
        return Rating.Easy
    if elapsed >= HARD_AFTER:
        return Rating.Hard
    return Rating.Good


def _utc(moment: datetime.datetime | None) -> datetime.datetime | None:
    # fsrs insists on UTC tzinfo; database backends may hand back other tzinfo objects.
    return None if moment is None else moment.astimezone(UTC)


def fsrs_card(card: ReviewCard) -> Card:
    """The card's memory state as an ``fsrs.Card``."""
    return Card(
        # Always given: without one, fsrs makes an id from the clock and sleeps a millisecond.
        card_id=card.pk or 0,
        state=State(card.state),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=_utc(card.due),
        last_review=_utc(card.last_review),
    )


def card_new(card: ReviewCard, *, at: datetime.datetime, due: datetime.datetime) -> ReviewCard:
    """Give an unsaved card the memory state of a card never reviewed, due at ``due``."""
    card.state = ReviewCard.State.LEARNING
    card.step = 0
    card.stability = None
    card.difficulty = None
    card.due = due
    card.last_review = None
    card.created_at = at
    return card


def card_review(
    card: ReviewCard, rating: Rating, *, at: datetime.datetime, fuzz: bool = True
) -> ReviewCard:
    """Review ``card`` with ``rating`` at ``at``: its new memory state and next due time are
    set on it (not saved), and its review and lapse counts go up."""
    before = card.state
    reviewed, _log = scheduler(fuzz=fuzz).review_card(fsrs_card(card), rating, _utc(at))
    card.state = int(reviewed.state)
    card.step = reviewed.step
    card.stability = reviewed.stability
    card.difficulty = reviewed.difficulty
    card.due = reviewed.due
    card.last_review = reviewed.last_review
    card.reps += 1
    if rating == Rating.Again and before == ReviewCard.State.REVIEW:
        card.lapses += 1
    return card


def card_recall(card: ReviewCard, *, at: datetime.datetime) -> float | None:
    """FSRS's estimate (0 to 1) that the person recalls ``card`` at ``at``, from its stored
    memory state; None for a card never reviewed (it has no memory state yet)."""
    if card.last_review is None or card.stability is None:
        return None
    return scheduler().get_card_retrievability(fsrs_card(card), _utc(at))


def retrievability_curve() -> tuple[float, float]:
    """FSRS's forgetting curve as ``(factor, decay)``: a card of stability S, last reviewed t
    days ago, is recalled with probability ``(1 + factor * t / S) ** decay``. Read from the
    scheduler's parameters (as fsrs computes them), so an aggregate in SQL matches
    ``Scheduler.get_card_retrievability``."""
    decay = -scheduler().parameters[20]
    factor = 0.9 ** (1 / decay) - 1
    return factor, decay
