"""Imports every type module so each registers itself. Add a new type's module here."""

from quizzes.types import cloze, missing_word, open_answer  # noqa: F401
from quizzes.types import (  # noqa: F401
    matching,
    multiple_choice,
    numeric,
    ordering,
    short_text,
    single_choice,
    true_false,
)
