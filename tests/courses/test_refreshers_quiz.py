"""Refresher policies for a quiz (``courses/refreshers.py``): a pass of the quiz certifies, the
run assigns the quiz again, passing it completes the refresher; the admin form, "my plan", the
expiry warnings and the query counts with course and quiz policies side by side.

Time travels by passing ``at`` and ``now``: nothing here depends on today's date."""

import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses.models import (
    Assignment,
    ContentChange,
    CoursePage,
    LessonProgress,
    RefresherPolicy,
)
from courses.models.refreshers import ERROR_COURSE_OR_QUIZ, ERROR_COURSE_OR_QUIZ_MISSING
from courses.notifications import CERTIFICATION_EXPIRING
from courses.selectors import certifications_for_person, certifications_for_team
from courses.services import quiz_assignments_complete, quiz_assignments_start, refreshers_run
from lms.notifications.models import Notification
from lms.people import roles
from quizzes.models import Attempt, ChangeQuiz
from quizzes.services import attempt_start
from tests.courses.factories import course_create, course_lessons
from tests.courses.test_refreshers import REFRESHER, T0, S, days, end_of_day, policy_create
from tests.factories import TeamFactory, staff_user
from tests.quizzes.factories import attempt_take, quiz_create, true_false_create, wrong_answer

LIST = "wagtailsnippets_courses_refresherpolicy:list"
ADD = "wagtailsnippets_courses_refresherpolicy:add"
EDIT = "wagtailsnippets_courses_refresherpolicy:edit"


def checked_quiz(title="Проверка знаний", **fields):
    """A live quiz of one true/false question (answer: true), unlimited attempts."""
    return quiz_create(title=title, questions=[true_false_create(correct=True)], **fields)


def attempt_record(user, quiz, at, *, passed=True, submitted=True) -> Attempt:
    """A past attempt at ``quiz``, written directly: passed or failed, submitted at ``at``."""
    number = Attempt.objects.filter(user=user, quiz=quiz).count() + 1
    return Attempt.objects.create(
        user=user,
        quiz=quiz,
        number=number,
        max_score=1,
        score=1 if passed else 0,
        percent=100 if passed else 0,
        passed=passed if submitted else None,
        status=Attempt.Status.SUBMITTED if submitted else Attempt.Status.IN_PROGRESS,
        started_at=at - datetime.timedelta(minutes=10),
        submitted_at=at if submitted else None,
    )


def quiz_policy_create(quiz, **fields) -> RefresherPolicy:
    values = {"title": f"{quiz.title} again", "every_days": 90, "due_days": 14}
    values.update(fields)
    teams = values.pop("teams", ())
    policy = RefresherPolicy.objects.create(quiz_id=quiz.pk, **values)
    policy.teams.set(teams)
    return policy


def course_complete(user, course, at):
    Assignment.objects.create(
        user=user,
        course=course,
        source=Assignment.Source.MANUAL,
        status=Assignment.Status.COMPLETED,
        assigned_at=at - days(3),
        completed_at=at,
    )


def refreshers(user=None, quiz=None):
    found = Assignment.objects.filter(source=REFRESHER)
    if user is not None:
        found = found.filter(user=user)
    if quiz is not None:
        found = found.filter(quiz_id=quiz.pk)
    return found


def warnings(user=None):
    found = Notification.objects.filter(kind=CERTIFICATION_EXPIRING.key)
    return found.filter(recipient=user) if user is not None else found


