"""Item statistics (``quizzes/statistics.py``) and their admin pages (``quizzes/statistics_views.py``)."""

import random
from decimal import Decimal

from django.db import connection
from django.test import RequestFactory, TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wagtail import hooks

from lms.people import roles
from quizzes import statistics_views
from quizzes.grading import question_snapshot
from quizzes.models import Attempt, AttemptQuestion, Question
from quizzes.services import attempt_answer_save, attempt_start, attempt_submit
from quizzes.statistics import (
    MIN_ATTEMPTS_FOR_DISCRIMINATION,
    question_statistics_sort,
    questions_everyone_fails,
    questions_failed_most_by,
    quiz_list_with_statistics,
    quiz_statistics,
)
from tests.factories import staff_user
from tests.quizzes.factories import (
    multiple_choice_create,
    numeric_create,
    quiz_create,
    right_answer,
    single_choice_create,
    true_false_create,
    wrong_answer,
)

INDEX_URL = "/admin/quizzes/statistics/"
BANK_URL = "/admin/quizzes/statistics/questions/"


def graded_attempts_create(quiz, questions, results, *, user, percents=None):
    """Submitted attempts at ``quiz`` made directly in the database (hundreds in a moment).

    ``results`` has one list per attempt, one entry per question: the points scored, or None
    for a question left unanswered. The attempt's percent follows from the scores unless
    ``percents`` gives it."""
    rng = random.Random(1)  # noqa: S311 (test data; ordering and matching items are shuffled)
    snapshots = {q.pk: question_snapshot(q, shuffle=False, rng=rng) for q in questions}
    max_score = sum(Decimal(q.points) for q in questions)
    start = Attempt.objects.filter(user=user, quiz=quiz).count()
    now = timezone.now()
    attempts = []
    for index, scores in enumerate(results):
        total = sum(Decimal(s or 0) for s in scores)
        percent = (
            Decimal(percents[index]) if percents else (total * 100 / max_score).quantize(Decimal(1))
        )
        attempts.append(
            Attempt(
                user=user,
                quiz=quiz,
                number=start + index + 1,
                status=Attempt.Status.SUBMITTED,
                started_at=now,
                submitted_at=now,
                score=total,
                max_score=max_score,
                percent=percent,
                passed=percent >= quiz.pass_mark,
            )
        )
    Attempt.objects.bulk_create(attempts)
    AttemptQuestion.objects.bulk_create(
        AttemptQuestion(
            attempt=attempt,
            question=question,
            position=position,
            snapshot=snapshots[question.pk],
            response=None if score is None else {"given": True},
            answered_at=None if score is None else now,
            score=Decimal(score or 0),
            correct=score is not None and Decimal(score) == question.points,
        )
        for attempt, scores in zip(attempts, results, strict=True)
        for position, (question, score) in enumerate(zip(questions, scores, strict=True), 1)
    )
    return attempts


class QuizStatisticsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user()
        cls.easy = true_false_create(title="Лёгкий")
        cls.partial = multiple_choice_create(title="Частичный", points=2, partial_credit=True)
        cls.hard = single_choice_create(title="Трудный")
        cls.quiz = quiz_create(questions=[cls.easy, cls.partial, cls.hard], pass_mark=50)

    def by_id(self, stats):
        return {q.question_id: q for q in stats.questions}

    def test_no_attempts(self):
        stats = quiz_statistics(quiz=self.quiz)
        self.assertEqual(stats.attempts, 0)
        self.assertIsNone(stats.pass_rate)
        self.assertIsNone(stats.mean_percent)
        self.assertEqual(stats.questions, [])

    def test_summary_and_facility_count_submitted_attempts_only(self):
        graded_attempts_create(
            self.quiz,
            [self.easy, self.partial, self.hard],
            [[1, 2, 0], [1, 1, 0], [0, None, 0], [1, Decimal("0.5"), 1]],
            user=self.user,
        )
        # An attempt in progress counts nowhere.
        attempt_start(user=staff_user(), quiz=self.quiz)
        stats = quiz_statistics(quiz=self.quiz)
        self.assertEqual(stats.attempts, 4)
        # Percents 75, 50, 0 and 62 (62.5 rounded): three of four reach the pass mark of 50.
        self.assertEqual(stats.passed, 3)
        self.assertEqual(stats.pass_rate, 75)
        self.assertAlmostEqual(stats.mean_percent, 46.75)
        questions = self.by_id(stats)
        self.assertEqual(questions[self.easy.pk].facility, 75)
        # Partial credit: the mean share of the points, 2 + 1 + 0 + 0.5 of 4 × 2.
        self.assertAlmostEqual(questions[self.partial.pk].facility, 43.75)
        self.assertEqual(questions[self.partial.pk].asked, 4)
        self.assertEqual(questions[self.partial.pk].answered, 3)
        self.assertEqual(questions[self.hard.pk].facility, 25)
        self.assertTrue(questions[self.hard.pk].is_hard)
        self.assertTrue(questions[self.hard.pk].flagged)
        self.assertFalse(questions[self.easy.pk].flagged)

    def test_facility_uses_the_points_the_attempt_was_worth(self):
        graded_attempts_create(self.quiz, [self.partial], [[1], [2]], user=self.user)
        Question.objects.filter(pk=self.partial.pk).update(points=10)
        stats = quiz_statistics(quiz=self.quiz)
        self.assertEqual(self.by_id(stats)[self.partial.pk].facility, 75)

    def test_discrimination_is_hidden_under_the_minimum(self):
        results = [[1, 2, 1]] * 4 + [[0, 0, 0]] * (MIN_ATTEMPTS_FOR_DISCRIMINATION - 5)
        graded_attempts_create(self.quiz, [self.easy, self.partial, self.hard], results,
                               user=self.user)  # fmt: skip
        stats = quiz_statistics(quiz=self.quiz)
        self.assertFalse(stats.has_discrimination)
        self.assertTrue(all(q.discrimination is None for q in stats.questions))

    def test_discrimination_compares_the_best_and_worst_27_percent(self):
        # 20 attempts, so each group has round(5.4) = 5. The easy question is right in the ten
        # best attempts; the hard one only in the five worst (a misleading question).
        results = []
        for index in range(20):
            good = index >= 10
            results.append([1 if good else 0, 2 if good else 0, 1 if index < 5 else 0])
        percents = [index * 5 for index in range(20)]
        graded_attempts_create(
            self.quiz, [self.easy, self.partial, self.hard], results, user=self.user,
            percents=percents,
        )  # fmt: skip
        stats = quiz_statistics(quiz=self.quiz)
        self.assertTrue(stats.has_discrimination)
        questions = self.by_id(stats)
        self.assertEqual(questions[self.easy.pk].discrimination, 1)
        self.assertEqual(questions[self.hard.pk].discrimination, -1)
        self.assertTrue(questions[self.hard.pk].discriminates_negatively)
        self.assertEqual(stats.flagged_count, 1)

    def test_ties_are_split_by_attempt_so_groups_keep_their_size(self):
        # Every attempt scored the same; the groups are still 3 attempts each (27 % of 10):
        # the three latest and the three earliest.
        results = [[1 if index >= 7 else 0, 0, 0] for index in range(10)]
        graded_attempts_create(
            self.quiz, [self.easy, self.partial, self.hard], results, user=self.user,
            percents=[50] * 10,
        )  # fmt: skip
        questions = self.by_id(quiz_statistics(quiz=self.quiz))
        self.assertEqual(questions[self.easy.pk].discrimination, 1)
        self.assertEqual(questions[self.hard.pk].discrimination, 0)

    def test_a_fixed_number_of_queries_whatever_the_attempts(self):
        questions = [self.easy, self.partial, self.hard]
        graded_attempts_create(
            self.quiz, questions, [[i % 2, 2, 0] for i in range(5)], user=self.user
        )
        with self.assertNumQueries(4):
            small = quiz_statistics(quiz=self.quiz)
        graded_attempts_create(
            self.quiz, questions,
            [[i % 2, i % 3, int(i % 5 == 0)] for i in range(195)],
            user=self.user,
        )  # fmt: skip
        with self.assertNumQueries(4):
            large = quiz_statistics(quiz=self.quiz)
        self.assertEqual((small.attempts, large.attempts), (5, 200))
        self.assertTrue(large.has_discrimination)

    def test_attempts_made_by_the_real_services(self):
        quiz = quiz_create(questions=[numeric_create(points=3), true_false_create()])
        for answer in (right_answer, wrong_answer):
            attempt, _created = attempt_start(user=self.user, quiz=quiz)
            for row in attempt.questions.all():
                attempt_answer_save(
                    attempt=attempt, question_id=row.question_id, data=answer(row.snapshot)
                )
            attempt_submit(attempt=attempt)
        stats = quiz_statistics(quiz=quiz)
        self.assertEqual((stats.attempts, stats.passed, stats.mean_percent), (2, 1, 50))
        self.assertEqual([q.facility for q in stats.questions], [50, 50])
        self.assertEqual([q.answered for q in stats.questions], [2, 2])

    def test_sorting_puts_empty_values_last(self):
        graded_attempts_create(self.quiz, [self.easy, self.partial, self.hard],
                               [[1, 1, 0], [1, 0, 0]], user=self.user)  # fmt: skip
        stats = quiz_statistics(quiz=self.quiz, ordering="-facility")
        self.assertEqual(
            [q.question_id for q in stats.questions], [self.easy.pk, self.partial.pk, self.hard.pk]
        )
        ascending = question_statistics_sort(stats.questions, ordering="facility")
        self.assertEqual(ascending[0].question_id, self.hard.pk)
        by_discrimination = question_statistics_sort(stats.questions, ordering="discrimination")
        self.assertEqual([q.position for q in by_discrimination], [1, 2, 3])


class QuizListWithStatisticsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user()
        cls.question = true_false_create()
        cls.unused = quiz_create(title="А: без попыток", questions=[cls.question])
        cls.weak = quiz_create(title="Б: слабый", questions=[cls.question], pass_mark=100)
        cls.strong = quiz_create(title="В: сильный", questions=[cls.question], pass_mark=100)
        graded_attempts_create(cls.weak, [cls.question], [[1], [0], [0], [0]], user=cls.user)
        graded_attempts_create(cls.strong, [cls.question], [[1], [1], [0]], user=cls.user)

    def test_annotations(self):
        quizzes = {quiz.pk: quiz for quiz in quiz_list_with_statistics()}
        self.assertEqual(quizzes[self.weak.pk].attempts_count, 4)
        self.assertEqual(quizzes[self.weak.pk].passed_count, 1)
        self.assertEqual(quizzes[self.weak.pk].pass_rate, 25)
        self.assertEqual(quizzes[self.weak.pk].mean_percent, 25)
        self.assertEqual(quizzes[self.unused.pk].attempts_count, 0)
        self.assertIsNone(quizzes[self.unused.pk].pass_rate)

    def test_ordering_keeps_quizzes_without_attempts_last(self):
        for ordering, expected in [
            ("-pass_rate", [self.strong, self.weak, self.unused]),
            ("pass_rate", [self.weak, self.strong, self.unused]),
            ("attempts", [self.unused, self.strong, self.weak]),
            ("nonsense", [self.unused, self.weak, self.strong]),
        ]:
            with self.subTest(ordering=ordering), self.assertNumQueries(1):
                self.assertEqual(list(quiz_list_with_statistics(ordering=ordering)), expected)


class QuestionsEveryoneFailsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user()
        cls.hard = single_choice_create(title="Трудный")
        cls.easy = true_false_create(title="Лёгкий")
        cls.rare = numeric_create(title="Редкий")
        cls.first = quiz_create(title="Первая", questions=[cls.hard, cls.easy])
        cls.second = quiz_create(title="Вторая", questions=[cls.hard, cls.rare])

    def test_lowest_facility_first_across_quizzes(self):
        graded_attempts_create(
            self.first, [self.hard, self.easy], [[0, 1]] * 4 + [[1, 1]], user=self.user
        )
        graded_attempts_create(self.second, [self.hard, self.rare], [[0, 0]] * 3, user=self.user)
        with self.assertNumQueries(1):
            questions = questions_everyone_fails()
        self.assertEqual([q.question_id for q in questions], [self.hard.pk, self.easy.pk])
        hard = questions[0]
        self.assertEqual((hard.asked, hard.quizzes), (8, 2))
        self.assertAlmostEqual(hard.facility, 12.5)
        self.assertTrue(hard.is_hard)
        self.assertFalse(questions[1].is_hard)  # the rare one was asked only 3 times: left out

    def test_same_query_count_with_many_attempts(self):
        graded_attempts_create(self.first, [self.hard, self.easy], [[0, 1]] * 5, user=self.user)
        with self.assertNumQueries(1):
            questions_everyone_fails()
        graded_attempts_create(self.first, [self.hard, self.easy], [[1, 0]] * 195, user=self.user)
        with self.assertNumQueries(1):
            questions = questions_everyone_fails()
        self.assertEqual(questions[0].asked, 200)


