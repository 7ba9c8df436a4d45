"""Questions of the person-graded and gap types for tests: missing word, cloze, open answer."""

from quizzes.models import Choice, Question
from quizzes.types.missing_word import BLANK

T = Question.Type


def missing_word_create(
    *, before="Тариф «Семейный»", after="до пяти номеров.", right="объединяет",
    wrong=("удаляет", "продаёт"), points=1, **fields,
) -> Question:  # fmt: skip
    question = Question.objects.create(
        type=T.MISSING_WORD, text=f"{before} {BLANK} {after}", points=points, **fields
    )
    Choice.objects.create(question=question, text=right, is_correct=True, sort_order=0)
    for index, text in enumerate(wrong, start=1):
        Choice.objects.create(question=question, text=text, is_correct=False, sort_order=index)
    return question


def cloze_create(*, text, points=1, **fields) -> Question:
    return Question.objects.create(type=T.CLOZE, text=text, points=points, **fields)


def open_answer_create(
    *, text="Клиент говорит: у конкурента дешевле. Ваш ответ?", points=5,
    grading_notes="Признать сомнение, сравнить ценность, предложить выгоду.", **fields,
) -> Question:  # fmt: skip
    return Question.objects.create(
        type=T.OPEN_ANSWER, text=text, points=points, grading_notes=grading_notes, **fields
    )
