"""Imports every type module so each registers itself. Add a new type's module here."""

from quizzes.types import (  # noqa: F401
    cloze,
    matching,
    missing_word,
    multiple_choice,
    numeric,
    open_answer,
    ordering,
    short_text,
    single_choice,
    true_false,
)
