"""Imports every type module so each registers itself. Add a new type's module here."""

from quizzes.types import cloze, missing_word, open_answer  # noqa: F401
