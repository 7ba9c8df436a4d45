"""Questions and quizzes for tests: one helper per question type, and ``quiz_create``.

Each question helper returns a saved question with its parts::

    single_choice_create(right="Да", wrong=["Нет", "Может быть"])
    quiz_create(questions=[q1, q2], pass_mark=50)           # a live quiz
"""

from decimal import Decimal

from quizzes.grading import snapshot_numbers
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


def category_create(name="Продукты") -> QuestionCategory:
    return QuestionCategory.objects.get_or_create(name=name)[0]


def question_create(*, type, text="Вопрос?", points=1, **fields) -> Question:
    return Question.objects.create(type=type, text=text, points=points, **fields)


def single_choice_create(*, right="Верно", wrong=("Неверно 1", "Неверно 2"), **fields):
    question = question_create(type=T.SINGLE_CHOICE, **fields)
    Choice.objects.create(question=question, text=right, is_correct=True, sort_order=0)
    for index, text in enumerate(wrong, start=1):
        Choice.objects.create(question=question, text=text, is_correct=False, sort_order=index)
    return question


def multiple_choice_create(
    *, right=("A", "B"), wrong=("C",), partial_credit=False, **fields
) -> Question:
    question = question_create(type=T.MULTIPLE_CHOICE, partial_credit=partial_credit, **fields)
    order = 0
    for text in right:
        Choice.objects.create(question=question, text=text, is_correct=True, sort_order=order)
        order += 1
    for text in wrong:
        Choice.objects.create(question=question, text=text, is_correct=False, sort_order=order)
        order += 1
    return question


def true_false_create(*, correct=True, **fields) -> Question:
    return question_create(type=T.TRUE_FALSE, correct_bool=correct, **fields)


def short_text_create(*, accepted=("тариф",), **fields) -> Question:
    question = question_create(type=T.SHORT_TEXT, **fields)
    for index, text in enumerate(accepted):
        AcceptedAnswer.objects.create(question=question, text=text, sort_order=index)
    return question


def numeric_create(*, answer="14", tolerance="0", **fields) -> Question:
    question = question_create(type=T.NUMERIC, **fields)
    NumericAnswer.objects.create(
        question=question, value=Decimal(answer), tolerance=Decimal(tolerance), sort_order=0
    )
    return question


def ordering_create(*, items=("Поздороваться", "Выяснить потребность", "Предложить"), **fields):
    question = question_create(type=T.ORDERING, **fields)
    for index, text in enumerate(items):
        Choice.objects.create(question=question, text=text, is_correct=True, sort_order=index)
    return question


def matching_create(*, pairs=(("FCR", "решено с первого раза"), ("NPS", "готовность рекомендовать")),
                    **fields) -> Question:  # fmt: skip
    question = question_create(type=T.MATCHING, **fields)
    for index, (left, right) in enumerate(pairs):
        MatchPair.objects.create(question=question, left=left, right=right, sort_order=index)
    return question


def one_of_each_type() -> list[Question]:
    """Seven questions, one of every type."""
    return [
        single_choice_create(),
        multiple_choice_create(),
        true_false_create(),
        short_text_create(),
        numeric_create(),
        ordering_create(),
        matching_create(),
    ]


def quiz_create(*, questions=(), draws=(), live=True, **fields) -> Quiz:
    """A quiz listing ``questions`` in order; ``draws`` is ``[(category, count), …]``. Defaults:
    pass mark 80 %, unlimited attempts, no cool-down or time limit."""
    fields.setdefault("title", "Проверка")
    quiz = Quiz.objects.create(live=live, **fields)
    for index, question in enumerate(questions):
        QuizQuestion.objects.create(quiz=quiz, question=question, sort_order=index)
    for index, (category, count) in enumerate(draws):
        QuizDraw.objects.create(quiz=quiz, category=category, count=count, sort_order=index)
    return quiz


def right_answer(snapshot: dict) -> dict:
    """The fully right answer to a frozen question (for tests that must pass a quiz)."""
    qtype = snapshot["type"]
    if qtype in (T.SINGLE_CHOICE, T.MULTIPLE_CHOICE):
        return {"choices": [c["id"] for c in snapshot["choices"] if c["correct"]]}
    if qtype == T.TRUE_FALSE:
        return {"value": snapshot["correct"]}
    if qtype == T.SHORT_TEXT:
        return {"text": snapshot["accepted"][0]}
    if qtype == T.NUMERIC:
        return {"number": snapshot_numbers(snapshot)[0]["value"]}
    if qtype == T.ORDERING:
        return {"order": snapshot["right_order"]}
    return {"pairs": snapshot["right_pairs"]}


def wrong_answer(snapshot: dict) -> dict:
    """An answer of the right shape that scores nothing."""
    qtype = snapshot["type"]
    if qtype in (T.SINGLE_CHOICE, T.MULTIPLE_CHOICE):
        return {"choices": [next(c["id"] for c in snapshot["choices"] if not c["correct"])]}
    if qtype == T.TRUE_FALSE:
        return {"value": not snapshot["correct"]}
    if qtype == T.SHORT_TEXT:
        return {"text": "совсем не то"}
    if qtype == T.NUMERIC:
        return {"number": str(Decimal(snapshot_numbers(snapshot)[0]["value"]) + 1000)}
    if qtype == T.ORDERING:
        return {"order": list(reversed(snapshot["right_order"]))}
    lefts = list(snapshot["right_pairs"])
    rights = [snapshot["right_pairs"][key] for key in lefts]
    return {"pairs": dict(zip(lefts, rights[1:] + rights[:1], strict=True))}


def attempt_answer_all(attempt, answer=right_answer, *, now=None) -> None:
    """Save ``answer(snapshot)`` for every question of ``attempt`` through the real service."""
    from quizzes.models import AttemptQuestion
    from quizzes.services import attempt_answer_save

    for row in AttemptQuestion.objects.filter(attempt=attempt).order_by("position"):
        attempt_answer_save(
            attempt=attempt, question_id=row.question_id, data=answer(row.snapshot), now=now
        )


def attempt_take(user, quiz, answer=right_answer, *, now=None):
    """Start (or resume) an attempt, answer every question with ``answer`` and submit it;
    returns the graded attempt."""
    from quizzes.services import attempt_start, attempt_submit

    attempt, _created = attempt_start(user=user, quiz=quiz, now=now)
    attempt_answer_all(attempt, answer, now=now)
    return attempt_submit(attempt=attempt, now=now)
