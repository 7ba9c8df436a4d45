"""A change to re-learn tests the change (issue 17 §4): its quiz is the questions linked to the
changed page or term, those changed since the version before first, with what changed in its
description; and a glossary term's change reaches the learners of lessons whose Markdown
mentions it through the auto-linker, not only of lessons with a callout of it."""

import datetime

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from wagtail.models import ReferenceIndex

from courses.hooks import change_quiz, change_quizzes
from courses.models import Assignment, ContentChange
from courses.services import lesson_complete
from glossary import linking
from quizzes.change_selectors import CHANGE_QUIZ_SIZE
from quizzes.models import ChangeQuiz, LessonGate, Question
from tests.courses.factories import LessonPageFactory, ProductCardPageFactory, course_create
from tests.courses.test_changes import change_users, publish
from tests.factories import staff_user
from tests.glossary.factories import GlossaryTermFactory
from tests.quizzes.factories import quiz_create, single_choice_create

DAY = datetime.timedelta(days=1)


def quiz_question_ids(change: ContentChange) -> list[int]:
    return list(
        change_quiz(change=change)
        .quiz_questions.order_by("sort_order")
        .values_list("question_id", flat=True)
    )


def updated(question: Question, at: datetime.datetime) -> None:
    Question.objects.filter(pk=question.pk).update(updated_at=at)


class ChangeQuizTests(TestCase):
    """A product card checked by three questions, one of them edited with the change."""

    @classmethod
    def setUpTestData(cls):
        now = timezone.now()
        cls.card = ProductCardPageFactory(title="Домашний интернет 500")
        cls.old_one = single_choice_create(text="Какая скорость?", knowledge_page=cls.card)
        cls.old_two = single_choice_create(text="Есть ли роутер?", knowledge_page=cls.card)
        cls.edited = single_choice_create(text="Сколько стоит?", knowledge_page=cls.card)
        cls.elsewhere = single_choice_create(text="Чужой вопрос?")
        # The version staff learned was saved five days ago; two questions are older still, and
        # one was edited for the change yesterday.
        before = cls.card.save_revision()
        type(before).objects.filter(pk=before.pk).update(created_at=now - 5 * DAY)
        updated(cls.old_one, now - 20 * DAY)
        updated(cls.old_two, now - 10 * DAY)
        updated(cls.edited, now - DAY)

    def test_the_questions_changed_with_the_content_come_first_then_the_rest_linked_to_it(self):
        publish(self.card, relearn=True, note="Цена выросла на 50 ₽.", test=self)
        change = ContentChange.objects.get()
        self.assertEqual(
            quiz_question_ids(change), [self.edited.pk, self.old_two.pk, self.old_one.pk]
        )
        self.assertNotIn(self.elsewhere.pk, quiz_question_ids(change))

    def test_the_refresher_says_what_changed(self):
        publish(self.card, relearn=True, note="Цена выросла на **50 ₽**.", test=self)
        quiz = change_quiz(change=ContentChange.objects.get())
        self.assertIn("Цена выросла на **50 ₽**.", quiz.description)
        self.assertIn("Что изменилось", quiz.description)
        self.assertIn("Домашний интернет 500", quiz.title)

    def test_the_learner_reads_what_changed_on_the_quiz_page(self):
        publish(self.card, relearn=True, note="Цена выросла на **50 ₽**.", test=self)
        quiz = change_quiz(change=ContentChange.objects.get())
        self.client.force_login(staff_user(username="learner"))
        response = self.client.get(reverse("quizzes:quiz", args=[quiz.pk]))
        self.assertContains(response, "Цена выросла на <strong>50 ₽</strong>.", html=False)
        self.assertContains(response, "Что изменилось")

    def test_a_large_bank_gives_a_short_quiz_that_keeps_the_edited_question(self):
        extra = [
            single_choice_create(text=f"Вопрос {n}?", knowledge_page=self.card)
            for n in range(CHANGE_QUIZ_SIZE)
        ]
        for question in extra:
            updated(question, timezone.now() - 30 * DAY)
        publish(self.card, relearn=True, test=self)
        ids = quiz_question_ids(ContentChange.objects.get())
        self.assertEqual(len(ids), CHANGE_QUIZ_SIZE)
        self.assertEqual(ids[0], self.edited.pk)

    def test_the_quiz_is_linked_to_the_change_in_quizzes(self):
        publish(self.card, relearn=True, test=self)
        change = ContentChange.objects.get()
        link = ChangeQuiz.objects.get()
        self.assertEqual((link.change, link.quiz), (change, change_quiz(change=change)))
        self.assertEqual(
            list(change_quizzes(live=True).values_list("change_id", flat=True)), [change.pk]
        )
        link.quiz.live = False
        link.quiz.save(update_fields=["live"])
        self.assertFalse(change_quizzes(live=True).exists())
        self.assertEqual(change_quizzes().get(), link)
        # Deleting the quiz unlinks it: reading the note then completes the change.
        link.quiz.delete()
        self.assertTrue(ContentChange.objects.filter(pk=change.pk).exists())
        self.assertIsNone(change_quiz(change=change))

    def test_content_no_question_is_linked_to_is_completed_by_reading_the_note(self):
        card = ProductCardPageFactory(title="Без вопросов")
        publish(card, relearn=True, test=self)
        self.assertFalse(ChangeQuiz.objects.exists())
        self.assertIsNone(change_quiz(change=ContentChange.objects.get()))


