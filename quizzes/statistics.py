"""Item statistics: how a quiz and each of its questions perform, for authors and managers.

Everything counts submitted attempts only. A question's *facility* is the mean share of its
points that learners scored (for an all-or-nothing question that is the share fully right; with
partial credit, part of an answer counts in part). Its *discrimination* is the classic index:
facility among the best 27 % of attempts (ranked by the attempt's percent) minus facility among
the worst 27 %, from -1 to 1. A good question is answered better by people who know the material;
one answered better by the weakest attempts is misleading or has a wrong key.

Each selector costs a fixed number of queries, whatever the number of attempts: the sums are made
by the database, and the 27 % groups are cut by the two attempts at their boundaries (fetched with
an offset), not by listing every attempt.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Avg, Count, F, FloatField, Min, Q, QuerySet
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, NullIf

from lms import markdown
from quizzes.models import Attempt, AttemptQuestion, Question, Quiz
from quizzes.types import question_type

# Below this many submitted attempts the 27 % groups are too small to say anything.
MIN_ATTEMPTS_FOR_DISCRIMINATION = 10
GROUP_SHARE = 0.27
# Facility under this (percent) flags a question that nearly everyone fails.
HARD_FACILITY = 30.0
# The question bank view leaves out questions asked fewer times than this.
MIN_ASKED_FOR_BANK = 5
BANK_LIMIT = 100
LABEL_LENGTH = 120

QUIZ_ORDERINGS = {
    "title": ("title", "pk"),
    "attempts": ("attempts_count", "title"),
    "pass_rate": ("pass_rate", "title"),
    "mean": ("mean_percent", "title"),
}
QUESTION_ORDERINGS = ("position", "label", "asked", "answered", "facility", "discrimination")


def _score_share():
    """A graded row's score as a share (0–1) of the points its question was worth when the
    attempt started (the snapshot's, not today's: an author may have changed them since)."""
    return Cast("score", FloatField()) / NullIf(Cast(KT("snapshot__points"), FloatField()), 0.0)


def _submitted_rows() -> QuerySet[AttemptQuestion]:
    return AttemptQuestion.objects.filter(
        attempt__status=Attempt.Status.SUBMITTED, question__isnull=False
    )


def _percent(share: float | None) -> float | None:
    return None if share is None else share * 100


def question_label(*, title: str, text: str) -> str:
    """What the statistics call a question: its bank title, or the start of its text."""
    if title:
        return title
    plain = markdown.plain_text(text)
    return plain if len(plain) <= LABEL_LENGTH else plain[: LABEL_LENGTH - 1] + "…"


@dataclass(frozen=True)
class QuestionStatistics:
    question_id: int
    label: str
    type: str
    position: int  # the earliest place it took in an attempt (the quiz's own order when fixed)
    asked: int  # in how many submitted attempts it appeared
    answered: int  # how many of those had an answer saved (an unanswered one scores nothing)
    facility: float | None  # percent, 0–100
    discrimination: float | None  # -1 to 1; None when there are too few attempts

    @property
    def is_hard(self) -> bool:
        return self.facility is not None and self.facility < HARD_FACILITY

    @property
    def discriminates_negatively(self) -> bool:
        return self.discrimination is not None and self.discrimination < 0

    @property
    def flagged(self) -> bool:
        return self.is_hard or self.discriminates_negatively

    @property
    def type_label(self) -> str:
        return Question.Type(self.type).label


@dataclass(frozen=True)
class QuizStatistics:
    quiz: Quiz
    attempts: int
    passed: int
    mean_percent: float | None
    questions: list[QuestionStatistics] = field(default_factory=list)

    @property
    def pass_rate(self) -> float | None:
        return self.passed * 100 / self.attempts if self.attempts else None

    @property
    def has_discrimination(self) -> bool:
        return self.attempts >= MIN_ATTEMPTS_FOR_DISCRIMINATION

    @property
    def flagged_count(self) -> int:
        return sum(1 for question in self.questions if question.flagged)


def quiz_list_with_statistics(*, ordering: str = "title") -> QuerySet[Quiz]:
    """Every quiz (live or draft) annotated with ``attempts_count``, ``passed_count``,
    ``pass_rate`` (percent, None without attempts) and ``mean_percent``, from submitted
    attempts. ``ordering`` is a key of ``QUIZ_ORDERINGS``, "-" first for descending (an unknown
    one sorts by title); empty values sort last either way. One query (plus one to count when
    paginated)."""
    submitted = Q(attempts__status=Attempt.Status.SUBMITTED)
    quizzes = Quiz.objects.annotate(
        attempts_count=Count("attempts", filter=submitted),
        passed_count=Count("attempts", filter=submitted & Q(attempts__passed=True)),
        mean_percent=Cast(Avg("attempts__percent", filter=submitted), FloatField()),
    ).annotate(
        pass_rate=Cast(F("passed_count"), FloatField())
        * 100
        / NullIf(Cast(F("attempts_count"), FloatField()), 0.0)
    )
    descending = ordering.startswith("-")
    fields = QUIZ_ORDERINGS.get(ordering.lstrip("-"), QUIZ_ORDERINGS["title"])
    first = F(fields[0])
    first = first.desc(nulls_last=True) if descending else first.asc(nulls_last=True)
    return quizzes.order_by(first, *fields[1:], "pk")


def _group_boundary(attempts: QuerySet[Attempt], *, size: int, best: bool) -> Q:
    """The condition selecting the ``size`` worst (or best) attempts, ties in percent broken by
    id, as cut at the attempt on the boundary: a fixed-size filter however large the group."""
    order = ("-percent", "-pk") if best else ("percent", "pk")
    percent, pk = attempts.order_by(*order).values_list("percent", "pk")[size - 1]
    if best:
        return Q(attempt__percent__gt=percent) | Q(attempt__percent=percent, attempt_id__gte=pk)
    return Q(attempt__percent__lt=percent) | Q(attempt__percent=percent, attempt_id__lte=pk)


def quiz_statistics(*, quiz: Quiz, ordering: str = "position") -> QuizStatistics:
    """The quiz's submitted attempts summed up, and every question that appeared in them.

    ``ordering`` is one of ``QUESTION_ORDERINGS``, "-" first for descending (empty values last).
    Discrimination is None for every question while the quiz has fewer than
    ``MIN_ATTEMPTS_FOR_DISCRIMINATION`` submitted attempts. Four queries at most, whatever the
    number of attempts."""
    attempts = Attempt.objects.filter(
        quiz=quiz, status=Attempt.Status.SUBMITTED, percent__isnull=False
    )
    summary = attempts.aggregate(
        n=Count("pk"),
        passed=Count("pk", filter=Q(passed=True)),
        mean=Cast(Avg("percent"), FloatField()),
    )
    n = summary["n"]
    if not n:
        return QuizStatistics(quiz=quiz, attempts=0, passed=0, mean_percent=None)

    share = _score_share()
    aggregates = {
        "position": Min("position"),
        "asked": Count("pk"),
        "answered": Count("pk", filter=Q(answered_at__isnull=False)),
        "facility": Avg(share),
    }
    # The groups are cut from two attempts on; below the minimum they are computed anyway, so
    # that the number of queries does not depend on the data, and only hidden.
    if n >= 2:
        size = max(1, round(n * GROUP_SHARE))
        aggregates["upper"] = Avg(share, filter=_group_boundary(attempts, size=size, best=True))
        aggregates["lower"] = Avg(share, filter=_group_boundary(attempts, size=size, best=False))
    rows = (
        _submitted_rows()
        .filter(attempt__quiz=quiz, attempt__percent__isnull=False)
        .values("question_id", "question__title", "question__text", "question__type")
        .annotate(**aggregates)
        .order_by()
    )
    show_discrimination = n >= MIN_ATTEMPTS_FOR_DISCRIMINATION
    questions = [
        QuestionStatistics(
            question_id=row["question_id"],
            label=question_label(title=row["question__title"], text=row["question__text"]),
            type=row["question__type"],
            position=row["position"],
            asked=row["asked"],
            answered=row["answered"],
            facility=_percent(row["facility"]),
            discrimination=_discrimination(row) if show_discrimination else None,
        )
        for row in rows
    ]
    return QuizStatistics(
        quiz=quiz,
        attempts=n,
        passed=summary["passed"],
        mean_percent=summary["mean"],
        questions=question_statistics_sort(questions, ordering=ordering),
    )


def _discrimination(row: dict) -> float | None:
    upper, lower = row.get("upper"), row.get("lower")
    # A question drawn at random may have missed one group entirely.
    if upper is None or lower is None:
        return None
    return upper - lower


def question_statistics_sort(
    questions: list[QuestionStatistics], *, ordering: str
) -> list[QuestionStatistics]:
    """``questions`` sorted by one of ``QUESTION_ORDERINGS`` ("-" first for descending), empty
    values last either way; ties keep the quiz's order."""
    descending = ordering.startswith("-")
    key = ordering.lstrip("-")
    if key not in QUESTION_ORDERINGS:
        key, descending = "position", False
    by_position = sorted(questions, key=lambda q: (q.position, q.question_id))
    present = [q for q in by_position if getattr(q, key) is not None]
    missing = [q for q in by_position if getattr(q, key) is None]

    def sort_key(question):
        value = getattr(question, key)
        return value.casefold() if isinstance(value, str) else value

    return sorted(present, key=sort_key, reverse=descending) + missing


