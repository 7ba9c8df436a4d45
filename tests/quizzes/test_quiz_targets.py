"""A quiz refresher policy (and an assignment of a quiz) names its quiz by a plain ``quiz_id``
column: the quizzes app deletes them with the quiz (``quizzes.signals``) and tells the courses
app the quiz's title and liveness (``courses.hooks``)."""

import unittest

from django.db import IntegrityError, connection, transaction
from django.db.models import DateTimeField, Value
from django.test import TestCase, TransactionTestCase
from django.urls import reverse

from courses import hooks
from courses.models import Assignment, RefresherPolicy
from courses.selectors import assignments_of_person, plan_for_learner, policies_active
from courses.services import refreshers_run
from courses.services.assignments import insert_from_select
from lms.people import roles
from lms.people.models import StaffProfile
from quizzes.models import Quiz
from tests.courses.factories import course_create
from tests.courses.test_refreshers import T0, days, policy_create
from tests.courses.test_refreshers_quiz import attempt_record
from tests.factories import staff_user
from tests.quizzes.factories import quiz_create
from tests.quizzes.test_concurrency import run_at_once

OPEN = Assignment.Status.ASSIGNED
MANUAL = Assignment.Source.MANUAL
REFRESHER = Assignment.Source.REFRESHER

EDIT = "wagtailsnippets_courses_refresherpolicy:edit"


def quiz_policy_create(quiz, title="Раз в квартал") -> RefresherPolicy:
    return RefresherPolicy.objects.create(title=title, quiz_id=quiz.pk, every_days=90, due_days=14)


class QuizDeleteTests(TestCase):
    """Deleting a quiz deletes its refresher policies, as the foreign key's CASCADE did."""

    @classmethod
    def setUpTestData(cls):
        cls.quiz = quiz_create(title="Тарифы")
        cls.other = quiz_create(title="Стандарты")
        cls.course_policy = policy_create(course_create(lessons=1))

    def test_deleting_a_quiz_deletes_its_policies_only(self):
        quiz_policy_create(self.quiz)
        kept = quiz_policy_create(self.other, title="Другая")

        self.quiz.delete()

        self.assertEqual(
            set(RefresherPolicy.objects.values_list("pk", flat=True)),
            {kept.pk, self.course_policy.pk},
        )

    def test_a_queryset_delete_deletes_them_too(self):
        quiz_policy_create(self.quiz)
        quiz_policy_create(self.other, title="Другая")

        Quiz.objects.filter(pk__in=[self.quiz.pk, self.other.pk]).delete()

        self.assertEqual(
            list(RefresherPolicy.objects.values_list("pk", flat=True)), [self.course_policy.pk]
        )


class QuizDeleteAssignmentsTests(TestCase):
    """Deleting a quiz deletes its assignments, as the foreign key's CASCADE did."""

    @classmethod
    def setUpTestData(cls):
        cls.quiz = quiz_create(title="Тарифы")
        cls.other = quiz_create(title="Стандарты")
        cls.user = staff_user()

    def test_deleting_a_quiz_deletes_its_assignments_only(self):
        Assignment.objects.create(user=self.user, quiz_id=self.quiz.pk, source=MANUAL)
        done = Assignment.objects.create(
            user=self.user, quiz_id=self.quiz.pk, source=MANUAL, status="completed"
        )
        kept = Assignment.objects.create(user=self.user, quiz_id=self.other.pk, source=MANUAL)
        course = Assignment.objects.create(
            user=self.user, course=course_create(lessons=1), source=MANUAL
        )

        self.quiz.delete()

        self.assertFalse(Assignment.objects.filter(pk=done.pk).exists())
        self.assertEqual(set(Assignment.objects.values_list("pk", flat=True)), {kept.pk, course.pk})