class QuizRefresherTimeTravelTests(TestCase):
    """A quiz retaken every 90 days with 14 days to do it: the refresher comes 76 days after
    the last pass and is due 14 days later, when the certification expires."""

    @classmethod
    def setUpTestData(cls):
        cls.quiz = checked_quiz()
        cls.other_quiz = checked_quiz(title="Другая проверка")
        cls.policy = quiz_policy_create(cls.quiz)
        cls.anna = staff_user(first_name="Анна")
        attempt_record(cls.anna, cls.quiz, T0)
        attempt_record(cls.anna, cls.other_quiz, T0)

    def test_not_due_before_the_window_opens(self):
        run = refreshers_run(at=T0 + days(76) - datetime.timedelta(minutes=1))

        self.assertEqual(run.assigned, 0)
        self.assertFalse(refreshers().exists())

    def test_due_when_the_window_opens_and_due_when_it_expires(self):
        at = T0 + days(76)

        run = refreshers_run(at=at)

        self.assertEqual((run.assigned, run.policies[0].assigned), (1, 1))
        assignment = refreshers(self.anna).get()
        self.assertEqual(assignment.quiz_id, self.quiz.pk)
        self.assertIsNone(assignment.course_id)
        self.assertEqual(assignment.status, Assignment.Status.ASSIGNED)
        self.assertEqual(assignment.assigned_at, at)
        self.assertEqual(assignment.due_at, end_of_day(T0 + days(90)))

    def test_long_expired_gets_the_whole_window(self):
        at = T0 + days(200)

        refreshers_run(at=at)

        self.assertEqual(refreshers(self.anna).get().due_at, end_of_day(at + days(14)))

    def test_counts_the_last_pass_only(self):
        attempt_record(self.anna, self.quiz, T0 + days(60))
        # Failed or unfinished later attempts certify nothing.
        attempt_record(self.anna, self.quiz, T0 + days(70), passed=False)
        attempt_record(self.anna, self.quiz, T0 + days(71), submitted=False)

        self.assertEqual(refreshers_run(at=T0 + days(135)).assigned, 0)
        self.assertEqual(refreshers_run(at=T0 + days(136)).assigned, 1)

    def test_the_certification_over_time(self):
        cases = [
            (T0 + days(75), S.VALID),
            (T0 + days(76), S.EXPIRING_SOON),
            (T0 + days(90), S.EXPIRED),
        ]
        for at, state in cases:
            with self.subTest(at=at):
                [cert] = certifications_for_person(user=self.anna, at=at)
                self.assertEqual((cert.state, cert.valid_until), (state, T0 + days(90)))

    def test_an_unpublished_quiz_assigns_nothing_and_certifies_nobody(self):
        self.quiz.live = False
        self.quiz.save(update_fields=["live"])

        run = refreshers_run(at=T0 + days(200))

        self.assertEqual((run.assigned, run.policies), (0, []))
        self.assertEqual(certifications_for_person(user=self.anna, at=T0), [])

    def test_lesson_progress_is_left_alone(self):
        # The quiz also ends a lesson the person completed: a quiz refresher is the quiz alone.
        course = course_create(lessons=1, gates={0: self.quiz})
        [lesson] = course_lessons(course)
        LessonProgress.objects.create(
            user=self.anna, lesson=lesson, completed_at=T0, gate_passed_at=T0
        )

        self.assertEqual(refreshers_run(at=T0 + days(80)).assigned, 1)

        self.assertTrue(LessonProgress.objects.filter(user=self.anna, lesson=lesson).exists())


class QuizRefresherNeverPassedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.quiz = checked_quiz()
        cls.boris = staff_user(first_name="Борис")
        attempt_record(cls.boris, cls.quiz, T0 - days(5), passed=False)

    def test_left_to_onboarding_and_managers_by_default(self):
        quiz_policy_create(self.quiz)

        self.assertEqual(refreshers_run(at=T0).assigned, 0)
        [cert] = certifications_for_person(user=self.boris, at=T0)
        self.assertEqual((cert.state, cert.valid_until), (S.NOT_CERTIFIED, None))

    def test_assigned_at_once_when_the_policy_includes_them(self):
        quiz_policy_create(self.quiz, include_never_completed=True)

        self.assertEqual(refreshers_run(at=T0).assigned, 1)

        assignment = refreshers(self.boris).get()
        self.assertEqual(
            (assignment.quiz_id, assignment.due_at), (self.quiz.pk, end_of_day(T0 + days(14)))
        )
        self.assertEqual(refreshers_run(at=T0 + days(1)).assigned, 0)

    def test_someone_who_passed_is_not_a_first_timer(self):
        quiz_policy_create(self.quiz, include_never_completed=True)
        attempt_record(self.boris, self.quiz, T0 - days(1))

        self.assertEqual(refreshers_run(at=T0).assigned, 0)


class QuizRefresherIdempotencyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.quiz = checked_quiz()
        cls.policy = quiz_policy_create(cls.quiz)
        cls.people = [staff_user() for _ in range(3)]
        for user in cls.people:
            attempt_record(user, cls.quiz, T0)

    def test_running_twice_assigns_once(self):
        at = T0 + days(80)
        self.assertEqual(refreshers_run(at=at).assigned, 3)

        self.assertEqual(refreshers_run(at=at).assigned, 0)
        self.assertEqual(refreshers_run(at=at + days(5)).assigned, 0)
        self.assertEqual(refreshers().count(), 3)

    def test_an_open_assignment_of_the_quiz_blocks_a_refresher(self):
        blocked = self.people[0]
        Assignment.objects.create(
            user=blocked, quiz_id=self.quiz.pk, source=Assignment.Source.MANUAL,
            status=Assignment.Status.OVERDUE,
        )  # fmt: skip

        self.assertEqual(refreshers_run(at=T0 + days(80)).assigned, 2)
        self.assertFalse(refreshers(blocked).exists())

    def test_two_policies_on_one_quiz_assign_it_once(self):
        quiz_policy_create(self.quiz, title="the same, more often", every_days=60)

        self.assertEqual(refreshers_run(at=T0 + days(80)).assigned, 3)
        self.assertEqual(refreshers().count(), 3)