@dataclass(frozen=True)
class BankQuestionStatistics:
    question_id: int
    label: str
    type: str
    category: str
    asked: int
    quizzes: int  # in how many quizzes it was asked
    facility: float

    @property
    def is_hard(self) -> bool:
        return self.facility < HARD_FACILITY

    @property
    def type_label(self) -> str:
        return Question.Type(self.type).label


def questions_everyone_fails(
    *, limit: int = BANK_LIMIT, min_asked: int = MIN_ASKED_FOR_BANK
) -> list[BankQuestionStatistics]:
    """Across the whole question bank and every quiz: the ``limit`` questions with the lowest
    facility, hardest first, among those asked in at least ``min_asked`` submitted attempts.
    One query."""
    rows = (
        _submitted_rows()
        .filter(attempt__percent__isnull=False)
        .values(
            "question_id",
            "question__title",
            "question__text",
            "question__type",
            "question__category__name",
        )
        .annotate(
            asked=Count("pk"),
            quizzes=Count("attempt__quiz_id", distinct=True),
            facility=Avg(_score_share()),
        )
        .filter(asked__gte=min_asked)
        .order_by("facility", "-asked", "question_id")[:limit]
    )
    return [
        BankQuestionStatistics(
            question_id=row["question_id"],
            label=question_label(title=row["question__title"], text=row["question__text"]),
            type=row["question__type"],
            category=row["question__category__name"] or "",
            asked=row["asked"],
            quizzes=row["quizzes"],
            facility=_percent(row["facility"]) or 0.0,
        )
        for row in rows
    ]


