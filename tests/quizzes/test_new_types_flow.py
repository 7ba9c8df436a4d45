"""The three new question types end to end on the attempt page: a quiz holding one question of
each of the ten types is shown (each question once, nothing of an answer in the HTML), answered
through the form and the page's per-question autosave, submitted, and its open answer graded
by the learner's mentor from the queue, which scores the attempt."""

import ast
import datetime
from decimal import Decimal
from pathlib import Path
from unittest import mock

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

import quizzes
from lms.people import roles
from lms.people import signals as people_signals
from quizzes.forms import AttemptForm
from quizzes.importing import QuestionImportError, questions_import
from quizzes.models import Attempt, AttemptQuestion, Question, ReviewCard
from quizzes.queue_selectors import grader_is, open_answers_waiting
from quizzes.selectors import attempt_questions_public
from quizzes.services import attempt_answer_save
from quizzes.types.missing_word import BLANK
from tests.factories import staff_user
from tests.mentoring.factories import mentor_create, pairing_make
from tests.quizzes.factories import one_of_each_type, quiz_create, right_answer
from tests.quizzes.newtype_factories import cloze_create, missing_word_create, open_answer_create
from tests.quizzes.test_admin_forms import ADD_URL, question_form
from tests.quizzes.test_moodle_xml import quiz_xml

MW_BEFORE = "Тариф «Семейный» ПЕРЕД-ПРОПУСКОМ"
MW_FEEDBACK = "ОТЗЫВ-ВЫБОРА-СЕКРЕТ"
CLOZE_SHORT = "Зеленоградск"
CLOZE_NUMBER = "4173"
CLOZE_FEEDBACK = "ОТЗЫВ-ПРОПУСКА-СЕКРЕТ"
CLOZE_TEXT = (
    "Город ТЕКСТ-С-ПРОПУСКАМИ {1:SHORTANSWER:=" + CLOZE_SHORT + "#" + CLOZE_FEEDBACK + "}, "
    "код {1:NUMERICAL:=" + CLOZE_NUMBER + ":0}, тариф {1:MULTICHOICE:=безлимитный~дневной}, "
    "опции {1:MULTIRESPONSE:%50%роуминг~%50%связь~%-100%реклама}."
)
NOTES = "ЗАМЕТКИ-ДЛЯ-ПРОВЕРЯЮЩЕГО"
OPEN_TEXT = "Клиент ОТКРЫТЫЙ-ВОПРОС говорит: у конкурента дешевле."
EXPLANATION = "ОБЪЯСНЕНИЕ-СЕКРЕТ"


def ten_type_quiz():
    """A quiz with one question of each of the ten types (the seven old ones first)."""
    questions = one_of_each_type()
    missing = missing_word_create(before=MW_BEFORE, explanation=EXPLANATION)
    missing.choices.filter(is_correct=True).update(feedback=MW_FEEDBACK)
    questions += [
        missing,
        cloze_create(text=CLOZE_TEXT, explanation=EXPLANATION),
        open_answer_create(text=OPEN_TEXT, grading_notes=NOTES, points=5),
    ]
    quiz = quiz_create(
        questions=questions, shuffle_choices=False, show_answers="after_each_attempt"
    )
    return quiz, questions


def row_of(attempt, qtype) -> AttemptQuestion:
    return AttemptQuestion.objects.get(attempt=attempt, snapshot__type=qtype)


def cloze_right_fields(snapshot: dict) -> dict:
    """The form fields of the cloze question with every gap right (as a person fills them)."""
    fields = {}
    for gap in snapshot["gaps"]:
        name = f"q{snapshot['question_id']}-{gap['id']}"
        best = max(gap["answers"], key=lambda a: Decimal(a["fraction"]))
        if gap["kind"] == "multi":
            fields[name] = [a["id"] for a in gap["answers"] if Decimal(a["fraction"]) > 0]
        elif gap["kind"] == "choice":
            fields[name] = best["id"]
        else:
            fields[name] = best["text"]
    return fields


def new_types_right_fields(attempt) -> dict:
    missing = row_of(attempt, "missing_word").snapshot
    right_choice = next(c["id"] for c in missing["choices"] if c["correct"])
    fields = {f"q{missing['question_id']}": right_choice}
    fields.update(cloze_right_fields(row_of(attempt, "cloze").snapshot))
    fields[f"q{row_of(attempt, 'open_answer').question_id}"] = "Сравню, что входит в тарифы."
    return fields


