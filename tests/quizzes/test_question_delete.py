"""Deleting a question that quizzes use: the confirmation lists them, the delete takes the
question out of them (each quiz's history records it) instead of failing."""

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lms.people import roles
from quizzes.models import AttemptQuestion, Question, Quiz, QuizQuestion
from tests.factories import staff_user
from tests.quizzes.factories import attempt_take, quiz_create, single_choice_create


def delete_url(question: Question) -> str:
    return reverse("wagtailsnippets_quizzes_question:delete", args=[question.pk])


class QuestionDeleteTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.author = staff_user(roles=[roles.AUTHORS])
        cls.lead = staff_user(roles=[roles.CONTENT_LEADS])
        cls.learner = staff_user()
        cls.question = single_choice_create(text="Что входит в тариф?")
        cls.other = single_choice_create(text="Сколько стоит тариф?")
        cls.tariffs = quiz_create(title="Тарифы", questions=[cls.question, cls.other])
        cls.tariffs.save_revision().publish()
        cls.basics = quiz_create(title="Основы", questions=[cls.question])
        cls.basics.save_revision().publish()
        # A draft waiting for review that lists the question too, not yet published.
        cls.pending = quiz_create(title="Новый квиз", questions=[cls.other])
        cls.pending.save_revision().publish()
        draft = cls.pending.get_latest_revision_as_object()
        draft.quiz_questions.add(QuizQuestion(question=cls.question, sort_order=1))
        draft.save_revision()
        cls.unused = single_choice_create(text="Никому не нужный вопрос")

    def test_the_confirmation_lists_the_quizzes_that_use_it(self):
        self.client.force_login(self.lead)
        response = self.client.get(delete_url(self.question))
        self.assertEqual(response.status_code, 200)
        listed = [quiz.title for quiz in response.context["quizzes"]]
        self.assertEqual(listed, ["Новый квиз", "Основы", "Тарифы"])
        self.assertContains(response, "Вопрос входит в 3 теста")
        self.assertContains(response, "Убрать из тестов и удалить")

    def test_an_unused_question_is_deleted_as_before(self):
        self.client.force_login(self.lead)
        response = self.client.get(delete_url(self.unused))
        self.assertEqual(response.context["quizzes"], [])
        response = self.client.post(delete_url(self.unused))
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Question.objects.filter(pk=self.unused.pk).exists())

    def test_delete_takes_it_out_of_the_quizzes_and_records_a_revision(self):
        attempt = attempt_take(self.learner, self.tariffs)
        revisions_before = {q.pk: q.revisions.count() for q in (self.tariffs, self.basics)}
        self.client.force_login(self.lead)
        response = self.client.post(delete_url(self.question))
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Question.objects.filter(pk=self.question.pk).exists())
        for quiz in (self.tariffs, self.basics):
            quiz.refresh_from_db()
            self.assertEqual(quiz.revisions.count(), revisions_before[quiz.pk] + 1)
            self.assertFalse(quiz.has_unpublished_changes)
            self.assertEqual(quiz.live_revision_id, quiz.latest_revision_id)
        self.assertEqual(
            [qq.question_id for qq in self.tariffs.quiz_questions.all()], [self.other.pk]
        )
        self.assertFalse(self.basics.quiz_questions.exists())
        # The draft keeps waiting, without the question; nothing unreviewed was published.
        self.pending.refresh_from_db()
        self.assertTrue(self.pending.has_unpublished_changes)
        draft = self.pending.get_latest_revision_as_object()
        self.assertEqual([qq.question_id for qq in draft.quiz_questions.all()], [self.other.pk])
        # The attempt already made keeps its snapshot of the question.
        self.assertEqual(AttemptQuestion.objects.filter(attempt=attempt).count(), 2)

    def test_who_may_delete(self):
        url = delete_url(self.question)
        response = self.client.get(url)
        self.assertEqual(response.status_code, 302)
        self.assertIn("login", response["Location"])
        for user in (self.learner, self.author):
            self.client.force_login(user)
            self.assertNotEqual(self.client.get(url).status_code, 200)
            self.client.post(url)
            self.assertTrue(Question.objects.filter(pk=self.question.pk).exists())
        self.assertEqual(Quiz.objects.filter(quiz_questions__question=self.question).count(), 2)


class QuestionBulkDeleteTests(TestCase):
    """The question list's bulk delete takes the questions out of their quizzes too."""

    def test_bulk_delete_of_questions_that_quizzes_use(self):
        lead = staff_user(roles=[roles.CONTENT_LEADS])
        author = staff_user(roles=[roles.AUTHORS])
        first = single_choice_create(text="Первый?")
        second = single_choice_create(text="Второй?")
        quiz = quiz_create(title="Тарифы", questions=[first, second])
        quiz.save_revision().publish()
        url = reverse("wagtail_bulk_action", args=["quizzes", "question", "delete"])
        query = f"?id={first.pk}&id={second.pk}"
        self.client.force_login(author)
        self.client.post(url + query)
        self.assertEqual(Question.objects.filter(pk__in=[first.pk, second.pk]).count(), 2)
        self.client.force_login(lead)
        self.assertEqual(self.client.get(url + query).status_code, 200)
        response = self.client.post(url + query)
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Question.objects.filter(pk__in=[first.pk, second.pk]).exists())
        quiz.refresh_from_db()
        self.assertFalse(quiz.quiz_questions.exists())
        self.assertEqual(quiz.live_revision_id, quiz.latest_revision_id)