class LessonChangeQuizTests(TestCase):
    def test_a_lesson_is_tested_by_the_questions_linked_to_it_not_by_its_gate(self):
        gate_question = single_choice_create(text="Вопрос всего курса?")
        lesson = LessonPageFactory(parent=course_create(lessons=0), title="Возражения")
        lesson.quiz_gates = [LessonGate(quiz=quiz_create(questions=[gate_question]))]
        lesson.save_revision().publish()
        linked = single_choice_create(text="Как ответить на «дорого»?", knowledge_page=lesson)
        publish(lesson, relearn=True, note="Новый ответ на «дорого».", test=self)
        self.assertEqual(quiz_question_ids(ContentChange.objects.get()), [linked.pk])


class GlossaryMentionTests(TestCase):
    """A term mentioned in one lesson's Markdown (auto-linked), shown as code in another and
    not at all in a third; each lesson completed by one person before the change."""

    @classmethod
    def setUpTestData(cls):
        linking.reset_process_state()
        past = timezone.now() - 5 * DAY
        cls.term = GlossaryTermFactory(term_ru="Роутер", slug="router")
        cls.term.save_revision().publish()
        # One course each: lessons open in order within a course.
        cls.mentions = LessonPageFactory(
            parent=course_create(lessons=0),
            body=[("text", "Перед визитом мастера проверьте **роутер** клиента.")],
        )
        cls.in_code = LessonPageFactory(
            parent=course_create(lessons=0),
            body=[("text", "Команда `роутер` в консоли ничего не делает.")],
        )
        cls.unrelated = LessonPageFactory(
            parent=course_create(lessons=0), body=[("text", "Улыбайтесь.")]
        )
        for username, lesson in [
            ("reader", cls.mentions),
            ("coder", cls.in_code),
            ("other", cls.unrelated),
        ]:
            lesson_complete(user=staff_user(username=username), lesson=lesson, at=past)

    def setUp(self):
        linking.reset_process_state()

    def test_a_lessons_markdown_mention_is_in_the_reference_index(self):
        referencing = set(
            ReferenceIndex.get_references_to(self.term).values_list("object_id", flat=True)
        )
        self.assertEqual(referencing, {str(self.mentions.pk)})

    def test_the_change_reaches_learners_of_lessons_that_mention_the_term(self):
        self.term.refresh_from_db()
        publish(self.term, relearn=True, note="Роутер теперь в аренду.", test=self)
        self.assertEqual(change_users(ContentChange.objects.get()), {"reader"})

    def test_a_term_published_after_the_lesson_still_reaches_its_learners(self):
        lesson = LessonPageFactory(
            parent=course_create(lessons=0), body=[("text", "Настройте модем по инструкции.")]
        )
        lesson_complete(user=staff_user(username="modem"), lesson=lesson, at=timezone.now() - DAY)
        term = GlossaryTermFactory(term_ru="Модем", slug="modem")
        term.save_revision().publish()
        # The lesson was indexed before the term existed: nothing refers to it yet.
        self.assertFalse(ReferenceIndex.get_references_to(term).exists())
        term.refresh_from_db()
        publish(term, relearn=True, note="Модемы больше не выдаём.", test=self)
        change = ContentChange.objects.get()
        self.assertEqual(change_users(change), {"modem"})
        self.assertEqual(
            Assignment.objects.filter(content_change=change).get().source,
            Assignment.Source.CONTENT_CHANGE,
        )