class QuestionsFailedMostByTests(TestCase):
    """The questions a set of people did worst on lately (the managers' weekly digest)."""

    @classmethod
    def setUpTestData(cls):
        cls.mine, cls.also_mine, cls.theirs = staff_user(), staff_user(), staff_user()
        cls.hard = single_choice_create(title="Трудный")
        cls.half = true_false_create(title="Средний")
        cls.easy = numeric_create(title="Лёгкий")
        cls.quiz = quiz_create(questions=[cls.hard, cls.half, cls.easy])
        questions = [cls.hard, cls.half, cls.easy]
        graded_attempts_create(cls.quiz, questions, [[0, 1, 1], [0, 0, 1]], user=cls.mine)
        graded_attempts_create(cls.quiz, questions, [[1, 1, 1]], user=cls.also_mine)
        # Someone else fails the easy one every time: not in the group's answer.
        graded_attempts_create(cls.quiz, questions, [[1, 1, 0]] * 5, user=cls.theirs)

    def since(self, days=7):
        return timezone.now() - timezone.timedelta(days=days)

    def test_lowest_facility_first_for_these_people_only(self):
        with self.assertNumQueries(1):
            questions = questions_failed_most_by(
                user_ids=[self.mine.pk, self.also_mine.pk], since=self.since()
            )

        self.assertEqual(
            [(q.label, q.asked, round(q.facility)) for q in questions],
            [("Трудный", 3, 33), ("Средний", 3, 67)],
        )

    def test_limit_and_minimum_asked(self):
        people = [self.mine.pk, self.also_mine.pk]

        self.assertEqual(
            [
                q.label
                for q in questions_failed_most_by(user_ids=people, since=self.since(), limit=1)
            ],
            ["Трудный"],
        )
        self.assertEqual(
            questions_failed_most_by(user_ids=people, since=self.since(), min_asked=4), []
        )

    def test_older_attempts_are_left_out(self):
        Attempt.objects.update(submitted_at=timezone.now() - timezone.timedelta(days=8))

        self.assertEqual(
            questions_failed_most_by(user_ids=[self.mine.pk], since=self.since(), min_asked=1), []
        )


class StatisticsAdminWiringTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.author = staff_user(roles=[roles.AUTHORS])
        cls.manager = staff_user(roles=[roles.MANAGERS])
        cls.quiz = quiz_create()

    def test_urls(self):
        self.assertIn(
            statistics_views.quiz_statistics_admin_urls, hooks.get_hooks("register_admin_urls")
        )
        self.assertEqual(reverse("quiz_statistics:index"), INDEX_URL)
        self.assertEqual(reverse("quiz_statistics:questions"), BANK_URL)
        self.assertEqual(
            reverse("quiz_statistics:quiz", args=[self.quiz.pk]), f"{INDEX_URL}{self.quiz.pk}/"
        )

    def test_menu_item_shows_to_those_who_may_see_statistics(self):
        item = statistics_views.quiz_statistics_menu_item()
        self.assertEqual(item.url, INDEX_URL)
        for user, shown in ((self.author, True), (self.manager, False)):
            with self.subTest(user=user.username):
                request = RequestFactory().get("/admin/")
                request.user = user
                self.assertIs(item.is_shown(request), shown)

    def test_quiz_listing_button(self):
        buttons = list(statistics_views.quiz_statistics_listing_buttons(self.quiz, self.author))
        self.assertEqual([b.url for b in buttons], [f"{INDEX_URL}{self.quiz.pk}/"])
        self.assertEqual(
            list(statistics_views.quiz_statistics_listing_buttons(self.quiz, self.manager)), []
        )
        question = Question.objects.first() or true_false_create()
        self.assertEqual(
            list(statistics_views.quiz_statistics_listing_buttons(question, self.author)), []
        )


