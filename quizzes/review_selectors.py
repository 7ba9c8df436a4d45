"""Reads for the daily spaced review: today's queue, the day's figures, one card, its result.

Every read is scoped to the acting person. A card waiting for its answer leaves the server only
as ``quizzes.grading.snapshot_public`` makes it (questions) or as the bare term (flashcards);
right answers, explanations and definitions come with the result, after answering (a
flashcard is rated first, then its definition is shown).

The daily limit (``REVIEW_DAILY_LIMIT``, 20 by default) counts the different cards a person
answers in the daily review since local midnight. A card answered today that is due again (a
wrong answer comes back ten minutes later) takes no new place in the limit.
"""

import datetime
import functools
import math
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import connection
from django.db.models import (
    Count,
    Exists,
    Expression,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.fields import BooleanField
from django.db.models.functions import Coalesce, Greatest, Least, TruncDate
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms import markdown
from quizzes.grading import snapshot_public, snapshot_review
from quizzes.models import Attempt, Question, ReviewCard, ReviewLog
from quizzes.review import card_recall
from quizzes.selectors import attempts_showing_answers

DEFAULT_DAILY_LIMIT = 20
# How far back the streak looks: a year of days, one short row each.
STREAK_HORIZON_DAYS = 366
ERROR_NO_CARD = _("No such review card.")


def review_daily_limit() -> int:
    return int(getattr(settings, "REVIEW_DAILY_LIMIT", DEFAULT_DAILY_LIMIT))


def day_start(now: datetime.datetime) -> datetime.datetime:
    """Local midnight (``TIME_ZONE``) of the day ``now`` falls on."""
    local = timezone.localtime(now)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def reviewable_cards() -> QuerySet[ReviewCard]:
    """Cards that can be shown: the cards of published terms, and the question cards whose
    right answers their owner may see now.

    A question card shows the right answer and the explanation once answered, so it may be
    shown only as a quiz would show them (``quizzes.selectors.attempts_showing_answers``). A
    card records its question, not the quiz it came from, and a question may be in several
    quizzes: the card may be shown while at least one submitted attempt of its owner that
    asked the question shows its answers now. Cards of quizzes that hide their answers (made
    before the review followed the rule, or whose quiz came to hide them since) are neither
    offered, nor counted, nor answered, nor shown with their result: they stay as they are,
    and come back when a quiz first shows the answers. Checked in the same query."""
    return ReviewCard.objects.filter(_reviewable_q())


def _reviewable_q() -> Q:
    """The condition of ``reviewable_cards``, to filter or annotate cards with."""
    shown_in_quiz = attempts_showing_answers().filter(
        user=OuterRef("user_id"), questions__question=OuterRef("question_id")
    )
    return Q(Exists(shown_in_quiz)) | Q(term__live=True)


@dataclass(frozen=True)
class ReviewDay:
    """The person's day in the daily review."""

    limit: int
    reviewed: int  # different cards answered since midnight
    minutes: int  # time spent answering since midnight, rounded up
    streak: int  # consecutive days with a review, up to today (or yesterday, if none yet today)

    @property
    def remaining(self) -> int:
        """How many cards not yet answered today may still be."""
        return max(0, self.limit - self.reviewed)


def review_day_for_learner(*, user: AbstractBaseUser, now: datetime.datetime) -> ReviewDay:
    """Today's figures for ``user``: cards answered, minutes, streak. Two queries."""
    start = day_start(now)
    logs = ReviewLog.objects.filter(user=user, source=ReviewLog.Source.REVIEW)
    today = logs.filter(reviewed_at__gte=start).aggregate(
        cards=Count("card", distinct=True), ms=Sum("duration_ms")
    )
    days = set(
        logs.filter(reviewed_at__gte=start - datetime.timedelta(days=STREAK_HORIZON_DAYS))
        .annotate(day=TruncDate("reviewed_at"))
        .order_by()  # the default ordering would make every row distinct
        .values_list("day", flat=True)
        .distinct()
    )
    return ReviewDay(
        limit=review_daily_limit(),
        reviewed=today["cards"],
        minutes=math.ceil((today["ms"] or 0) / 60_000),
        streak=_streak(days, today=start.date()),
    )


def _streak(days: set[datetime.date], *, today: datetime.date) -> int:
    day = today if today in days else today - datetime.timedelta(days=1)
    streak = 0
    while day in days:
        streak += 1
        day -= datetime.timedelta(days=1)
    return streak


def review_queue_for_learner(
    *, user: AbstractBaseUser, now: datetime.datetime, day: ReviewDay
) -> list[ReviewCard]:
    """The cards ``user`` may review now, most overdue first: the due cards answered earlier
    today, and as many of the other due cards as the daily limit leaves. One query (through
    the ``(user, due)`` index), with each card's question or term."""
    seen_today = ExpressionWrapper(Q(practised_at__gte=day_start(now)), output_field=BooleanField())
    # Cards seen today first, so the limit below never cuts one of them off.
    rows = list(
        reviewable_cards()
        .filter(user=user, due__lte=now)
        .annotate(seen_today=seen_today)
        .select_related("question", "term")
        .order_by("-seen_today", "due", "pk")[: day.limit]
    )
    seen = [card for card in rows if card.seen_today]
    fresh = [card for card in rows if not card.seen_today][: day.remaining]
    return sorted(seen + fresh, key=lambda card: (card.due, card.pk))


def review_due_count(*, now: datetime.datetime) -> Expression:
    """The size of the person's queue now (as ``review_queue_for_learner`` has it) as an
    expression over the ``User`` model: the badge of the "Daily review" link. One subquery
    that counts the three figures in one pass over the person's cards due now or seen today
    (built and run once on every page, so it stays one subquery, not three)."""
    start = day_start(now)
    limit = review_daily_limit()
    seen_before = Q(practised_at__gte=start)
    due = Q(due__lte=now)
    counted = (
        reviewable_cards()
        .filter(due | seen_before, user=OuterRef("pk"))
        .order_by()
        .values("user")
        .annotate(
            answered_today=Count("pk", filter=seen_before),
            due_seen=Count("pk", filter=seen_before & due),
            due_fresh=Count("pk", filter=due & ~seen_before),
        )
        .annotate(
            queue=F("due_seen")
            + Least(Greatest(Value(limit) - F("answered_today"), Value(0)), F("due_fresh"))
        )
        .values("queue")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def review_has_cards() -> Expression:
    """Whether the person has any review card, over the ``User`` model."""
    return Exists(ReviewCard.objects.filter(user=OuterRef("pk")))


def review_next_due(*, user: AbstractBaseUser) -> datetime.datetime | None:
    """When the person's next card is due (for "nothing to review now"). One query."""
    return (
        reviewable_cards().filter(user=user).order_by("due").values_list("due", flat=True).first()
    )


def review_card_for_learner(*, card_id: int, user: AbstractBaseUser) -> ReviewCard:
    """The person's own card with its question or term, if it can be shown
    (``reviewable_cards``); anyone else's card, or the card of a term no longer published, is
    ``Http404``, for the page and the API alike."""
    try:
        return reviewable_cards().select_related("question", "term").get(pk=card_id, user=user)
    except ReviewCard.DoesNotExist:
        raise Http404(ERROR_NO_CARD) from None


def _term_public(card: ReviewCard) -> dict:
    term = card.term
    return {"id": term.pk, "term": term.display_term()}


def _term_full(card: ReviewCard) -> dict:
    term = card.term
    return {
        **_term_public(card),
        "definition_html": markdown.render(term.display_definition()),
        "example": term.example,
    }


def review_card_public(card: ReviewCard) -> dict:
    """A shown card as the person may see it before answering: the question as in an attempt
    (opaque ids, nothing that tells what is right), or the flashcard's term alone."""
    if card.is_flashcard:
        return {"id": card.pk, "kind": "term", "question": None, "term": _term_public(card)}
    return {
        "id": card.pk,
        "kind": "question",
        "question": {**snapshot_public(card.snapshot), "response": None},
        "term": None,
    }


def review_card_reveal(card: ReviewCard) -> dict | None:
    """The flashcard's term with its definition and example, once the person asks to see it:
    only for a flashcard on screen (shown and waiting for its rating), else None. The rating
    comes after this, so the person grades their recall against the definition."""
    if not card.is_flashcard or not card.is_waiting:
        return None
    return _term_full(card)


def review_card_result(card: ReviewCard) -> dict:
    """An answered card: the question's review with the right answer and explanation (or the
    term with its definition), whether the answer was right, and when the card is due next.
    Only for a card found through ``reviewable_cards`` (``review_card_for_learner``), whose
    answers the person may see now."""
    result = {"id": card.pk, "next_due_at": card.due, "question": None, "term": None}
    if card.is_flashcard:
        rating = card.response.get("rating")
        result.update(
            {"correct": None, "rating": rating, "term": _term_full(card), "explanation": ""}
        )
        return result
    answer = card.response
    review = snapshot_review(
        card.snapshot,
        answer["answer"],
        score=answer["score"],
        correct=answer["correct"],
        show_answers=True,
    )
    result.update(
        {
            "question": review,
            "correct": answer["correct"],
            "rating": answer["rating"],
            "explanation": card.snapshot.get("explanation") or "",
        }
    )
    return result


def review_backfill_people(*, usernames: list[str] | None = None) -> QuerySet:
    """The people whose submitted attempts may hold answers not yet on review cards (everyone
    with a submitted attempt, or only those of ``usernames``), in id order."""
    people = get_user_model().objects.filter(
        Exists(Attempt.objects.filter(user=OuterRef("pk"), status=Attempt.Status.SUBMITTED))
    )
    if usernames is not None:
        people = people.filter(username__in=usernames)
    return people.order_by("pk")


def review_card_count() -> int:
    """How many review cards there are, of everyone."""
    return ReviewCard.objects.count()


# --- One person's review, as the people who may see their record see it --------------------

RECENT_REVIEW_DAYS = 30
TOPIC_GLOSSARY = _("Glossary terms")
TOPIC_NONE = _("Questions without a category")


@dataclass(frozen=True)
class RecallByTopic:
    """The cards of one topic (a question category, or the glossary's terms) and FSRS's mean
    estimate that the person recalls them now (None while none of them was reviewed)."""

    topic: str
    cards: int
    recall: float | None


@dataclass(frozen=True)
class ReviewSummary:
    """A person's spaced review: how many cards, how many are due now (of those that can be
    shown, ``reviewable_cards``), how much they reviewed in the daily review in the last
    ``RECENT_REVIEW_DAYS`` days, and the estimated recall overall and by topic."""

    cards: int
    due_now: int
    recent_cards: int  # different cards answered in the daily review in the recent days
    recent_reviews: int  # answers given in the daily review in the recent days
    recall: float | None
    topics: list[RecallByTopic]
    recent_days: int = RECENT_REVIEW_DAYS


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def review_summary_for_person(*, user: AbstractBaseUser, now: datetime.datetime) -> ReviewSummary:
    """``user``'s review cards summed up for someone reading their record: counts, the recent
    activity and FSRS's estimated recall (``quizzes.review.card_recall``, the mean over the
    cards reviewed at least once), by topic in topic order. Nothing in it tells a question's
    text or answer. Two queries whatever the number of cards."""
    cards = list(
        ReviewCard.objects.filter(user=user)
        .annotate(reviewable=ExpressionWrapper(_reviewable_q(), output_field=BooleanField()))
        .select_related("question__category")
        .only(
            "state",
            "step",
            "stability",
            "difficulty",
            "due",
            "last_review",
            "term_id",
            "question__category__name",
        )  # fmt: skip
    )
    recent = ReviewLog.objects.filter(
        user=user,
        source=ReviewLog.Source.REVIEW,
        reviewed_at__gte=now - datetime.timedelta(days=RECENT_REVIEW_DAYS),
    ).aggregate(cards=Count("card", distinct=True), reviews=Count("pk"))
    by_topic: dict[str, list[float | None]] = {}
    for card in cards:
        if card.term_id is not None:
            topic = str(TOPIC_GLOSSARY)
        elif card.question.category_id is not None:
            topic = card.question.category.name
        else:
            topic = str(TOPIC_NONE)
        by_topic.setdefault(topic, []).append(card_recall(card, at=now))
    known = [r for recalls in by_topic.values() for r in recalls if r is not None]
    return ReviewSummary(
        cards=len(cards),
        due_now=sum(1 for card in cards if card.reviewable and card.due <= now),
        recent_cards=recent["cards"],
        recent_reviews=recent["reviews"],
        recall=_mean(known),
        topics=[
            RecallByTopic(
                topic=topic,
                cards=len(recalls),
                recall=_mean([r for r in recalls if r is not None]),
            )
            for topic, recalls in sorted(by_topic.items(), key=lambda item: item[0].casefold())
        ],
    )


# --- Aggregates for reports (no answers, no card contents) -------------------------------------


class _Days(Func):
    """A datetime column as a number of days (with fractions) since a fixed origin: Julian
    days on SQLite, the Unix epoch over 86,400 on PostgreSQL. Only differences are used."""

    output_field = FloatField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="julianday(%(expressions)s)", **extra)

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="(EXTRACT(EPOCH FROM %(expressions)s)::double precision / 86400.0)",
            **extra,
        )


