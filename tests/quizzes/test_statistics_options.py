"""How often each option of a question was picked, on the question's statistics page in the
admin: per gap for a fill-in-the-gaps question, one list for a choice question; for authors
only."""

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lms.people import roles
from quizzes.models import AttemptQuestion
from quizzes.services import attempt_answer_save, attempt_start, attempt_submit
from quizzes.statistics import question_option_counts, question_option_counts_by_part
from tests.factories import staff_user
from tests.quizzes.factories import quiz_create, single_choice_create, true_false_create
from tests.quizzes.newtype_factories import cloze_create

CLOZE_TEXT = (
    "Тариф {1:MULTICHOICE:=безлимитный~дневной~ночной}, столица {1:SHORTANSWER:=Москва}, "
    "роутер {1:MULTIRESPONSE:=Wi-Fi 6~=Mesh~DSL}."
)


def page_url(quiz, question) -> str:
    return reverse("quiz_statistics:quiz_question", args=[quiz.pk, question.pk])


class Answers:
    """A quiz with a cloze and a single-choice question, answered by four learners (the last
    leaves both unanswered), and one attempt still in progress."""

    @classmethod
    def answers(cls):
        cls.cloze = cloze_create(text=CLOZE_TEXT, title="Тариф и роутер")
        cls.choice = single_choice_create(text="Что входит в тариф?")
        cls.quiz = quiz_create(title="Тарифы", questions=[cls.cloze, cls.choice])
        given = [
            ({1: "безлимитный", 2: "Москва", 3: ["Wi-Fi 6", "Mesh"]}, "Верно"),
            ({1: "дневной", 3: ["Wi-Fi 6"]}, "Неверно 1"),
            ({1: "безлимитный", 3: ["DSL"]}, "Верно"),
            (None, None),
        ]
        for index, (gaps, choice) in enumerate(given):
            cls.attempt_make(staff_user(username=f"learner{index}"), gaps, choice)
        attempt_start(user=staff_user(username="busy"), quiz=cls.quiz)

    @classmethod
    def attempt_make(cls, user, gaps, choice):
        attempt, _created = attempt_start(user=user, quiz=cls.quiz)
        rows = {row.question_id: row for row in AttemptQuestion.objects.filter(attempt=attempt)}
        if gaps is not None:
            snapshot = rows[cls.cloze.pk].snapshot
            data = {}
            for number, value in gaps.items():
                gap = snapshot["gaps"][number - 1]
                ids = {a["text"]: a["id"] for a in gap["answers"]}
                if isinstance(value, list):
                    data[gap["id"]] = [ids[text] for text in value]
                else:
                    data[gap["id"]] = ids.get(value, value)  # a typed gap keeps the text
            attempt_answer_save(attempt=attempt, question_id=cls.cloze.pk, data={"gaps": data})
        if choice is not None:
            choices = rows[cls.choice.pk].snapshot["choices"]
            chosen = next(c["id"] for c in choices if c["text"] == choice)
            attempt_answer_save(
                attempt=attempt, question_id=cls.choice.pk, data={"choices": [chosen]}
            )
        attempt_submit(attempt=attempt)


def counted(part):
    return [(option.text, option.count) for option in part.options]


