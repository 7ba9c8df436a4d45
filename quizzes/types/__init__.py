"""The question types, one class each, behind a registry (see ``quizzes.types.base``)."""

from quizzes.types.base import AnswerInvalid, Grade, NotWritable, OpaqueIds, QuestionType

_REGISTRY: dict[str, QuestionType] = {}


def register(cls: type[QuestionType]) -> type[QuestionType]:
    """Class decorator: make ``cls`` the type for its ``code``."""
    _REGISTRY[cls.code] = cls()
    return cls


def question_type(code: str) -> QuestionType:
    """The registered type for ``code``; ``KeyError`` for a code no type claims."""
    _load()
    return _REGISTRY[code]


def unregister(code: str) -> None:
    """Forget the type for ``code`` (a type registered for a while, as a test does)."""
    _REGISTRY.pop(code, None)


def question_types() -> list[QuestionType]:
    _load()
    return list(_REGISTRY.values())


def reading_types() -> list[QuestionType]:
    """The types in the order the file readers ask them whether they read a question: by
    ``read_priority``, lower first (a type that reads a particular case of a form before the
    one reading the form in general)."""
    return sorted(question_types(), key=lambda qtype: qtype.read_priority)


def _load() -> None:
    # The type modules register themselves on import; importing them here, late, keeps
    # ``quizzes.models`` free to be imported by them.
    from quizzes.types import registered  # noqa: F401


__all__ = [
    "AnswerInvalid",
    "Grade",
    "NotWritable",
    "OpaqueIds",
    "QuestionType",
    "question_type",
    "question_types",
    "reading_types",
    "register",
    "unregister",
]
