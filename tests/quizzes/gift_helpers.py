"""Helpers for the GIFT/Aiken import and export tests: a bank with every question type, filled
in as fully as GIFT can carry, and the corpus of real GIFT files.

- ``bank_create()``: one saved question per type (titles, feedback, weights, tags, categories),
  returned by type.
- ``quiz_with(questions, draws=())``: a quiz listing ``questions`` and drawing from categories.
- ``CORPUS``: the shared GIFT corpus beside the repository; ``corpus_files()`` lists it.
"""

from decimal import Decimal
from pathlib import Path

import pytest

from quizzes.models import (
    AcceptedAnswer,
    Choice,
    MatchPair,
    NumericAnswer,
    Question,
    QuestionCategory,
    Quiz,
    QuizDraw,
    QuizQuestion,
)

T = Question.Type

# Real GIFT files with another parser's reading of them, kept in the repository with their
# licence and source (tests/corpora/gift/SOURCE.md).
CORPUS = Path(__file__).resolve().parents[1] / "corpora" / "gift"


def corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*.gift"))


def corpus_required() -> None:
    """Fail loudly if the corpus went missing: the tests over it would otherwise pass empty."""
    if not corpus_files():
        pytest.fail(f"GIFT corpus not found at {CORPUS}")


def _choices(question: Question, rows: list[tuple]) -> None:
    for position, (text, is_correct, weight, feedback) in enumerate(rows):
        Choice.objects.create(
            question=question,
            text=text,
            is_correct=is_correct,
            weight=None if weight is None else Decimal(weight),
            feedback=feedback,
            sort_order=position,
        )


def bank_create() -> dict[str, Question]:
    """One question of each type, saved, keyed by type."""
    products = QuestionCategory.objects.get_or_create(name="Продукты")[0]
    crm = QuestionCategory.objects.get_or_create(name="CRM / Сделки")[0]
    single = Question.objects.create(
        type=T.SINGLE_CHOICE,
        title="Тариф: выбор",
        text="Какой тариф **дешевле**?\n\nВыберите {один} вариант = ответ #1.",
        explanation="Смотрите прайс-лист.",
        category=products,
        points=2,
    )
    single.tags.add("тарифы", "b2c")
    single.save()  # a cluster's tags are written when it is saved
    _choices(
        single,
        [
            ("Базовый", True, None, "Верно!"),
            ("Премиум", False, None, "Дороже"),
            ("~ Max", False, None, ""),
        ],
    )
    multiple = Question.objects.create(
        type=T.MULTIPLE_CHOICE, text="Что входит в тариф?", partial_credit=True, category=products
    )
    _choices(
        multiple,
        [("Звонки", True, "50", ""), ("SMS", True, "50", ""), ("Роуминг", False, "-50", "Нет")],
    )
    all_or_nothing = Question.objects.create(
        type=T.MULTIPLE_CHOICE, text="Отметьте каналы", partial_credit=False, category=products
    )
    _choices(all_or_nothing, [("Чат", True, None, ""), ("Почта", False, None, "")])
    true_false = Question.objects.create(
        type=T.TRUE_FALSE, text="Абонент платит за входящие?", correct_bool=False, category=crm
    )
    short = Question.objects.create(type=T.SHORT_TEXT, text="Как называется отказ от услуги?")
    AcceptedAnswer.objects.create(question=short, text="отток", sort_order=0)
    AcceptedAnswer.objects.create(question=short, text="churn", sort_order=1)
    numeric = Question.objects.create(
        type=T.NUMERIC,
        text="Сколько дней на возврат?",
        category=crm,
    )
    NumericAnswer.objects.create(
        question=numeric, value=Decimal("14.5"), tolerance=Decimal("0.5"), sort_order=0
    )
    ordering = Question.objects.create(type=T.ORDERING, title="Шаги", text="Расставьте шаги")
    _choices(
        ordering,
        [("Поздороваться", True, None, ""), ("Выяснить -> потребность", True, None, ""),
         ("Предложить", True, None, "")],
    )  # fmt: skip
    matching = Question.objects.create(type=T.MATCHING, text="Сопоставьте", category=crm)
    for position, (left, right) in enumerate(
        [
            ("NPS", "лояльность"),
            ("ARPU -> доход", "выручка на абонента"),
            ("CSAT", "удовлетворённость"),
        ]
    ):
        MatchPair.objects.create(question=matching, left=left, right=right, sort_order=position)
    return {
        "single": single,
        "multiple": multiple,
        "all_or_nothing": all_or_nothing,
        "true_false": true_false,
        "short": short,
        "numeric": numeric,
        "ordering": ordering,
        "matching": matching,
    }


def quiz_with(questions, *, draws=(), title="Итоговый тест") -> Quiz:
    quiz = Quiz.objects.create(title=title)
    for position, question in enumerate(questions):
        QuizQuestion.objects.create(quiz=quiz, question=question, sort_order=position)
    for position, (category, count) in enumerate(draws):
        QuizDraw.objects.create(quiz=quiz, category=category, count=count, sort_order=position)
    return quiz