class QuizRefresherCompletionTests(TestCase):
    """Passing the quiz through the quizzes app completes the refresher and certifies anew."""

    @classmethod
    def setUpTestData(cls):
        cls.quiz = checked_quiz()
        cls.other_quiz = checked_quiz(title="Другая проверка")
        cls.policy = quiz_policy_create(cls.quiz)
        cls.anna = staff_user(first_name="Анна")
        attempt_record(cls.anna, cls.quiz, T0)

    def setUp(self):
        refreshers_run(at=T0 + days(80))
        self.refresher = refreshers(self.anna).get()

    def test_starting_an_attempt_puts_it_in_progress(self):
        other = Assignment.objects.create(
            user=self.anna, quiz_id=self.other_quiz.pk, source=Assignment.Source.MANUAL
        )

        attempt_start(user=self.anna, quiz=self.quiz, now=T0 + days(81))

        self.refresher.refresh_from_db()
        other.refresh_from_db()
        self.assertEqual(self.refresher.status, Assignment.Status.IN_PROGRESS)
        self.assertEqual(other.status, Assignment.Status.ASSIGNED)

    def test_starting_leaves_an_overdue_one_overdue(self):
        Assignment.objects.filter(pk=self.refresher.pk).update(status=Assignment.Status.OVERDUE)

        self.assertEqual(quiz_assignments_start(user_id=self.anna.pk, quiz_id=self.quiz.pk), 0)

        self.refresher.refresh_from_db()
        self.assertEqual(self.refresher.status, Assignment.Status.OVERDUE)

    def test_a_pass_completes_the_refresher_and_renews_the_certification(self):
        t1 = T0 + days(85)

        attempt = attempt_take(self.anna, self.quiz, now=t1)

        self.assertTrue(attempt.passed)
        self.refresher.refresh_from_db()
        self.assertEqual(
            (self.refresher.status, self.refresher.completed_at),
            (Assignment.Status.COMPLETED, t1),
        )
        [cert] = certifications_for_person(user=self.anna, at=t1 + days(1))
        self.assertEqual((cert.state, cert.valid_until), (S.VALID, t1 + days(90)))
        self.assertFalse(cert.open_assignment)
        self.assertEqual(refreshers_run(at=t1 + days(75)).assigned, 0)
        self.assertEqual(refreshers_run(at=t1 + days(76)).assigned, 1)

    def test_a_failed_attempt_completes_nothing(self):
        t1 = T0 + days(85)

        attempt = attempt_take(self.anna, self.quiz, wrong_answer, now=t1)

        self.assertFalse(attempt.passed)
        self.refresher.refresh_from_db()
        self.assertEqual(self.refresher.status, Assignment.Status.IN_PROGRESS)
        [cert] = certifications_for_person(user=self.anna, at=t1)
        self.assertEqual((cert.state, cert.valid_until), (S.EXPIRING_SOON, T0 + days(90)))
        self.assertTrue(cert.open_assignment)

    def test_passing_another_quiz_completes_nothing(self):
        attempt_take(self.anna, self.other_quiz, now=T0 + days(85))

        self.refresher.refresh_from_db()
        self.assertEqual(self.refresher.status, Assignment.Status.ASSIGNED)

    def test_a_pass_completes_a_content_change_checked_by_the_quiz(self):
        course_type = ContentType.objects.get_for_model(CoursePage)

        def change_assign(quiz):
            change = ContentChange.objects.create(
                content_type=course_type,
                object_id="1",
                title="Новые тарифы",
                change_note="Цены выросли.",
            )
            ChangeQuiz.objects.create(change=change, quiz=quiz)
            return Assignment.objects.create(
                user=self.anna, content_change=change, source=Assignment.Source.CONTENT_CHANGE
            )

        checked = change_assign(self.quiz)
        unchecked = change_assign(self.other_quiz)
        t1 = T0 + days(85)

        attempt_take(self.anna, self.quiz, now=t1)

        checked.refresh_from_db()
        unchecked.refresh_from_db()
        self.assertEqual((checked.status, checked.completed_at), ("completed", t1))
        self.assertEqual(unchecked.status, Assignment.Status.ASSIGNED)

    def test_the_service_completes_only_open_assignments_of_the_person(self):
        done_at = T0 + days(10)
        Assignment.objects.filter(pk=self.refresher.pk).update(
            status=Assignment.Status.COMPLETED, completed_at=done_at
        )
        someone = staff_user()
        theirs = Assignment.objects.create(user=someone, quiz_id=self.quiz.pk, source="manual")

        completed = quiz_assignments_complete(
            user_id=self.anna.pk, quiz_id=self.quiz.pk, at=T0 + days(85)
        )

        self.assertEqual(completed, 0)
        self.refresher.refresh_from_db()
        theirs.refresh_from_db()
        self.assertEqual(self.refresher.completed_at, done_at)
        self.assertEqual(theirs.status, Assignment.Status.ASSIGNED)