class Setup:
    @classmethod
    def setUpTestData(cls):
        cls.learner = staff_user()
        cls.mentor = mentor_create()
        pairing_make(mentee=cls.learner, mentor=cls.mentor)
        cls.quiz, cls.questions = ten_type_quiz()

    def setUp(self):
        self.client.force_login(self.learner)

    def start(self) -> Attempt:
        response = self.client.post(reverse("quizzes:attempt_start", args=[self.quiz.pk]))
        self.assertEqual(response.status_code, 302)
        return Attempt.objects.get(user=self.learner, quiz=self.quiz)

    def old_types_posted(self, attempt) -> dict:
        """The seven old types answered right, as the page posts them back (what it shows)."""
        for row in AttemptQuestion.objects.filter(attempt=attempt).exclude(
            snapshot__type__in=["missing_word", "cloze", "open_answer"]
        ):
            attempt_answer_save(
                attempt=attempt, question_id=row.question_id, data=right_answer(row.snapshot)
            )
        form = AttemptForm(questions=attempt_questions_public(attempt=attempt))
        return {name: value for name, value in form.initial.items() if value not in ("", None)}


class AttemptPageShowsNewTypesTests(Setup, TestCase):
    def test_each_question_is_drawn_once_and_nothing_tells_the_answer(self):
        attempt = self.start()
        response = self.client.get(reverse("quizzes:attempt", args=[attempt.pk]))
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        for question in self.questions:
            with self.subTest(type=question.type):
                self.assertEqual(html.count(f'data-question="{question.pk}"'), 1)
        # The texts the new types draw themselves are not drawn again above them.
        for marker in ("ПЕРЕД-ПРОПУСКОМ", "ТЕКСТ-С-ПРОПУСКАМИ", "ОТКРЫТЫЙ-ВОПРОС"):
            with self.subTest(marker=marker):
                self.assertEqual(html.count(marker), 1)
        for secret in (CLOZE_SHORT, CLOZE_NUMBER, CLOZE_FEEDBACK, MW_FEEDBACK, NOTES, EXPLANATION):
            with self.subTest(secret=secret):
                self.assertNotIn(secret, html)
        self.assertNotIn("{1:", html)
        # One field per gap of the cloze question, named q<id>-<gap id>.
        cloze = row_of(attempt, "cloze").snapshot
        for gap in cloze["gaps"]:
            self.assertIn(f'name="q{cloze["question_id"]}-{gap["id"]}"', html)
        self.assertEqual(html.count("<textarea"), 1)

    def test_anonymous_is_sent_to_login_and_another_person_gets_404(self):
        attempt = self.start()
        url = reverse("quizzes:attempt", args=[attempt.pk])
        self.client.logout()
        self.assertEqual(self.client.get(url).status_code, 302)
        self.client.force_login(staff_user())
        self.assertEqual(self.client.get(url).status_code, 404)