@dataclass(frozen=True)
class FailedQuestion:
    """A question a group of people lose points on: its label (never its answer), how many
    times they were asked it and their facility (percent)."""

    question_id: int
    label: str
    asked: int
    facility: float


def questions_failed_most_by(
    *, user_ids, since, limit: int = 3, min_asked: int = 3
) -> list[FailedQuestion]:
    """The ``limit`` questions these people (a list or a query of user ids) did worst on in
    attempts submitted from ``since`` on: lowest facility first, among questions asked at least
    ``min_asked`` times and not always answered fully right. Labels only: nothing about the
    correct answer. One query.

    The dashboard's ``questions_failed_by_people`` reads the same answers but ranks by the share
    of answers not fully right and gives a quiz to link to; this one ranks by facility (partial
    credit counts), as the digest shows it. The rankings can differ, so one selector would
    change the figures of the other: they share ``_answers_of_people`` instead."""
    rows = (
        _answers_of_people(user_ids=user_ids, start=since)
        .values("question_id", "question__title", "question__text")
        .annotate(asked=Count("pk"), facility=Avg(_score_share()))
        .filter(asked__gte=min_asked, facility__lt=1.0)
        .order_by("facility", "-asked", "question_id")[:limit]
    )
    return [
        FailedQuestion(
            question_id=row["question_id"],
            label=question_label(title=row["question__title"], text=row["question__text"]),
            asked=row["asked"],
            facility=_percent(row["facility"]) or 0.0,
        )
        for row in rows
    ]


