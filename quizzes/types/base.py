"""What every question type is: the contract the grading, the attempt form, the API, the
statistics, the question editor and the file formats dispatch through.

A type is one subclass of ``QuestionType`` in its own module of this package, registered with
``@register``. Nothing outside this package compares ``question.type`` with a literal: it asks
``question_type(code)`` and calls the method. What a type does not support it says by the
default below (an importer or exporter that meets such a type reports a problem at its line
instead of guessing).

Snapshots are plain JSON frozen into an attempt (or a review card) when it is shown; every type
keeps its own keys beside the common ones (``question_id``, ``type``, ``text``,
``text_format``, ``explanation``, ``explanation_format``, ``points``). A snapshot written by an
older version of a type must still grade: a type reads old keys where it changed them.
"""

import random
from dataclasses import dataclass
from decimal import Decimal
from typing import ClassVar

from django.utils.functional import Promise


class AnswerInvalid(ValueError):
    """The answer's shape does not fit the question; ``message`` says what to send."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class Grade:
    """How one answer scored: ``fraction`` of the question's points (0…1, never below 0 for
    the question as a whole), whether it is fully right, and whether a person still has to
    grade it (an open answer: ``fraction`` and ``correct`` mean nothing until then)."""

    fraction: Decimal
    correct: bool
    pending: bool = False

    @classmethod
    def right(cls) -> "Grade":
        return cls(Decimal(1), True)

    @classmethod
    def wrong(cls) -> "Grade":
        return cls(Decimal(0), False)

    @classmethod
    def waiting(cls) -> "Grade":
        return cls(Decimal(0), False, pending=True)


class OpaqueIds:
    """Ids made for one snapshot: short, random, never repeated inside it, so neither an id
    nor the order of ids tells anything about the answer."""

    def __init__(self) -> None:
        self.taken: set[str] = set()

    def new(self) -> str:
        import secrets

        while True:
            token = secrets.token_hex(4)
            if token not in self.taken:
                self.taken.add(token)
                return token


class QuestionType:
    """One kind of question. Subclasses set ``code`` (a ``Question.Type`` value) and override
    what they support; every method takes and returns plain data."""

    code: ClassVar[str]
    # The question's related rows this type reads: any of "choices", "accepted_answers",
    # "numeric_answers", "pairs". The editor shows only these (and ``fields``).
    parts: ClassVar[tuple[str, ...]] = ()
    # The question's own fields this type uses besides the common ones (e.g. "correct_bool").
    fields: ClassVar[tuple[str, ...]] = ()
    # True when a person grades the answer (an open answer): the attempt waits for them.
    graded_by_person: ClassVar[bool] = False

    @property
    def label(self) -> str | Promise:
        from quizzes.models import Question

        return Question.Type(self.code).label

    # --- Attempts: freezing, showing, checking, grading ------------------------------------

    def snapshot(self, question, *, shuffle: bool, rng: random.Random, ids: OpaqueIds) -> dict:
        """This type's keys of the snapshot of ``question`` (parts prefetched)."""
        raise NotImplementedError

    def public(self, snapshot: dict) -> dict:
        """This type's keys of what the learner sees before submitting: never anything that
        tells what is right."""
        return {}

    def clean(self, snapshot: dict, data) -> dict:
        """The answer checked against the snapshot and normalised, ready to store. Raises
        ``AnswerInvalid`` with a message for the learner."""
        raise NotImplementedError

    def grade(self, snapshot: dict, response: dict) -> Grade:
        """Score a cleaned, non-empty answer."""
        raise NotImplementedError

    def review(self, snapshot: dict) -> dict:
        """This type's keys of the review when the quiz shows right answers: the right answer
        (``right_answer``) and per-option feedback."""
        return {}

    # --- The attempt form (HTML) ------------------------------------------------------------

    def form_fields(self, question: dict, saved: dict) -> dict:
        """``{field name suffix or "": (form field, initial)}`` for the public ``question``;
        "" is the question's own field ``q<id>``, a suffix ``x`` names ``q<id>-x``."""
        raise NotImplementedError

    def form_answer(self, question: dict, values: dict) -> dict | None:
        """The answer from the cleaned ``values`` (by the suffixes of ``form_fields``), or
        None when nothing was entered. Raises ``AnswerInvalid``."""
        raise NotImplementedError

    # --- The API ----------------------------------------------------------------------------

    # The answer's JSON shape, as a message for a client that sent something else.
    answer_shape: ClassVar[str | Promise] = ""

    # --- Authoring --------------------------------------------------------------------------

    def parts_errors(self, parts: dict) -> list[tuple[str | None, str | Promise]]:
        """``(field or None, message)`` for every way the parts do not fit this type.
        ``parts`` holds the editor's (or an importer's) rows as dicts by part name, and the
        type's ``fields`` by name. Messages speak the author's language."""
        return []

    # --- Statistics -------------------------------------------------------------------------

    def option_counts(self, snapshot: dict, response: dict) -> list[str]:
        """The option texts an answer chose, for "how often each option was picked"."""
        return []