class AutosaveNewTypesTests(Setup, TestCase):
    def save(self, attempt, question_id, data):
        return self.client.post(
            reverse("quizzes:answer_save", args=[attempt.pk, question_id]), data
        )

    def test_each_new_type_saves_through_the_pages_script_and_is_shown_again(self):
        attempt = self.start()
        fields = new_types_right_fields(attempt)
        for qtype in ("missing_word", "cloze", "open_answer"):
            row = row_of(attempt, qtype)
            prefix = f"q{row.question_id}"
            own = {k: v for k, v in fields.items() if k == prefix or k.startswith(prefix + "-")}
            with self.subTest(type=qtype):
                response = self.save(attempt, row.question_id, own)
                self.assertEqual(response.status_code, 200, response.content)
                self.assertEqual(response.json(), {"saved": True})
                row.refresh_from_db()
                self.assertTrue(row.response)
        cloze = row_of(attempt, "cloze")
        self.assertEqual(len(cloze.response["gaps"]), len(cloze.snapshot["gaps"]))
        html = self.client.get(reverse("quizzes:attempt", args=[attempt.pk])).content.decode()
        self.assertIn(f'value="{CLOZE_SHORT}"', html)
        self.assertIn("Сравню, что входит в тарифы.</textarea>", html)
        missing = row_of(attempt, "missing_word")
        self.assertRegex(html, rf'value="{missing.response["choices"][0]}"\s+selected')

    def test_an_unknown_gap_option_is_refused_and_nothing_is_saved(self):
        attempt = self.start()
        row = row_of(attempt, "cloze")
        choice_gap = next(g for g in row.snapshot["gaps"] if g["kind"] == "choice")
        response = self.save(
            attempt, row.question_id, {f"q{row.question_id}-{choice_gap['id']}": "x"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(response.json()["saved"])
        row.refresh_from_db()
        self.assertIsNone(row.response)

    def test_another_person_cannot_save_into_the_attempt(self):
        attempt = self.start()
        row = row_of(attempt, "open_answer")
        self.client.force_login(staff_user())
        response = self.save(attempt, row.question_id, {f"q{row.question_id}": "чужой"})
        self.assertEqual(response.status_code, 404)
        self.client.logout()
        response = self.save(attempt, row.question_id, {f"q{row.question_id}": "чужой"})
        self.assertEqual(response.status_code, 302)
        row.refresh_from_db()
        self.assertIsNone(row.response)


class SubmitAndGradeTests(Setup, TestCase):
    def submit(self, attempt, data):
        return self.client.post(reverse("quizzes:attempt_submit", args=[attempt.pk]), data)

    def test_submit_waits_for_the_mentor_who_grades_it_from_the_queue(self):
        attempt = self.start()
        data = self.old_types_posted(attempt) | new_types_right_fields(attempt)
        response = self.submit(attempt, data)
        self.assertRedirects(
            response,
            reverse("quizzes:attempt_result", args=[attempt.pk]),
            fetch_redirect_response=False,
        )
        attempt.refresh_from_db()
        self.assertTrue(attempt.is_submitted)
        self.assertTrue(attempt.awaiting_grading)
        self.assertIsNone(attempt.percent)
        for qtype in ("missing_word", "cloze"):
            with self.subTest(type=qtype):
                row = row_of(attempt, qtype)
                self.assertTrue(row.correct)
                self.assertEqual(row.score, row.snapshot["points"])
        result = self.client.get(reverse("quizzes:attempt_result", args=[attempt.pk]))
        self.assertEqual(result.status_code, 200)
        self.assertContains(result, 'data-state="awaiting-grading"')
        self.assertContains(result, "Сравню, что входит в тарифы.")
        self.assertNotContains(result, NOTES)

        # The learner cannot grade their own answer; the mentor can.
        row = row_of(attempt, "open_answer")
        grade_url = reverse("quizzes:open_answer_grade", args=[row.pk])
        self.assertEqual(self.client.get(grade_url).status_code, 404)
        self.client.force_login(self.mentor)
        queue = self.client.get(reverse("quizzes:grading_queue"))
        self.assertEqual(queue.status_code, 200)
        self.assertContains(queue, grade_url)
        page = self.client.get(grade_url)
        self.assertContains(page, NOTES)
        response = self.client.post(grade_url, {"points": "5", "comment": "Хорошо"})
        self.assertEqual(response.status_code, 302)
        attempt.refresh_from_db()
        self.assertFalse(attempt.awaiting_grading)
        self.assertEqual(attempt.percent, Decimal(100))
        self.assertTrue(attempt.passed)
        self.client.force_login(self.learner)
        result = self.client.get(reverse("quizzes:attempt_result", args=[attempt.pk]))
        self.assertNotContains(result, 'data-state="awaiting-grading"')
        self.assertContains(result, "Хорошо")

    def test_a_wrong_gap_shows_the_form_again_with_what_was_typed(self):
        attempt = self.start()
        fields = self.old_types_posted(attempt) | new_types_right_fields(attempt)
        cloze = row_of(attempt, "cloze").snapshot
        short_gap = next(g for g in cloze["gaps"] if g["kind"] == "short")
        choice_gap = next(g for g in cloze["gaps"] if g["kind"] == "choice")
        fields[f"q{cloze['question_id']}-{short_gap['id']}"] = "Набранный-текст"
        fields[f"q{cloze['question_id']}-{choice_gap['id']}"] = "нет-такого"
        response = self.submit(attempt, fields)
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, 'value="Набранный-текст"', status_code=400)
        # Only the gap is wrong: the other questions were posted in full.
        self.assertEqual(response.content.decode().count('class="field__error"'), 1)
        attempt.refresh_from_db()
        self.assertFalse(attempt.is_submitted)

    def test_wrong_gaps_score_a_share(self):
        attempt = self.start()
        fields = self.old_types_posted(attempt) | new_types_right_fields(attempt)
        cloze = row_of(attempt, "cloze").snapshot
        short_gap = next(g for g in cloze["gaps"] if g["kind"] == "short")
        fields[f"q{cloze['question_id']}-{short_gap['id']}"] = "Другой город"
        response = self.submit(attempt, fields)
        self.assertEqual(response.status_code, 302)
        row = row_of(attempt, "cloze")
        self.assertFalse(row.correct)
        self.assertLess(row.score, row.snapshot["points"])
        html = self.client.get(reverse("quizzes:attempt_result", args=[attempt.pk])).content
        self.assertIn("Другой город".encode(), html)
        self.assertIn(CLOZE_SHORT.encode(), html)  # the quiz shows right answers after it


class EditorChecksTheTextOfGapQuestionsTests(TestCase):
    """The question editor gives the type the question's text: a missing-word question
    without its gap, or a fill-in-the-gaps question with a broken gap, is refused in words."""

    @classmethod
    def setUpTestData(cls):
        cls.author = staff_user(roles=[roles.AUTHORS])

    def setUp(self):
        self.client.force_login(self.author)

    def post(self, qtype, text, **parts):
        return self.client.post(reverse(ADD_URL), question_form(qtype, text=text, **parts))

    def test_a_missing_word_question_without_its_gap_is_refused(self):
        choices = [("объединяет", True), ("удаляет", False)]
        response = self.post("missing_word", "Тариф объединяет номера.", choices=choices)
        self.assertContains(response, "пятью подчёркиваниями")
        self.assertFalse(Question.objects.exists())
        response = self.post("missing_word", "Тариф _____ номера.", choices=choices)
        self.assertEqual(response.status_code, 302)
        self.assertTrue(Question.objects.filter(type="missing_word").exists())

    def test_a_cloze_question_with_a_broken_gap_is_refused(self):
        response = self.post("cloze", "Город {1:SHORTANSWER:=Москва")
        self.assertContains(response, "Пропуск 1")
        self.assertFalse(Question.objects.exists())
        response = self.post("cloze", "Город {1:SHORTANSWER:=Москва}")
        self.assertEqual(response.status_code, 302)
        self.assertTrue(Question.objects.filter(type="cloze").exists())

    def test_a_person_who_does_not_author_questions_cannot_post(self):
        self.client.force_login(staff_user(roles=[roles.MANAGERS]))
        response = self.post("cloze", "Город {1:SHORTANSWER:=Москва}")
        self.assertIn(response.status_code, (302, 403))
        self.assertFalse(Question.objects.exists())


class StatisticsWithNewTypesTests(Setup, TestCase):
    """The statistics pages read attempts holding the new types, graded or still waiting."""

    def test_statistics_pages_show_a_quiz_with_a_waiting_and_a_graded_attempt(self):
        graded = self.start()
        self.client.post(
            reverse("quizzes:attempt_submit", args=[graded.pk]),
            self.old_types_posted(graded) | new_types_right_fields(graded),
        )
        row = row_of(graded, "open_answer")
        self.client.force_login(self.mentor)
        self.client.post(
            reverse("quizzes:open_answer_grade", args=[row.pk]), {"points": "3", "comment": ""}
        )
        waiting_learner = staff_user()
        pairing_make(mentee=waiting_learner, mentor=self.mentor)
        self.client.force_login(waiting_learner)
        self.client.post(reverse("quizzes:attempt_start", args=[self.quiz.pk]))
        waiting = Attempt.objects.get(user=waiting_learner)
        self.client.post(
            reverse("quizzes:attempt_submit", args=[waiting.pk]),
            self.old_types_posted(waiting) | new_types_right_fields(waiting),
        )
        waiting.refresh_from_db()
        self.assertTrue(waiting.awaiting_grading)

        urls = [
            reverse("quiz_statistics:index"),
            reverse("quiz_statistics:questions"),
            reverse("quiz_statistics:quiz", args=[self.quiz.pk]),
        ]
        self.client.logout()
        for url in urls:
            with self.subTest(anonymous=url):
                self.assertEqual(self.client.get(url).status_code, 302)
        self.client.force_login(self.learner)
        for url in urls:
            with self.subTest(learner=url):
                self.assertEqual(self.client.get(url).status_code, 302)
        self.client.force_login(staff_user(roles=[roles.AUTHORS]))
        for url in urls:
            with self.subTest(author=url):
                self.assertEqual(self.client.get(url).status_code, 200)
        page = self.client.get(urls[2])
        self.assertNotContains(page, NOTES)
        # The quiz page of a learner whose only attempt waits: no best result yet.
        self.client.force_login(waiting_learner)
        quiz_page = self.client.get(reverse("quizzes:quiz", args=[self.quiz.pk]))
        self.assertEqual(quiz_page.status_code, 200)
        self.assertNotContains(quiz_page, "Лучший результат")
        self.client.force_login(self.learner)
        quiz_page = self.client.get(reverse("quizzes:quiz", args=[self.quiz.pk]))
        self.assertContains(quiz_page, "Лучший результат")


class QueueAsksLmsWhoMentorsWhomTests(Setup, TestCase):
    """The grading queue learns who mentors whom from what the mentoring app registers in lms;
    quizzes never imports mentoring (they are peers)."""

    def submitted_attempt(self):
        attempt = self.start()
        self.client.post(
            reverse("quizzes:attempt_submit", args=[attempt.pk]),
            self.old_types_posted(attempt) | new_types_right_fields(attempt),
        )
        return attempt

    def test_the_mentor_sees_the_waiting_answer_in_one_query(self):
        self.submitted_attempt()
        with self.assertNumQueries(1):
            waiting = list(open_answers_waiting(grader=self.mentor))
        self.assertEqual(len(waiting), 1)
        self.assertTrue(grader_is(user=self.mentor))

    def test_with_nothing_registered_nobody_is_a_mentor(self):
        self.submitted_attempt()
        with mock.patch.object(people_signals, "_mentorship_providers", []):
            self.assertEqual(list(open_answers_waiting(grader=self.mentor)), [])
            self.assertFalse(grader_is(user=self.mentor))

    def test_quizzes_does_not_import_mentoring(self):
        root = Path(quizzes.__file__).parent
        for path in root.rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                names = []
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module]
                for name in names:
                    with self.subTest(file=str(path.relative_to(root)), module=name):
                        self.assertFalse(name == "mentoring" or name.startswith("mentoring."))


