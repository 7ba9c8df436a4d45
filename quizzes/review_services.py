"""Writes for the daily spaced review: cards from attempts and from the glossary, showing a card,
answering it, rating a flashcard.

Where cards come from:

- every question a person answers in a submitted attempt whose quiz shows them its answers
  (``attempt_submit`` calls ``review_cards_from_attempt`` in its transaction; a quiz that
  hides them makes its cards only when it first shows them, as after passing). The graded
  answer is the card's first review (or its next one, for a question met before): a wrong
  answer is due again within minutes, a right one days later;
- every glossary term the person has met: the term a question they answered tests
  (``Question.glossary_term``), and the terms the lessons they completed reference, found
  through Wagtail's reference index (glossary callouts and term choosers in the lesson body).
  A term card is first due a day after it is made. Terms are synced when an attempt is
  submitted and, for lessons completed without a quiz, by a daily job;
- questions another app puts in a person's review (``review_cards_add``): quality control adds
  the questions linked to a scorecard criterion the person keeps failing.

Showing and answering: ``review_cards_show`` gives a card a fresh snapshot (new opaque ids) and
starts its clock; ``review_card_answer`` grades the answer against that snapshot on the server,
turns right or wrong (and the time taken) into an FSRS rating, and schedules the card. A card
can be answered once per showing, only when due, and only within the daily limit.
"""

import datetime
import secrets
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import (
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    prefetch_related_objects,
)
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from wagtail.models import Page, ReferenceIndex

from fsrs import Rating

from courses.models import LessonProgress
from glossary.models import GlossaryTerm
from quizzes.grading import AnswerInvalid, question_snapshot, response_clean, response_grade
from quizzes.models import Attempt, AttemptQuestion, ReviewCard, ReviewLog
from quizzes.review import (
    TERM_FIRST_DUE,
    UNTIMED_AFTER,
    card_new,
    card_review,
    rating_for_answer,
    rating_for_attempt,
)
from quizzes.review_selectors import day_start, review_daily_limit
from quizzes.selectors import attempts_showing_answers
from quizzes.types import question_types

ERROR_NOT_SHOWN = _("This card is not waiting for an answer: open today's review to get it.")
ERROR_NOT_DUE = _("This card is not due yet.")
ERROR_DAILY_LIMIT = ngettext_lazy(
    "That is today's review done (%(limit)s card a day). More tomorrow.",
    "That is today's review done (%(limit)s cards a day). More tomorrow.",
    "limit",
)
ERROR_FLASHCARD = _("This card is a glossary term: rate how well you remembered it.")
ERROR_QUESTION = _("This card is a question: answer it.")
ERROR_RATING = _("Rate the card: again, hard, good or easy.")

MEMORY_FIELDS = ["state", "step", "stability", "difficulty", "due", "last_review", "reps", "lapses"]