class QuizAssignmentConstraintTests(TestCase):
    """The database keeps one open assignment of a quiz per person, and exactly one target."""

    @classmethod
    def setUpTestData(cls):
        cls.quiz = quiz_create(title="Тарифы")
        cls.user = staff_user()
        cls.course = course_create(lessons=1)

    def test_a_second_open_assignment_of_the_quiz_is_refused(self):
        first = Assignment.objects.create(user=self.user, quiz_id=self.quiz.pk, source=MANUAL)
        with self.assertRaises(IntegrityError), transaction.atomic():
            Assignment.objects.create(user=self.user, quiz_id=self.quiz.pk, source=REFRESHER)

        first.status = Assignment.Status.COMPLETED
        first.save()
        Assignment.objects.create(user=self.user, quiz_id=self.quiz.pk, source=REFRESHER)
        self.assertEqual(Assignment.objects.filter(quiz_id=self.quiz.pk).count(), 2)

    def test_a_quiz_and_a_course_or_no_target_at_all_are_refused(self):
        with self.assertRaises(IntegrityError), transaction.atomic():
            Assignment.objects.create(
                user=self.user, quiz_id=self.quiz.pk, course=self.course, source=MANUAL
            )
        with self.assertRaises(IntegrityError), transaction.atomic():
            Assignment.objects.create(user=self.user, source=MANUAL)

    def test_a_race_lost_to_the_unique_constraint_is_skipped(self):
        people = [self.user, staff_user()]
        at = T0 + days(80)
        Assignment.objects.create(user=self.user, quiz_id=self.quiz.pk, source=MANUAL)
        # Both people selected, as if another run had assigned the first between this run's
        # query and its insert: the database skips that row instead of failing the batch.
        rows = (
            StaffProfile.objects.filter(user__in=people)
            .order_by()
            .annotate(
                q=Value(self.quiz.pk),
                s=Value(REFRESHER.value),
                st=Value(OPEN.value),
                a=Value(at, output_field=DateTimeField()),
            )
            .values_list("user_id", "q", "s", "st", "a")
        )

        inserted = insert_from_select(
            queryset=rows,
            model=Assignment,
            columns=["user", "quiz_id", "source", "status", "assigned_at"],
        )

        self.assertEqual(inserted, 1)
        self.assertEqual(
            sorted(
                Assignment.objects.filter(quiz_id=self.quiz.pk).values_list("user_id", "source")
            ),
            sorted([(self.user.pk, MANUAL.value), (people[1].pk, REFRESHER.value)]),
        )


class QuizAssignmentTitleTests(TestCase):
    """Lists show an assignment's quiz title from the query that reads the assignments."""

    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user()
        cls.draft = quiz_create(title="Черновик", live=False)
        Assignment.objects.create(user=cls.user, quiz_id=cls.draft.pk, source=MANUAL)
        cls.add_quiz_assignment(0)

    @classmethod
    def add_quiz_assignment(cls, n):
        quiz = quiz_create(title=f"Проверка {n}")
        return Assignment.objects.create(user=cls.user, quiz_id=quiz.pk, source=MANUAL)

    def test_more_quiz_assignments_cost_no_more_queries(self):
        with self.assertNumQueries(1):
            titles = [a.display_title for a in assignments_of_person(user=self.user)]
        self.assertEqual(sorted(titles), ["Проверка 0", "Черновик"])
        for n in range(1, 4):
            self.add_quiz_assignment(n)

        with self.assertNumQueries(1):
            titles = [a.display_title for a in assignments_of_person(user=self.user)]
        self.assertEqual(len(titles), 5)

    def test_the_plan_leaves_out_a_quiz_that_is_not_live(self):
        titles = [
            entry.assignment.display_title for entry in plan_for_learner(user=self.user).current
        ]
        self.assertEqual(titles, ["Проверка 0"])

    def test_an_assignment_read_alone_asks_for_its_quiz_title_once(self):
        assignment = Assignment.objects.select_related("user").get(quiz_id=self.draft.pk)
        with self.assertNumQueries(1):
            self.assertEqual(str(assignment).split(" — ")[-1], "Черновик")
            self.assertEqual(assignment.target_title, "Черновик")