# --- Aggregates over a group of people (the reports' dashboard) --------------------------------


@dataclass(frozen=True)
class QuizResultsOfPeople:
    """How a group of people did in one quiz: of those who submitted an attempt, how many
    passed (at any attempt), and of those whose first attempt counts, how many passed it."""

    quiz_id: int
    title: str
    people: int
    passed: int
    first_tries: int
    first_try_passed: int

    @property
    def pass_rate(self) -> float | None:
        return self.passed * 100 / self.people if self.people else None

    @property
    def first_try_rate(self) -> float | None:
        return self.first_try_passed * 100 / self.first_tries if self.first_tries else None


def _answers_of_people(
    *,
    user_ids: QuerySet | list[int],
    start: datetime.datetime | None = None,
    end: datetime.datetime | None = None,
) -> QuerySet[AttemptQuestion]:
    """The graded answers of ``user_ids`` in attempts submitted in [start, end)."""
    return _submitted_rows().filter(
        _submitted_between(start, end, "attempt__"), attempt__user_id__in=user_ids
    )


def _submitted_between(start: datetime.datetime | None, end: datetime.datetime | None, prefix=""):
    """A ``Q`` keeping attempts submitted in [start, end) (either end open when None)."""
    q = Q()
    if start is not None:
        q &= Q(**{f"{prefix}submitted_at__gte": start})
    if end is not None:
        q &= Q(**{f"{prefix}submitted_at__lt": end})
    return q


def quiz_results_of_people(
    *,
    user_ids: QuerySet | list[int],
    start: datetime.datetime | None = None,
    end: datetime.datetime | None = None,
) -> list[QuizResultsOfPeople]:
    """Per quiz, the attempts of ``user_ids`` submitted in [start, end): people who
    attempted, people who passed, first attempts and first attempts passed; most attempted
    first. One query."""
    submitted = Attempt.objects.filter(
        _submitted_between(start, end), user_id__in=user_ids, status=Attempt.Status.SUBMITTED
    )
    rows = (
        submitted.values("quiz_id", "quiz__title")
        # Named apart from Attempt's own fields ("passed"), which the filters below read.
        .annotate(
            n_people=Count("user_id", distinct=True),
            n_passed=Count("user_id", filter=Q(passed=True), distinct=True),
            n_first=Count("pk", filter=Q(number=1)),
            n_first_passed=Count("pk", filter=Q(number=1, passed=True)),
        )
        .order_by("-n_people", "quiz__title", "quiz_id")
    )
    return [
        QuizResultsOfPeople(
            quiz_id=row["quiz_id"],
            title=row["quiz__title"],
            people=row["n_people"],
            passed=row["n_passed"],
            first_tries=row["n_first"],
            first_try_passed=row["n_first_passed"],
        )
        for row in rows
    ]


@dataclass(frozen=True)
class QuestionFailures:
    """A question a group of people got wrong: how often asked and answered wrongly, and the
    first quiz it was asked in (whose statistics page lists it). No answer, right or wrong."""

    question_id: int
    label: str
    category: str
    quiz_id: int
    asked: int
    wrong: int

    @property
    def fail_rate(self) -> float:
        return self.wrong * 100 / self.asked if self.asked else 0.0