class OptionCountsByPartTests(Answers, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.answers()

    def test_a_cloze_is_counted_per_gap_with_options(self):
        with self.assertNumQueries(1):
            counts = question_option_counts_by_part(quiz=self.quiz, question_id=self.cloze.pk)

        self.assertEqual(counts.answered, 3)
        # The typed gap (2) has no options to count.
        self.assertEqual([part.number for part in counts.parts], [1, 3])
        self.assertEqual(counted(counts.parts[0]), [("безлимитный", 2), ("дневной", 1)])
        self.assertEqual(counted(counts.parts[1]), [("Wi-Fi 6", 2), ("DSL", 1), ("Mesh", 1)])
        self.assertEqual(counts.parts[1].total, 4)

    def test_the_parts_add_up_to_the_counts_of_the_whole_question(self):
        whole = question_option_counts(quiz=self.quiz, question_id=self.cloze.pk)
        parts = question_option_counts_by_part(quiz=self.quiz, question_id=self.cloze.pk)

        self.assertEqual(
            sorted((o.text, o.count) for o in whole),
            sorted((o.text, o.count) for part in parts.parts for o in part.options),
        )

    def test_a_choice_question_is_one_part(self):
        counts = question_option_counts_by_part(quiz=self.quiz, question_id=self.choice.pk)

        self.assertEqual(counts.answered, 3)
        self.assertEqual([part.number for part in counts.parts], [0])
        self.assertEqual(counted(counts.parts[0]), [("Верно", 2), ("Неверно 1", 1)])


class QuestionStatisticsPageTests(Answers, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.answers()
        cls.learner = staff_user()
        cls.manager = staff_user(roles=[roles.MANAGERS])
        cls.author = staff_user(roles=[roles.AUTHORS])
        cls.lead = staff_user(roles=[roles.CONTENT_LEADS])
        cls.admin = staff_user(roles=[roles.ADMINISTRATORS])

    def test_anonymous_goes_to_admin_login(self):
        response = self.client.get(page_url(self.quiz, self.cloze))

        self.assertEqual(response.status_code, 302)
        self.assertIn("/admin/login/", response["Location"])

    def test_learner_and_manager_are_turned_away(self):
        for user in (self.learner, self.manager):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                response = self.client.get(page_url(self.quiz, self.cloze))
                self.assertEqual(response.status_code, 302)
                self.assertNotContains(response, "безлимитный", status_code=302)

    def test_authors_leads_and_administrators_see_it(self):
        for user in (self.author, self.lead, self.admin):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(page_url(self.quiz, self.cloze)).status_code, 200)

    def test_each_gap_shows_its_options(self):
        self.client.force_login(self.author)

        response = self.client.get(page_url(self.quiz, self.cloze))

        self.assertContains(response, "Учтено 3 ответа из отправленных попыток теста «Тарифы».")
        self.assertContains(response, "Пропуск 1")
        self.assertNotContains(response, "Пропуск 2")
        self.assertContains(response, "Пропуск 3")
        self.assertContains(response, "2 раза", count=2)
        self.assertContains(response, "1 раз<", count=3)
        self.assertContains(response, "67 %", count=2)
        self.assertContains(response, 'data-part="1"')
        self.assertContains(response, 'data-part="3"')
        # The typed answer is nobody's option: it is not shown.
        self.assertNotContains(response, "Москва")

    def test_a_choice_question_shows_one_list_without_gaps(self):
        self.client.force_login(self.author)

        response = self.client.get(page_url(self.quiz, self.choice))

        self.assertContains(response, 'data-part="0"', count=1)
        self.assertNotContains(response, "Пропуск")
        self.assertContains(response, "2 раза", count=1)

    def test_a_question_nobody_answered_says_so(self):
        unanswered = true_false_create()
        quiz = quiz_create(questions=[unanswered])
        attempt_submit(attempt=attempt_start(user=self.learner, quiz=quiz)[0])
        self.client.force_login(self.author)

        response = self.client.get(page_url(quiz, unanswered))

        self.assertContains(response, 'id="no-options"')

    def test_a_question_not_asked_in_the_quiz_is_404(self):
        self.client.force_login(self.author)
        other_quiz = quiz_create(questions=[true_false_create()])

        self.assertEqual(self.client.get(page_url(other_quiz, self.cloze)).status_code, 404)
        self.assertEqual(
            self.client.get(
                reverse("quiz_statistics:quiz_question", args=[999999, self.cloze.pk])
            ).status_code,
            404,
        )

    def test_the_quiz_page_links_to_it(self):
        self.client.force_login(self.author)

        response = self.client.get(reverse("quiz_statistics:quiz", args=[self.quiz.pk]))

        self.assertContains(response, f'href="{page_url(self.quiz, self.cloze)}"')
        self.assertContains(response, f'href="{page_url(self.quiz, self.choice)}"')

    def test_the_same_queries_however_many_answers(self):
        self.client.force_login(self.author)
        url = page_url(self.quiz, self.cloze)
        self.client.get(url)  # warm the per-process caches
        with CaptureQueriesContext(connection) as before:
            self.client.get(url)
        for index in range(5):
            self.attempt_make(
                staff_user(username=f"more{index}"), {1: "ночной", 3: ["Mesh", "DSL"]}, "Неверно 2"
            )
        with CaptureQueriesContext(connection) as after:
            response = self.client.get(url)
        self.assertContains(response, "Учтено 8 ответов")
        self.assertEqual(len(after), len(before))
        # The quiz, the question, that it was asked there and its answers (four), after the
        # session, the user and their permissions, and Wagtail's admin chrome around them.
        self.assertEqual(len(after), 14)