class QuizHooksTests(TestCase):
    """What the courses app learns of a policy's quiz: its title and whether it is live."""

    @classmethod
    def setUpTestData(cls):
        cls.quiz = quiz_create(title="Тарифы: проверка")
        cls.draft = quiz_create(title="Черновик", live=False)
        cls.policy = quiz_policy_create(cls.quiz)
        cls.draft_policy = quiz_policy_create(cls.draft, title="Черновая")

    def test_the_title_is_annotated_in_the_query_that_reads_the_policies(self):
        with self.assertNumQueries(1):
            titles = {p.pk: p.target_title for p in RefresherPolicy.objects.with_targets()}
        self.assertEqual(
            titles, {self.policy.pk: "Тарифы: проверка", self.draft_policy.pk: "Черновик"}
        )

    def test_without_the_annotation_the_title_costs_one_query(self):
        policy = RefresherPolicy.objects.get(pk=self.policy.pk)
        with self.assertNumQueries(1):
            self.assertEqual(policy.target_title, "Тарифы: проверка")
            self.assertEqual(policy.target_title, "Тарифы: проверка")  # kept

    def test_a_policy_of_a_quiz_that_is_not_live_is_not_active(self):
        self.assertEqual([p.pk for p in policies_active()], [self.policy.pk])

    def test_the_hooks_answer_from_the_quizzes_app(self):
        self.assertEqual(list(hooks.quiz_ids_live()), [{"pk": self.quiz.pk}])
        self.assertEqual(
            list(hooks.quiz_list().values_list("title", flat=True)),
            ["Тарифы: проверка", "Черновик"],
        )


class QuizPolicyEditTests(TestCase):
    """The policy form stores the chosen quiz's id and shows it again when edited."""

    @classmethod
    def setUpTestData(cls):
        cls.quiz = quiz_create(title="Тарифы: проверка")
        cls.other = quiz_create(title="Стандарты: проверка")
        cls.policy = quiz_policy_create(cls.quiz)
        cls.manager = staff_user(roles=[roles.MANAGERS])

    def test_the_edit_form_shows_the_quiz_and_saves_another(self):
        self.client.force_login(self.manager)
        url = reverse(EDIT, args=[self.policy.pk])

        form = self.client.get(url).context["form"]
        self.assertEqual(form["quiz"].value(), self.quiz.pk)
        self.assertEqual(
            [label for _value, label in form.fields["quiz"].choices][1:],
            ["Стандарты: проверка", "Тарифы: проверка"],
        )

        data = {
            "title": "Раз в квартал",
            "quiz": self.other.pk,
            "audience": "everyone",
            "every_days": 90,
            "due_days": 14,
            "expiring_soon_days": 14,
            "active": "on",
        }
        response = self.client.post(url, data)

        self.assertEqual(response.status_code, 302)
        self.policy.refresh_from_db()
        self.assertEqual((self.policy.quiz_id, self.policy.course_id), (self.other.pk, None))


@unittest.skipUnless(
    connection.vendor == "postgresql",
    "needs PostgreSQL: concurrent writers (SQLite serialises every writer)",
)
class ConcurrentQuizAssignmentTests(TransactionTestCase):
    """Assigning one quiz to one person from many connections at once makes one open
    assignment: the unique constraint on the assignment's own row decides."""

    def setUp(self):
        self.quiz = quiz_create(title="Тарифы")
        self.user = staff_user()

    def test_ten_assignments_at_once_make_one(self):
        def assign():
            try:
                with transaction.atomic():
                    Assignment.objects.create(user=self.user, quiz_id=self.quiz.pk, source=MANUAL)
                return True
            except IntegrityError:
                return False

        results, errors = run_at_once(assign)

        self.assertEqual(errors, [])
        self.assertEqual(sorted(results), [False] * 9 + [True])
        self.assertEqual(Assignment.objects.filter(quiz_id=self.quiz.pk).count(), 1)

    def test_two_policies_of_one_quiz_run_at_once_assign_it_once(self):
        people = [staff_user() for _ in range(5)]
        for person in people:
            attempt_record(person, self.quiz, T0)
        for n in range(2):  # two policies: their runs do not wait for each other's row lock
            RefresherPolicy.objects.create(
                title=f"Политика {n}", quiz_id=self.quiz.pk, every_days=90 + n, due_days=14
            )

        results, errors = run_at_once(lambda: refreshers_run(at=T0 + days(85)).assigned, count=4)

        self.assertEqual(errors, [])
        self.assertEqual(sum(results), len(people))
        self.assertEqual(
            sorted(
                Assignment.objects.filter(quiz_id=self.quiz.pk).values_list("user_id", flat=True)
            ),
            sorted(p.pk for p in people),
        )