@functools.cache
def _sqlite_has_pow() -> bool:
    """Whether the SQLite library has its math functions (3.35+, when built with them)."""
    import sqlite3

    try:
        sqlite3.connect(":memory:").execute("SELECT pow(2, 3)")
    except sqlite3.OperationalError:
        return False
    return True


class _Power(Func):
    function = "POWER"
    output_field = FloatField()

    def as_sqlite(self, compiler, connection, **extra):
        # SQLite's own pow() when it has it: Django registers POWER as a Python function,
        # about ten times slower over a company's hundreds of thousands of cards.
        function = "pow" if _sqlite_has_pow() else "POWER"
        return self.as_sql(compiler, connection, function=function, **extra)


def _days_of(moment: datetime.datetime) -> float:
    """``moment`` on the scale of ``_Days`` for the current database."""
    if connection.vendor == "sqlite":
        # Julian day of the Unix epoch is 2440587.5.
        return moment.timestamp() / 86400.0 + 2440587.5
    return moment.timestamp() / 86400.0


@dataclass(frozen=True)
class TopicRecall:
    """Estimated recall of one question category among some people's review cards."""

    category_id: int | None
    category: str  # "" for questions without a category
    cards: int
    recall: float  # mean FSRS retrievability now, 0–1


def review_recall_by_category(
    *, user_ids: QuerySet | list[int], now: datetime.datetime | None = None
) -> list[TopicRecall]:
    """The estimated recall of the question cards of ``user_ids`` (a ``values("user_id")``
    queryset or a list) per question category, weakest first: the mean of FSRS's
    retrievability ``(1 + factor * t / S) ** decay`` over the cards reviewed at least once
    (t = days since the last review, S = stability). Two queries: the database sums the
    retrievability per question (grouped by the card's own column, so without a join over
    every card), then the questions' categories are read; nothing about a question but its
    category leaves the database."""
    from quizzes.review import retrievability_curve

    now = now or timezone.now()
    factor, decay = retrievability_curve()
    elapsed = Greatest(Value(_days_of(now)) - _Days("last_review"), Value(0.0))
    retrievability = _Power(Value(1.0) + Value(factor) * elapsed / F("stability"), Value(decay))
    per_question = list(
        ReviewCard.objects.filter(
            user_id__in=user_ids,
            question__isnull=False,
            last_review__isnull=False,
            stability__gt=0,
        )
        .values("question_id")
        .annotate(cards=Count("pk"), total=Sum(retrievability))
        .order_by()
    )
    if not per_question:
        return []
    categories = {
        row["pk"]: (row["category_id"], row["category__name"] or "")
        for row in Question.objects.filter(
            pk__in=[row["question_id"] for row in per_question]
        ).values("pk", "category_id", "category__name")
    }
    sums: dict[tuple[int | None, str], list[float]] = {}
    for row in per_question:
        totals = sums.setdefault(categories[row["question_id"]], [0, 0.0])
        totals[0] += row["cards"]
        totals[1] += row["total"] or 0.0
    topics = [
        TopicRecall(category_id=key[0], category=key[1], cards=cards, recall=total / cards)
        for key, (cards, total) in sums.items()
    ]
    return sorted(topics, key=lambda t: (t.recall, t.category))


def review_people_active(*, user_ids: QuerySet | list[int], since: datetime.datetime) -> int:
    """How many of ``user_ids`` answered at least one card in the daily review since
    ``since`` (reviews counted from attempts do not count). One query."""
    return (
        ReviewLog.objects.filter(
            user_id__in=user_ids, source=ReviewLog.Source.REVIEW, reviewed_at__gte=since
        )
        .values("user_id")
        .distinct()
        .count()
    )
