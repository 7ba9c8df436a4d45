"""What the courses app needs to know about quizzes, told by the quizzes app at startup.

The quizzes app builds on this one (a lesson's gate, a refresher policy's or an assignment's
quiz are quizzes), so this app never imports it and never asks ``apps.get_model("quizzes", …)``.
Where a course rule needs quiz data, it calls one of the hooks below, which the quizzes app
registers in its ``AppConfig.ready`` (``quizzes.apps``):

- ``quiz_passes()``: every passed, submitted attempt at any quiz, as a queryset with
  ``user_id``, ``quiz_id`` and ``submitted_at``: what completes a quiz refresher policy
  (``courses.selectors.refreshers``).
- ``change_answerers(change=…)``: the ids of the people who answered, in a submitted attempt
  before ``change`` was published, a question that checks the changed content (a ``values``
  queryset of one column): they learned the old version (``courses.selectors.changes``).
- ``change_quiz_build(change=…, instance=…, title=…, change_note=…, since=…)``: builds the
  quiz a change refresher is completed by, from the questions linked to the changed page or
  term, and links it to ``change``; its id, or None when no question checks it
  (``courses.services.changes``).
- ``quiz_ids_live()``: the ids of the published quizzes, a one-column ``values`` queryset:
  which quiz assignments and quiz refresher policies are current (``courses.selectors``).
- ``quiz_title(field)``: an expression for the title of the quiz whose id is in ``field`` of
  the outer query (a subquery): lists annotate an assignment's or a policy's quiz title in the
  query that reads them, so no row costs another query.
- ``quiz_list()``: every quiz, by title, a queryset: the choices of a refresher policy's quiz,
  and one quiz's title where no list annotated it.
- ``change_quizzes(live=False)``: the quiz of every change that has one, as a queryset with
  ``change_id`` and ``quiz_id`` (``live=True``: only quizzes still live).
- ``change_quiz(change=…)``: the quiz of ``change``, or None.
- ``lesson_gates()``: the quiz that ends each gated lesson, as a queryset with ``lesson_id``
  and ``quiz_id`` (at most one row per lesson; the rows of the published lesson). Courses
  composes it into its own queries (``courses.selectors.lessons``), so an outline stays one
  query.
- ``lesson_gate_quiz(lesson=…)``: the quiz that ends this lesson instance as it stands, a draft
  in the editor's preview included, or None.

An assignment and a refresher policy name their quiz by a plain ``quiz_id`` column, not a
foreign key, so this app's schema does not depend on the quizzes app's; the quizzes app deletes
a quiz's assignments and policies when the quiz is deleted (``quizzes.signals``).

Each hook is a plain callable; the quizzes app keeps its implementation in its own selectors
and services. Tests may register others (``quiz_hooks_register`` returns what it replaced).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Expression, QuerySet


@dataclass(frozen=True)
class QuizHooks:
    quiz_passes: Callable[[], QuerySet]
    change_answerers: Callable[..., QuerySet]
    change_quiz_build: Callable[..., int | None]
    quiz_ids_live: Callable[[], QuerySet]
    quiz_title: Callable[[str], Expression]
    quiz_list: Callable[[], QuerySet]
    lesson_gates: Callable[[], QuerySet]
    lesson_gate_quiz: Callable[..., Any]
    change_quizzes: Callable[..., QuerySet]
    change_quiz: Callable[..., Any]


_registered: dict[str, QuizHooks] = {}


def quiz_hooks_register(hooks: QuizHooks) -> QuizHooks | None:
    """Make ``hooks`` the quiz interface of the courses app; returns the previous one."""
    previous = _registered.get("quizzes")
    _registered["quizzes"] = hooks
    return previous


def _hooks() -> QuizHooks:
    try:
        return _registered["quizzes"]
    except KeyError:
        raise ImproperlyConfigured(
            "The quizzes app has not registered its hooks (courses.hooks.quiz_hooks_register)."
        ) from None


def quiz_passes() -> QuerySet:
    """Every passed, submitted attempt at any quiz: ``user_id``, ``quiz_id``, ``submitted_at``."""
    return _hooks().quiz_passes()


def change_answerers(*, change: Any) -> QuerySet:
    """Ids of the people who answered a question checking the changed content before the
    change was published (one-column ``values`` queryset, not evaluated)."""
    return _hooks().change_answerers(change=change)


def change_quiz_build(
    *,
    change: Any,
    instance: Any,
    title: str,
    change_note: str,
    since: datetime.datetime | None,
) -> int | None:
    """Build the quiz that tests ``change`` of ``instance``, link it to the change and return
    its id (None: no question checks it). ``since``: when the version before the change was
    saved (None: unknown)."""
    return _hooks().change_quiz_build(
        change=change, instance=instance, title=title, change_note=change_note, since=since
    )


def quiz_ids_live() -> QuerySet:
    """The ids of the published quizzes (one-column ``values`` queryset, not evaluated)."""
    return _hooks().quiz_ids_live()


def quiz_title(field: str = "quiz_id") -> Expression:
    """The title of the quiz whose id is in ``field`` of the outer query, as an expression to
    annotate with (None where ``field`` is null or the quiz is gone)."""
    return _hooks().quiz_title(field)


def quiz_list() -> QuerySet:
    """Every quiz, by title (a queryset): the choices of a refresher policy's quiz."""
    return _hooks().quiz_list()


def change_quizzes(*, live: bool = False) -> QuerySet:
    """The quiz of every change that has one: ``change_id``, ``quiz_id`` (not evaluated);
    ``live``: only the quizzes still live."""
    return _hooks().change_quizzes(live=live)


def change_quiz(*, change: Any) -> Any:
    """The quiz that completes ``change``, or None (one query)."""
    return _hooks().change_quiz(change=change)


def lesson_gates() -> QuerySet:
    """The gate of every gated lesson: ``lesson_id``, ``quiz_id`` (not evaluated)."""
    return _hooks().lesson_gates()


def lesson_gate_quiz(*, lesson: Any) -> Any:
    """The quiz that ends ``lesson`` as this instance holds it (a draft or a revision being
    previewed included), or None."""
    return _hooks().lesson_gate_quiz(lesson=lesson)