class StatisticsAdminViewTests(TestCase):
    """Anonymous, learner, manager, author, content lead, administrator against every page."""

    @classmethod
    def setUpTestData(cls):
        cls.learner = staff_user()
        cls.manager = staff_user(roles=[roles.MANAGERS])
        cls.author = staff_user(roles=[roles.AUTHORS])
        cls.lead = staff_user(roles=[roles.CONTENT_LEADS])
        cls.admin = staff_user(roles=[roles.ADMINISTRATORS])
        cls.trap = true_false_create(title="Ловушка")
        cls.fine = single_choice_create(title="Обычный")
        cls.quiz = quiz_create(title="Тарифы", questions=[cls.fine, cls.trap])
        cls.quiz_url = f"{INDEX_URL}{cls.quiz.pk}/"
        cls.urls = [INDEX_URL, BANK_URL, cls.quiz_url]

    def add_attempts(self, count):
        # The trap is answered right only by the weakest attempts (a third of them).
        weak = [index % 3 == 0 for index in range(count)]
        graded_attempts_create(
            self.quiz, [self.fine, self.trap], [[0, 1] if w else [1, 0] for w in weak],
            user=self.learner, percents=[10 if w else 90 for w in weak],
        )  # fmt: skip

    def test_anonymous_goes_to_admin_login(self):
        for url in self.urls:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 302)
                self.assertIn("/admin/login/", response["Location"])

    def test_learner_and_manager_are_turned_away(self):
        for user in (self.learner, self.manager):
            self.client.force_login(user)
            for url in self.urls:
                with self.subTest(user=user.username, url=url):
                    response = self.client.get(url)
                    self.assertEqual(response.status_code, 302)
                    self.assertNotEqual(response["Location"], url)
                    self.assertNotContains(response, "Ловушка", status_code=302)

    def test_authors_leads_and_administrators_see_statistics(self):
        self.add_attempts(12)
        for user in (self.author, self.lead, self.admin):
            self.client.force_login(user)
            for url in self.urls:
                with self.subTest(user=user.username, url=url):
                    self.assertEqual(self.client.get(url).status_code, 200)

    def test_unknown_quiz_is_404(self):
        self.client.force_login(self.author)
        self.assertEqual(self.client.get(f"{INDEX_URL}999999/").status_code, 404)

    def test_quiz_page_flags_the_misleading_question(self):
        self.add_attempts(12)
        self.client.force_login(self.author)
        response = self.client.get(self.quiz_url, {"ordering": "-discrimination"})
        self.assertContains(response, 'id="stat-attempts">12<')
        rows = response.context["stats"].questions
        self.assertEqual([q.question_id for q in rows], [self.fine.pk, self.trap.pk])
        self.assertTrue(rows[1].discriminates_negatively)
        self.assertContains(response, 'class="quiz-statistics-flagged"', count=1)
        self.assertNotContains(response, 'id="not-enough-data"')
        self.assertContains(response, 'aria-sort="descending"')

    def test_quiz_page_says_when_there_is_not_enough_data(self):
        self.add_attempts(3)
        self.client.force_login(self.author)
        response = self.client.get(self.quiz_url)
        self.assertContains(response, 'id="not-enough-data"')
        self.assertContains(response, 'class="quiz-statistics-no-data"', count=2)

    def test_index_links_to_each_quiz(self):
        self.add_attempts(3)
        self.client.force_login(self.author)
        response = self.client.get(INDEX_URL, {"ordering": "-attempts"})
        self.assertContains(response, f'href="{self.quiz_url}"')
        self.assertEqual(response.context["page_obj"][0], self.quiz)

    def assert_same_queries_with_more_attempts(self, url):
        self.client.force_login(self.author)
        self.add_attempts(5)
        self.client.get(url)  # warm the caches a first page view fills
        with CaptureQueriesContext(connection) as small:
            self.assertEqual(self.client.get(url).status_code, 200)
        self.add_attempts(195)
        with self.assertNumQueries(len(small.captured_queries)):
            self.assertEqual(self.client.get(url).status_code, 200)

    def test_quiz_page_queries_do_not_grow_with_attempts(self):
        self.assert_same_queries_with_more_attempts(self.quiz_url)

    def test_index_queries_do_not_grow_with_attempts(self):
        self.assert_same_queries_with_more_attempts(INDEX_URL)

    def test_bank_page_queries_do_not_grow_with_attempts(self):
        self.assert_same_queries_with_more_attempts(BANK_URL)