class ReviewNotAllowed(PermissionDenied):
    """The card takes no answer now (not shown, not due, or over the daily limit)."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _person_lock(user_id: int) -> None:
    # One person's reviews and submits one after another: the daily limit is counted and
    # spent, and a question's card made, without a second request slipping in between.
    get_user_model().objects.select_for_update().filter(pk=user_id).values_list("pk").first()


def review_cards_from_attempt(*, attempt: Attempt) -> int:
    """Make or review the cards of the questions answered in the submitted ``attempt`` and in
    the person's earlier attempts at its quiz not counted yet, if the quiz shows their answers
    now; then sync the person's term cards. Returns how many answers were counted.

    A card shows its question's right answer once answered, so the answers of a quiz that
    hides them (``quizzes.selectors.attempts_showing_answers``) are not counted: they make no
    card and review none (the card's next due time would tell whether the answer was right).
    They are counted, oldest first, when the quiz first shows them: "after passing" on the
    passing attempt, "after the last allowed attempt" on that one.

    Each graded answer is one review of its question's card, at its attempt's submission time
    (right → Good, partly right → Hard, wrong → Again); an answer already counted, or older
    than the card's last review, changes nothing. Call inside the submit's transaction."""
    _person_lock(attempt.user_id)
    shown = attempts_showing_answers().filter(
        user_id=attempt.user_id, quiz_id=attempt.quiz_id, submitted_at__lte=attempt.submitted_at
    )
    rows = list(
        AttemptQuestion.objects.filter(
            attempt__in=shown, question__isnull=False, response__isnull=False
        )
        .exclude(Exists(ReviewLog.objects.filter(attempt_question=OuterRef("pk"))))
        # A person grades an open answer: the daily review could not, so it makes no card.
        .exclude(question__type__in=[t.code for t in question_types() if t.graded_by_person])
        .annotate(at=F("attempt__submitted_at"))
        .order_by("attempt__submitted_at", "attempt_id", "position")
    )
    counted = _answers_count(user_id=attempt.user_id, rows=rows)
    review_term_cards_sync(user=attempt.user, now=attempt.submitted_at)
    return counted


def _answers_count(*, user_id: int, rows: list[AttemptQuestion]) -> int:
    """Review the person's cards with the graded answers ``rows`` (each with its attempt's
    submission time as ``at``, oldest first), making the cards missing."""
    cards = {
        card.question_id: card
        for card in ReviewCard.objects.filter(
            user_id=user_id, question_id__in={row.question_id for row in rows}
        )
    }
    new, changed, reviews = [], {}, []
    for row in rows:
        at = row.at
        card = cards.get(row.question_id)
        if card is None:
            card = card_new(ReviewCard(user_id=user_id, question_id=row.question_id), at=at, due=at)
            cards[row.question_id] = card
            new.append(card)
        elif card.last_review is not None and card.last_review > at:
            # FSRS moves forward in time only: a later review already counted.
            continue
        elif card.pk is not None:
            changed[card.pk] = card
        rating = rating_for_attempt(correct=bool(row.correct), partial=bool(row.score))
        card_review(card, rating, at=at)
        reviews.append((card, row, rating))
    ReviewCard.objects.bulk_create(new)
    ReviewCard.objects.bulk_update(list(changed.values()), MEMORY_FIELDS)
    ReviewLog.objects.bulk_create(
        ReviewLog(
            card=card,
            user_id=user_id,
            source=ReviewLog.Source.ATTEMPT,
            rating=int(rating),
            correct=bool(row.correct),
            reviewed_at=row.at,
            attempt_question=row,
        )
        for card, row, rating in reviews
    )
    return len(reviews)


def review_cards_backfill(*, user: AbstractBaseUser) -> int:
    """Cards from every submitted attempt of ``user`` not yet counted whose quiz shows its
    answers now, oldest first (attempts made before review cards existed, or before their
    quiz showed the answers). Idempotent; returns how many answers were counted."""
    counted = 0
    with transaction.atomic():
        attempts = (
            Attempt.objects.filter(user=user, status=Attempt.Status.SUBMITTED)
            .select_related("user")
            .order_by("submitted_at", "pk")
        )
        for attempt in attempts:
            counted += review_cards_from_attempt(attempt=attempt)
    return counted


def review_term_cards_sync(*, user: AbstractBaseUser, now: datetime.datetime | None = None) -> int:
    """Make the missing flashcards of the glossary terms ``user`` has met: the terms of the
    questions they have cards for, and the terms the lessons they completed reference (the
    reference index). New cards are due ``TERM_FIRST_DUE`` after ``now``. Idempotent and safe
    to run concurrently; two queries. Returns how many cards were made."""
    now = now or timezone.now()
    completed = (
        LessonProgress.objects.filter(user=user, completed_at__isnull=False)
        .annotate(key=Cast("lesson_id", CharField()))
        .values("key")
    )
    referenced = (
        ReferenceIndex.objects.filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            to_content_type=ContentType.objects.get_for_model(GlossaryTerm),
            object_id__in=completed,
        )
        .annotate(term_pk=Cast("to_object_id", IntegerField()))
        .values("term_pk")
    )
    met = (
        GlossaryTerm.objects.filter(Q(pk__in=referenced) | Q(questions__review_cards__user=user))
        .exclude(pk__in=ReviewCard.objects.filter(user=user, term__isnull=False).values("term_id"))
        .values_list("pk", flat=True)
        .distinct()
    )
    new = [
        card_new(ReviewCard(user=user, term_id=pk), at=now, due=now + TERM_FIRST_DUE) for pk in met
    ]
    ReviewCard.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def review_term_cards_sync_recent(*, now: datetime.datetime | None = None, days: int = 2) -> int:
    """The daily job: term cards for everyone who completed a lesson in the last ``days``
    days (a lesson without a quiz is not seen by ``attempt_submit``). Idempotent."""
    now = now or timezone.now()
    recent = LessonProgress.objects.filter(
        completed_at__gte=now - datetime.timedelta(days=days)
    ).values("user_id")
    return sum(
        review_term_cards_sync(user=user, now=now)
        for user in get_user_model().objects.filter(pk__in=recent).order_by("pk")
    )


def review_cards_show(
    *, cards: list[ReviewCard], now: datetime.datetime | None = None
) -> list[ReviewCard]:
    """Show ``cards`` to their owner. A card not already waiting for its answer gets a fresh
    snapshot of its question (new opaque ids, choices shuffled) and its clock starts; a waiting
    card keeps both, so a reload shows the same card. Question cards come with their question
    (``select_related``); the questions' parts are fetched here for all cards at once. At most
    four queries, whatever the number of cards."""
    now = now or timezone.now()
    fresh = [card for card in cards if not card.is_waiting]
    questions = [card.question for card in fresh if card.question_id is not None]
    if questions:
        prefetch_related_objects(
            questions, "choices", "accepted_answers", "numeric_answers", "pairs"
        )
    rng = secrets.SystemRandom()
    for card in fresh:
        if card.question_id is not None:
            card.snapshot = question_snapshot(card.question, shuffle=True, rng=rng)
        else:
            card.snapshot = {"term_id": card.term_id}
        card.response = None
        card.shown_at = now
    if fresh:
        ReviewCard.objects.bulk_update(fresh, ["snapshot", "response", "shown_at"])
    return cards


def _answerable(*, card: ReviewCard, now: datetime.datetime):
    """Lock the card (and its owner) and check that it takes an answer now; returns the locked
    card and how long the person has been on it (None when not known)."""
    _person_lock(card.user_id)
    locked = ReviewCard.objects.select_for_update().get(pk=card.pk)
    if not locked.is_waiting:
        raise ReviewNotAllowed(ERROR_NOT_SHOWN)
    if locked.due > now:
        raise ReviewNotAllowed(ERROR_NOT_DUE)
    start = day_start(now)
    today = ReviewCard.objects.filter(user_id=locked.user_id).aggregate(
        answered=Count("pk", filter=Q(practised_at__gte=start)), last=Max("practised_at")
    )
    seen_today = locked.practised_at is not None and locked.practised_at >= start
    limit = review_daily_limit()
    if not seen_today and today["answered"] >= limit:
        raise ReviewNotAllowed(ERROR_DAILY_LIMIT % {"limit": limit})
    # The clock runs from the showing, or from the previous answer when several cards were
    # shown at once (the API's list): the time spent on this card alone.
    began = max((t for t in (locked.shown_at, today["last"]) if t is not None), default=None)
    elapsed = now - began if began is not None and began <= now else None
    return locked, elapsed


def _reviewed(
    card: ReviewCard,
    rating: Rating,
    *,
    now: datetime.datetime,
    correct: bool,
    elapsed: datetime.timedelta | None,
) -> ReviewCard:
    card_review(card, rating, at=now)
    card.practised_at = now
    card.save(update_fields=[*MEMORY_FIELDS, "practised_at", "response"])
    timed = elapsed is not None and elapsed <= UNTIMED_AFTER
    ReviewLog.objects.create(
        card=card,
        user_id=card.user_id,
        source=ReviewLog.Source.REVIEW,
        rating=int(rating),
        correct=correct,
        reviewed_at=now,
        duration_ms=int(elapsed.total_seconds() * 1000) if timed else None,
    )
    return card


def review_card_answer(
    *, card: ReviewCard, data: dict | None, now: datetime.datetime | None = None
) -> ReviewCard:
    """Answer the question ``card`` as shown (``data`` in the attempt answer shapes; None for
    "I don't remember", which counts as wrong). The answer is graded on the server, rated
    (``quizzes.review.rating_for_answer``, with the time since the card was shown) and the
    card scheduled; the returned card holds the answer and its next due time.

    Raises ``AnswerInvalid`` for an answer of the wrong shape (or a flashcard), and
    ``ReviewNotAllowed`` for a card not waiting for an answer, not due, or over the daily
    limit. Nothing is saved on any error."""
    now = now or timezone.now()
    if card.is_flashcard:
        raise AnswerInvalid(ERROR_FLASHCARD)
    with transaction.atomic():
        locked, elapsed = _answerable(card=card, now=now)
        answer = None if data is None else response_clean(locked.snapshot, data)
        score, correct = response_grade(locked.snapshot, answer)
        rating = rating_for_answer(correct=correct, partial=bool(score), elapsed=elapsed)
        locked.response = {
            "answer": answer,
            "score": str(score),
            "correct": correct,
            "rating": int(rating),
        }
        return _reviewed(locked, rating, now=now, correct=correct, elapsed=elapsed)


def review_card_rate(
    *, card: ReviewCard, rating, now: datetime.datetime | None = None
) -> ReviewCard:
    """Rate the flashcard ``card`` as shown: ``rating`` is 1–4 (Again, Hard, Good, Easy), the
    person's own judgement of how well they remembered the definition. Raises as
    ``review_card_answer`` does."""
    now = now or timezone.now()
    if not card.is_flashcard:
        raise AnswerInvalid(ERROR_QUESTION)
    try:
        rating = Rating(int(rating))
    except (TypeError, ValueError):
        raise AnswerInvalid(ERROR_RATING) from None
    with transaction.atomic():
        locked, elapsed = _answerable(card=card, now=now)
        locked.response = {"rating": int(rating)}
        return _reviewed(locked, rating, now=now, correct=rating != Rating.Again, elapsed=elapsed)


ADD_CHUNK = 5_000


def review_cards_add(
    *, pairs: Iterable[tuple[int, int]], now: datetime.datetime | None = None
) -> set[tuple[int, int]]:
    """Put questions into people's spaced review: ``pairs`` of (user id, question id), as
    another app decides (quality control adds the questions of a criterion a person keeps
    failing). A person without a card of the question gets a new one, never reviewed, due at
    ``now``; a card they already have keeps its memory state and is brought forward to ``now``
    when it was due later. Returns the pairs that got a new card.

    Idempotent (a second call makes nothing: the unique constraint on person and question
    settles a race too). A few queries per 5,000 people, whatever the number of pairs."""
    now = now or timezone.now()
    wanted = set(pairs)
    if not wanted:
        return set()
    user_ids = sorted({user_id for user_id, _question in wanted})
    question_ids = sorted({question_id for _user, question_id in wanted})
    existing, forward = set(), []
    for start in range(0, len(user_ids), ADD_CHUNK):
        rows = ReviewCard.objects.filter(
            user_id__in=user_ids[start : start + ADD_CHUNK], question_id__in=question_ids
        ).values_list("pk", "user_id", "question_id", "due")
        for pk, user_id, question_id, due in rows:
            if (user_id, question_id) in wanted:
                existing.add((user_id, question_id))
                if due > now:
                    forward.append(pk)
    for start in range(0, len(forward), ADD_CHUNK):
        ReviewCard.objects.filter(pk__in=forward[start : start + ADD_CHUNK]).update(due=now)
    new = sorted(wanted - existing)
    ReviewCard.objects.bulk_create(
        [
            card_new(ReviewCard(user_id=user_id, question_id=question_id), at=now, due=now)
            for user_id, question_id in new
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )
    return set(new)