class ImportChecksTheTextOfGapQuestionsTests(TestCase):
    """Imported questions meet the editor's rules for their text too."""

    def test_a_cloze_question_with_a_broken_gap_is_refused_at_import(self):
        xml = quiz_xml(
            """<question type="multianswer"><name><text>Сломан</text></name>
  <questiontext><text>Город {1:SHORTANSWER:=Москва</text></questiontext></question>"""
        )
        with self.assertRaises(QuestionImportError):
            questions_import(content=xml, filename="bank.xml", user=None)
        self.assertFalse(Question.objects.exists())

    def test_good_gap_questions_import(self):
        xml = quiz_xml(
            """<question type="multianswer"><name><text>Кл</text></name>
  <questiontext><text>Город {1:SHORTANSWER:=Москва}</text></questiontext></question>""",
            f"""<question type="multichoice"><name><text>Пропуск</text></name>
  <questiontext format="plain_text"><text>Грант {BLANK} в могиле.</text></questiontext>
  <single>true</single>
  <answer fraction="0"><text>похоронен</text></answer>
  <answer fraction="100"><text>погребён</text></answer></question>""",
        )
        result = questions_import(content=xml, filename="bank.xml", user=None)
        self.assertEqual(result.created, 2)


class DailyReviewOfNewTypesTests(Setup, TestCase):
    """A missing-word or fill-in-the-gaps question answered in an attempt comes back in the
    daily review, drawn as on the attempt page; an open answer makes no card."""

    def test_gap_questions_come_back_once_each_and_are_answered(self):
        attempt = self.start()
        self.client.post(
            reverse("quizzes:attempt_submit", args=[attempt.pk]),
            self.old_types_posted(attempt) | new_types_right_fields(attempt),
        )
        # The attempt makes its cards once scored: after the mentor grades the open answer.
        self.client.force_login(self.mentor)
        row = row_of(attempt, "open_answer")
        self.client.post(
            reverse("quizzes:open_answer_grade", args=[row.pk]), {"points": "5", "comment": ""}
        )
        self.client.force_login(self.learner)
        cards = ReviewCard.objects.filter(user=self.learner, question__isnull=False)
        self.assertFalse(cards.filter(question__type="open_answer").exists())
        for qtype, marker in (("missing_word", "ПЕРЕД-ПРОПУСКОМ"), ("cloze", "ТЕКСТ-С-ПРОПУСКАМИ")):
            with self.subTest(type=qtype):
                card = cards.get(question__type=qtype)
                cards.update(due=timezone.now() + datetime.timedelta(days=30))
                ReviewCard.objects.filter(pk=card.pk).update(
                    due=timezone.now() - datetime.timedelta(days=1)
                )
                page = self.client.get(reverse("quizzes:review"))
                self.assertEqual(page.status_code, 200)
                html = page.content.decode()
                self.assertEqual(html.count(marker), 1)
                self.assertNotIn(CLOZE_SHORT, html)
                card.refresh_from_db()
                snapshot = card.snapshot
                if qtype == "cloze":
                    data = cloze_right_fields(snapshot)
                else:
                    right = next(c["id"] for c in snapshot["choices"] if c["correct"])
                    data = {f"q{snapshot['question_id']}": right}
                answered = self.client.post(reverse("quizzes:review_answer", args=[card.pk]), data)
                self.assertEqual(answered.status_code, 302, answered.content.decode()[:500])
                result = self.client.get(answered["Location"])
                self.assertEqual(result.status_code, 200)