def questions_failed_by_people(
    *,
    user_ids: QuerySet | list[int],
    start: datetime.datetime | None = None,
    end: datetime.datetime | None = None,
    limit: int = 10,
    min_asked: int = 3,
) -> list[QuestionFailures]:
    """The ``limit`` questions that ``user_ids`` answer wrongly most often in attempts
    submitted in [start, end): highest share of wrong answers first,
    then most wrong answers, among questions asked at least ``min_asked`` times. A question
    counts as wrong unless graded fully right; ``quiz_id`` is a quiz it was asked in (the
    first). Two queries (the failures, then the labels of those kept)."""
    # Grouped by the question id alone (the labels are read for the few kept), so that the
    # database carries no text through the grouping of what may be millions of answers.
    rows = list(
        _answers_of_people(user_ids=user_ids, start=start, end=end)
        .values("question_id")
        .annotate(
            asked=Count("pk"),
            wrong=Count("pk", filter=~Q(correct=True)),
            quiz_id=Min("attempt__quiz_id"),
        )
        .filter(asked__gte=min_asked, wrong__gt=0)
        .annotate(fail_share=Cast(F("wrong"), FloatField()) / Cast(F("asked"), FloatField()))
        .order_by("-fail_share", "-wrong", "question_id")[:limit]
    )
    labels = {
        q["pk"]: q
        for q in Question.objects.filter(pk__in=[row["question_id"] for row in rows]).values(
            "pk", "title", "text", "category__name"
        )
    }
    return [
        QuestionFailures(
            question_id=row["question_id"],
            label=question_label(
                title=labels[row["question_id"]]["title"], text=labels[row["question_id"]]["text"]
            ),
            category=labels[row["question_id"]]["category__name"] or "",
            quiz_id=row["quiz_id"],
            asked=row["asked"],
            wrong=row["wrong"],
        )
        for row in rows
    ]


# --- How often each option was picked ---------------------------------------------------------


@dataclass(frozen=True)
class OptionCount:
    """One option (or typed answer, or pair) and how many submitted answers chose it."""

    text: str
    count: int


def question_asked_in(*, quiz: Quiz, question_id: int) -> bool:
    """Whether the question was part of any attempt at the quiz (submitted or not). One
    query."""
    return AttemptQuestion.objects.filter(attempt__quiz=quiz, question_id=question_id).exists()


def _option_answers(*, quiz: Quiz, question_id: int):
    """The (snapshot, response) of every answer given to the question in the quiz's submitted
    attempts, read in chunks."""
    return (
        _submitted_rows()
        .filter(attempt__quiz=quiz, question_id=question_id, response__isnull=False)
        .values_list("snapshot", "response")
        .iterator(chunk_size=2000)
    )


def _most_picked_first(counts: Counter[str]) -> list[OptionCount]:
    return [
        OptionCount(text=text, count=count)
        for text, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]


def question_option_counts(*, quiz: Quiz, question_id: int) -> list[OptionCount]:
    """How often each option of a question was picked in the quiz's submitted attempts, most
    picked first. What counts as an option is the question type's (``option_counts``): the
    choices ticked, the pairs made, the typed answer as compared. One query."""
    counts: Counter[str] = Counter()
    for snapshot, response in _option_answers(quiz=quiz, question_id=question_id):
        counts.update(question_type(snapshot["type"]).option_counts(snapshot, response))
    return _most_picked_first(counts)


@dataclass(frozen=True)
class OptionPart:
    """One set of a question's options with how often each was picked: the question's only
    set (``number`` 0), or one gap of a cloze (its number, from 1)."""

    number: int
    options: list[OptionCount]

    @property
    def total(self) -> int:
        return sum(option.count for option in self.options)


@dataclass(frozen=True)
class QuestionOptionCounts:
    """How the answers to one question of a quiz spread over its options."""

    answered: int  # answers counted: those given in submitted attempts
    parts: list[OptionPart]


def question_option_counts_by_part(*, quiz: Quiz, question_id: int) -> QuestionOptionCounts:
    """``question_option_counts`` kept apart by the type's sets of options
    (``option_counts_by_part``): one part for most questions, one per gap with options for a
    cloze, in the gaps' order. Options nobody picked are not listed. One query, whatever the
    number of attempts (the answers are read in chunks)."""
    answered = 0
    counts: dict[int, Counter[str]] = {}
    for snapshot, response in _option_answers(quiz=quiz, question_id=question_id):
        answered += 1
        for number, text in question_type(snapshot["type"]).option_counts_by_part(
            snapshot, response
        ):
            counts.setdefault(number, Counter())[text] += 1
    return QuestionOptionCounts(
        answered=answered,
        parts=[
            OptionPart(number=number, options=_most_picked_first(counts[number]))
            for number in sorted(counts)
        ],
    )