class ExpiryWarningTests(TestCase):
    """A warning names the quiz; whoever a run assigns the refresher to is not also warned."""

    @classmethod
    def setUpTestData(cls):
        cls.quiz = checked_quiz(title="Тарифы: проверка")
        cls.course = course_create(lessons=1, title="Стандарты")
        # Expiring soon from 30 days before, assigned from 14 days before.
        cls.quiz_policy = quiz_policy_create(cls.quiz, expiring_soon_days=30)
        cls.course_policy = policy_create(cls.course, expiring_soon_days=30)
        cls.due = staff_user(first_name="due")  # 10 days left at T0 + 80
        cls.soon = staff_user(first_name="soon")  # 20 days left at T0 + 80
        attempt_record(cls.due, cls.quiz, T0)
        attempt_record(cls.soon, cls.quiz, T0 + days(10))
        course_complete(cls.due, cls.course, T0)
        course_complete(cls.soon, cls.course, T0 + days(10))

    def test_the_warning_names_the_quiz(self):
        refreshers_run(at=T0 + days(80))

        warning = warnings(self.soon).get(event__startswith=f"certification:{self.quiz_policy.pk}:")
        self.assertEqual(warning.params["course"], "Тарифы: проверка")
        valid_until = timezone.localdate(T0 + days(100))
        self.assertEqual(
            warning.event, f"certification:{self.quiz_policy.pk}:{valid_until.isoformat()}"
        )

    def test_a_run_that_assigns_the_refresher_does_not_also_warn(self):
        run = refreshers_run(at=T0 + days(80))

        # Both are expiring soon; only the one not yet due is warned, under either policy.
        self.assertEqual([(p.assigned, p.expiring) for p in run.policies], [(1, 2), (1, 2)])
        self.assertEqual(refreshers(self.due).count(), 2)
        self.assertFalse(warnings(self.due).exists())
        self.assertEqual(warnings(self.soon).count(), 2)

    def test_nor_does_the_next_run_while_the_refresher_is_open(self):
        refreshers_run(at=T0 + days(80))

        refreshers_run(at=T0 + days(81))

        self.assertFalse(warnings(self.due).exists())

    def test_an_open_manual_assignment_does_not_silence_the_warning(self):
        Assignment.objects.create(user=self.due, quiz_id=self.quiz.pk, source="manual")

        refreshers_run(at=T0 + days(80))

        self.assertFalse(refreshers(self.due, self.quiz).exists())
        self.assertTrue(
            warnings(self.due).filter(event__startswith=f"certification:{self.quiz_policy.pk}:")
        )


class QuizPolicyAdminTests(TestCase):
    """The policy form takes a course or a quiz: both or neither is refused, keeping the
    input; the list names whichever it is."""

    @classmethod
    def setUpTestData(cls):
        cls.course = course_create(lessons=1, title="Стандарты")
        cls.quiz = checked_quiz(title="Тарифы: проверка")
        cls.quiz_policy = quiz_policy_create(cls.quiz, title="Тарифы раз в квартал")
        cls.course_policy = policy_create(cls.course, title="Стандарты раз в квартал")
        cls.learner = staff_user()
        cls.manager = staff_user(roles=[roles.MANAGERS])

    def form_data(self, **changes):
        data = {
            "title": "Проверка раз в полгода",
            "quiz": self.quiz.pk,
            "audience": "everyone",
            "every_days": 180,
            "due_days": 14,
            "expiring_soon_days": 14,
            "active": "on",
        }
        data.update(changes)
        return {key: value for key, value in data.items() if value is not None}

    def test_who_may_open_a_quiz_policy(self):
        url = reverse(EDIT, args=[self.quiz_policy.pk])
        response = self.client.get(url)
        self.assertEqual(response.status_code, 302)
        self.assertIn("/admin/login/", response["Location"])

        self.client.force_login(self.learner)
        self.assertEqual(self.client.get(url).status_code, 302)

        self.client.force_login(self.manager)
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'name="quiz"')

    def test_a_quiz_alone_is_enough(self):
        self.client.force_login(self.manager)

        response = self.client.post(reverse(ADD), self.form_data())

        self.assertEqual(response.status_code, 302)
        created = RefresherPolicy.objects.get(title="Проверка раз в полгода")
        self.assertEqual((created.quiz_id, created.course_id), (self.quiz.pk, None))

    def test_both_are_refused_keeping_the_input(self):
        self.client.force_login(self.manager)

        response = self.client.post(reverse(ADD), self.form_data(course=self.course.pk))

        self.assertEqual(response.status_code, 200)
        form = response.context["form"]
        self.assertFormError(form, "course", [str(ERROR_COURSE_OR_QUIZ)])
        self.assertEqual(form["title"].value(), "Проверка раз в полгода")
        self.assertEqual(str(form["quiz"].value()), str(self.quiz.pk))
        self.assertContains(response, "Проверка раз в полгода")
        self.assertFalse(RefresherPolicy.objects.filter(title="Проверка раз в полгода").exists())

    def test_neither_is_refused(self):
        self.client.force_login(self.manager)

        response = self.client.post(reverse(ADD), self.form_data(quiz=None))

        self.assertEqual(response.status_code, 200)
        self.assertFormError(
            response.context["form"], "course", [str(ERROR_COURSE_OR_QUIZ_MISSING)]
        )
        self.assertFalse(RefresherPolicy.objects.filter(title="Проверка раз в полгода").exists())

    def test_the_list_names_the_course_or_the_quiz(self):
        self.client.force_login(self.manager)

        response = self.client.get(reverse(LIST))

        rows = {
            row.split("</tr>")[0]
            for row in response.content.decode().split("<tr")[1:]
            if "раз в квартал" in row
        }
        by_title = {
            title: next(row for row in rows if title in row)
            for title in ("Тарифы раз в квартал", "Стандарты раз в квартал")
        }
        self.assertIn("Тарифы: проверка", by_title["Тарифы раз в квартал"])
        self.assertIn("Стандарты", by_title["Стандарты раз в квартал"])

    def test_the_list_costs_the_same_with_more_policies(self):
        self.client.force_login(self.manager)
        url = reverse(LIST)
        self.client.get(url)  # warm up
        with CaptureQueriesContext(connection) as small:
            self.client.get(url)
        for number in range(5):
            quiz_policy_create(checked_quiz(title=f"Проверка {number}"))
            policy_create(course_create(lessons=1, title=f"Курс {number}"))

        with self.assertNumQueries(len(small.captured_queries)):
            response = self.client.get(url)
        self.assertContains(response, "Проверка 4")