def bulk_delete_url(*questions: Question) -> str:
    url = reverse("wagtail_bulk_action", args=["quizzes", "question", "delete"])
    return url + "?" + "&".join(f"id={question.pk}" for question in questions)


class QuestionBulkDeleteConfirmationTests(TestCase):
    """The bulk delete's confirmation names, per question, the quizzes that use it."""

    @classmethod
    def setUpTestData(cls):
        cls.lead = staff_user(roles=[roles.CONTENT_LEADS])
        cls.author = staff_user(roles=[roles.AUTHORS])
        cls.learner = staff_user()
        cls.first = single_choice_create(text="Что входит в тариф?")
        cls.second = single_choice_create(text="Сколько стоит тариф?")
        cls.unused = single_choice_create(text="Никому не нужный вопрос")
        tariffs = quiz_create(title="Тарифы", questions=[cls.first, cls.second])
        tariffs.save_revision().publish()
        basics = quiz_create(title="Основы", questions=[cls.first])
        basics.save_revision().publish()
        # Only a draft waiting to be published lists the second question here.
        cls.pending = quiz_create(title="Новый квиз", questions=[])
        cls.pending.save_revision().publish()
        draft = cls.pending.get_latest_revision_as_object()
        draft.quiz_questions.add(QuizQuestion(question=cls.second, sort_order=1))
        draft.save_revision()

    def test_each_question_lists_its_quizzes(self):
        self.client.force_login(self.lead)

        response = self.client.get(bulk_delete_url(self.first, self.second, self.unused))

        self.assertEqual(response.status_code, 200)
        listed = {
            item["item"].pk: [quiz.title for quiz in item["quizzes"]]
            for item in response.context["items"]
        }
        self.assertEqual(
            listed,
            {
                self.first.pk: ["Основы", "Тарифы"],
                self.second.pk: ["Новый квиз", "Тарифы"],
                self.unused.pk: [],
            },
        )
        self.assertFalse(response.context["is_protected"])
        self.assertContains(response, "Удалить 3 вопроса?")
        self.assertContains(response, "Вопрос входит в 2 теста:", count=2)
        self.assertContains(response, "(не опубликован)", count=0)
        self.assertContains(response, "Убрать их из тестов и удалить")
        self.assertContains(response, "data-quizzes-using", count=2)

    def test_unused_questions_are_confirmed_as_before(self):
        self.client.force_login(self.lead)

        response = self.client.get(bulk_delete_url(self.unused))

        self.assertFalse(response.context["used_in_quizzes"])
        self.assertContains(response, "Да, удалить")
        self.assertNotContains(response, "data-quizzes-using")

    def test_the_confirmed_delete_takes_them_out_and_deletes(self):
        self.client.force_login(self.lead)

        response = self.client.post(bulk_delete_url(self.first, self.second))

        self.assertEqual(response.status_code, 302)
        self.assertFalse(Question.objects.filter(pk__in=[self.first.pk, self.second.pk]).exists())
        self.assertFalse(QuizQuestion.objects.exists())

    def test_who_may_delete(self):
        url = bulk_delete_url(self.first, self.unused)
        response = self.client.get(url)
        self.assertEqual(response.status_code, 302)
        self.assertIn("login", response["Location"])
        self.client.force_login(self.learner)
        self.assertNotEqual(self.client.get(url).status_code, 200)
        self.client.post(url)
        self.client.force_login(self.author)
        response = self.client.get(url)
        # Shown, but nothing offered to delete: authors may not delete questions.
        self.assertEqual(response.context["items"], [])
        self.assertNotContains(response, "data-quizzes-using")
        self.client.post(url)
        self.assertEqual(Question.objects.filter(pk__in=[self.first.pk, self.unused.pk]).count(), 2)
        self.assertEqual(QuizQuestion.objects.filter(question=self.first).count(), 2)

    def test_the_same_queries_however_many_questions(self):
        self.client.force_login(self.lead)
        self.client.get(bulk_delete_url(self.unused))  # warm the per-process caches
        counts = []
        for questions in ((self.first,), (self.first, self.second, self.unused)):
            with CaptureQueriesContext(connection) as queries:
                self.client.get(bulk_delete_url(*questions))
            counts.append(len(queries))
        self.assertEqual(counts[0], counts[1])
