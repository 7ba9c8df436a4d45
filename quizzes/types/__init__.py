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


def question_types() -> list[QuestionType]:
    _load()
    return list(_REGISTRY.values())


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
    "register",
]