class MyPlanQuizCertificationTests(TestCase):
    """ "My plan" names the quiz of a quiz policy and links to it, beside course policies."""

    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user(username="certified")
        cls.quiz = checked_quiz(title="Тарифы: проверка")
        cls.course = course_create(lessons=1, title="Стандарты обслуживания")
        quiz_policy_create(cls.quiz, title="Политика проверки")
        policy_create(cls.course, title="Политика курса")
        now = timezone.now()
        attempt_record(cls.user, cls.quiz, now - days(10))

    def section(self) -> str:
        self.client.force_login(self.user)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        html = self.client.get("/").content.decode()
        return html.split('id="certifications-title"')[1].split("</section>")[0]

    def entry(self, section: str, title: str) -> str:
        return section.split(title)[0].rsplit("<li", 1)[1]

    def test_the_quiz_is_named_and_linked(self):
        section = self.section()

        quiz_url = reverse("quizzes:quiz", args=[self.quiz.pk])
        entry = self.entry(section, "Тарифы: проверка")
        self.assertIn(f'href="{quiz_url}"', entry)
        self.assertIn("certification--valid", entry)
        course_entry = self.entry(section, "Стандарты обслуживания")
        self.assertIn(f'href="{self.course.url}"', course_entry)
        self.assertIn("certification--not_certified", course_entry)

    def test_queries_do_not_grow_with_quiz_policies(self):
        def count() -> int:
            self.client.get("/")  # warm up
            with CaptureQueriesContext(connection) as queries:
                self.client.get("/")
            return len(queries.captured_queries)

        self.client.force_login(self.user)
        small = count()
        for number in range(4):
            quiz = checked_quiz(title=f"Проверка {number}")
            quiz_policy_create(quiz)
            attempt_record(self.user, quiz, timezone.now() - days(number))
            policy_create(course_create(lessons=1, title=f"Курс {number}"))

        self.assertEqual(count(), small)


class MixedPoliciesQueryCountTests(TestCase):
    """Course and quiz policies side by side: the reads and the run cost a fixed number of
    queries, whatever the number of people."""

    @classmethod
    def setUpTestData(cls):
        cls.team = TeamFactory()
        cls.course = course_create(lessons=2)
        cls.quiz = checked_quiz()
        cls.people = [staff_user(team=cls.team) for _ in range(40)]

    def setUp(self):
        policy_create(self.course, expiring_soon_days=30)
        quiz_policy_create(self.quiz, expiring_soon_days=30, audience="selected", teams=[self.team])

    def completed(self, count: int) -> None:
        """``count`` people: half are due at T0 + 80, half only expiring soon (warned)."""
        for index, user in enumerate(self.people[:count]):
            done = T0 if index % 2 == 0 else T0 + days(10)
            course_complete(user, self.course, done)
            attempt_record(user, self.quiz, done)

    def run_queries(self, count: int) -> int:
        self.completed(count)
        with CaptureQueriesContext(connection) as queries:
            run = refreshers_run(at=T0 + days(80))
        self.assertEqual(run.assigned, 2 * (count // 2))
        self.assertEqual(warnings().count(), 2 * (count - count // 2))
        return len(queries.captured_queries)

    def test_the_run_with_four_people(self):
        # 3 to read the policies; the course policy: savepoint, lock, reset, insert, who is
        # expiring soon, their warnings (active accounts, insert), release; the quiz policy the
        # same without the reset.
        self.assertEqual(self.run_queries(4), 3 + 8 + 7)

    def test_the_run_with_forty_people(self):
        self.assertEqual(self.run_queries(40), 3 + 8 + 7)

    def test_a_person_reads_both_kinds_in_three_queries(self):
        self.completed(2)
        user = self.people[0]
        Assignment.objects.create(
            user=user, quiz_id=self.quiz.pk, source=REFRESHER, due_at=T0 + days(90)
        )

        with self.assertNumQueries(3):
            certs = certifications_for_person(user=user, at=T0 + days(80))

        by_target = {c.policy.target_title: c for c in certs}
        quiz_cert, course_cert = by_target[self.quiz.title], by_target[self.course.title]
        self.assertEqual((quiz_cert.state, quiz_cert.valid_until), (S.EXPIRING_SOON, T0 + days(90)))
        self.assertEqual(quiz_cert.open_due_at, T0 + days(90))
        self.assertTrue(quiz_cert.open_assignment)
        self.assertEqual(course_cert.valid_until, T0 + days(90))
        self.assertFalse(course_cert.open_assignment)

    def test_a_team_reads_in_five_queries_whatever_its_size(self):
        def count_for(n):
            self.completed(n)
            with CaptureQueriesContext(connection) as queries:
                rows = certifications_for_team(team=self.team, at=T0 + days(50))
            states = {c.state for row in rows for c in row.certifications}
            return len(queries.captured_queries), len(rows), states

        self.assertEqual(count_for(2), (5, 40, {S.VALID, S.NOT_CERTIFIED}))
        self.assertEqual(count_for(40), (5, 40, {S.VALID}))


class QuizRefresherAttemptLimitTests(TestCase):
    """A quiz of one allowed attempt: the refresher opens it again, once."""

    @classmethod
    def setUpTestData(cls):
        cls.quiz = checked_quiz(attempt_limit=1)
        cls.policy = RefresherPolicy.objects.create(
            title="Раз в квартал", quiz_id=cls.quiz.pk, every_days=90, due_days=14
        )
        cls.user = staff_user()
        attempt_record(cls.user, cls.quiz, timezone.now() - days(100))

    def test_the_used_attempt_counts_until_the_refresher_is_assigned(self):
        from quizzes.selectors import attempt_limits_check

        self.assertFalse(attempt_limits_check(quiz=self.quiz, user=self.user).allowed)
        refreshers_run(at=timezone.now() - days(1))
        self.assertTrue(attempt_limits_check(quiz=self.quiz, user=self.user).allowed)
        attempt_take(self.user, self.quiz)
        refresher = Assignment.objects.get(user=self.user, quiz_id=self.quiz.pk)
        self.assertEqual(refresher.status, Assignment.Status.COMPLETED)
        self.assertFalse(attempt_limits_check(quiz=self.quiz, user=self.user).allowed)
