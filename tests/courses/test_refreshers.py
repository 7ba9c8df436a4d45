"""Periodic refreshers (``courses/refreshers.py``): certification state, the run that assigns
what is due, its audiences, idempotency, the command, the task and the query counts.

Time travels by passing ``at``: nothing here depends on today's date."""

import datetime
from io import StringIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection
from django.db.models import DateTimeField, Value
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from django_q.tasks import async_task

from courses import tasks
from courses.models import Assignment, LessonProgress, RefresherPolicy
from courses.models.refreshers import ERROR_WINDOW_TOO_LONG
from courses.notifications import CERTIFICATION_EXPIRING
from courses.selectors import (
    CertificationState,
    LessonState,
    certification_state,
    certifications_for_manager,
    certifications_for_person,
    certifications_for_staff,
    certifications_for_team,
    course_outline_for_learner,
)
from courses.services import insert_from_select, lesson_complete, lesson_open, refreshers_run
from lms.core.scheduling import declared_jobs
from lms.notifications.models import Notification
from lms.people import roles
from lms.people.models import StaffProfile
from tests.courses.factories import course_create, course_lessons
from tests.factories import JobRoleFactory, TeamFactory, staff_user

T0 = datetime.datetime(2026, 1, 10, 9, 0, tzinfo=datetime.UTC)
REFRESHER = Assignment.Source.REFRESHER
S = CertificationState


def days(n: float) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def end_of_day(moment: datetime.datetime) -> datetime.datetime:
    day = timezone.localdate(moment)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59)))


def complete(user, course, at, *, source=Assignment.Source.MANUAL):
    """``user`` completed ``course`` at ``at``: a completed assignment and every lesson done."""
    Assignment.objects.create(
        user=user,
        course=course,
        source=source,
        status=Assignment.Status.COMPLETED,
        assigned_at=at - days(3),
        completed_at=at,
    )
    for lesson in course_lessons(course):
        LessonProgress.objects.update_or_create(
            user=user, lesson=lesson, defaults={"started_at": at, "completed_at": at}
        )


def policy_create(course, **fields) -> RefresherPolicy:
    values = {"title": f"{course.title} again", "every_days": 90, "due_days": 14}
    values.update(fields)
    job_roles = values.pop("job_roles", ())
    teams = values.pop("teams", ())
    policy = RefresherPolicy.objects.create(course=course, **values)
    policy.job_roles.set(job_roles)
    policy.teams.set(teams)
    return policy


def refreshers(user=None, course=None):
    found = Assignment.objects.filter(source=REFRESHER)
    if user is not None:
        found = found.filter(user=user)
    if course is not None:
        found = found.filter(course=course)
    return found


class RefresherPolicyModelTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.course = course_create(lessons=1)

    def test_the_time_to_complete_must_fit_in_the_interval(self):
        policy = RefresherPolicy(title="x", course=self.course, every_days=30, due_days=30)
        with self.assertRaises(ValidationError) as caught:
            policy.full_clean()
        self.assertEqual(caught.exception.message_dict["due_days"], [str(ERROR_WINDOW_TOO_LONG)])

    def test_the_database_refuses_it_too(self):
        with self.assertRaises(IntegrityError):
            RefresherPolicy.objects.create(
                title="x", course=self.course, every_days=30, due_days=31
            )


class CertificationStateTests(TestCase):
    """valid until = last completion + 90 days; expiring soon from 14 days before."""

    @classmethod
    def setUpTestData(cls):
        cls.policy = policy_create(course_create(lessons=1), expiring_soon_days=14)

    def state(self, at, last=T0):
        return certification_state(policy=self.policy, last_completed_at=last, at=at)

    def test_states_over_time(self):
        cases = [
            (T0, S.VALID),
            (T0 + days(75), S.VALID),
            (T0 + days(76) - datetime.timedelta(seconds=1), S.VALID),
            (T0 + days(76), S.EXPIRING_SOON),
            (T0 + days(90) - datetime.timedelta(seconds=1), S.EXPIRING_SOON),
            (T0 + days(90), S.EXPIRED),
            (T0 + days(400), S.EXPIRED),
        ]
        for at, expected in cases:
            with self.subTest(at=at):
                self.assertEqual(self.state(at), expected)

    def test_never_completed_is_not_certified(self):
        self.assertEqual(self.state(T0, last=None), S.NOT_CERTIFIED)


class RefresherRunTimeTravelTests(TestCase):
    """A course redone every 90 days with 14 days to complete: the refresher comes 76 days
    after the last completion and is due 14 days later, when the certification expires."""

    @classmethod
    def setUpTestData(cls):
        cls.course = course_create(lessons=2, title="Тарифы")
        cls.other_course = course_create(lessons=1, title="CRM")
        cls.policy = policy_create(cls.course)
        cls.anna = staff_user(first_name="Анна")
        complete(cls.anna, cls.course, T0)
        complete(cls.anna, cls.other_course, T0)

    def test_not_due_before_the_window_opens(self):
        run = refreshers_run(at=T0 + days(76) - datetime.timedelta(minutes=1))

        self.assertEqual(run.assigned, 0)
        self.assertFalse(refreshers().exists())

    def test_due_when_the_window_opens_and_due_when_it_expires(self):
        at = T0 + days(76)

        run = refreshers_run(at=at)

        self.assertEqual(run.assigned, 1)
        self.assertEqual(run.policies[0].assigned, 1)
        assignment = refreshers(self.anna).get()
        self.assertEqual(assignment.course_id, self.course.pk)
        self.assertEqual(assignment.status, Assignment.Status.ASSIGNED)
        self.assertEqual(assignment.assigned_at, at)
        self.assertEqual(assignment.due_at, end_of_day(T0 + days(90)))
        self.assertIsNone(assignment.assigned_by)

    def test_long_expired_gets_the_whole_window(self):
        at = T0 + days(200)

        refreshers_run(at=at)

        self.assertEqual(refreshers(self.anna).get().due_at, end_of_day(at + days(14)))

    def test_uses_the_last_of_several_completions(self):
        complete(self.anna, self.course, T0 + days(60))

        self.assertEqual(refreshers_run(at=T0 + days(100)).assigned, 0)
        self.assertEqual(refreshers_run(at=T0 + days(136)).assigned, 1)

    def test_a_wider_window_assigns_earlier(self):
        RefresherPolicy.objects.filter(pk=self.policy.pk).update(due_days=30)

        self.assertEqual(refreshers_run(at=T0 + days(60)).assigned, 1)

    def test_inactive_policies_and_unpublished_courses_assign_nothing(self):
        RefresherPolicy.objects.filter(pk=self.policy.pk).update(active=False)
        self.assertEqual(refreshers_run(at=T0 + days(200)).assigned, 0)

        RefresherPolicy.objects.filter(pk=self.policy.pk).update(active=True)
        self.course.unpublish()
        run = refreshers_run(at=T0 + days(200))
        self.assertEqual((run.assigned, run.policies), (0, []))

    def test_the_refresher_is_a_fresh_pass_through_the_course(self):
        refreshers_run(at=T0 + days(80))

        lessons = course_lessons(self.course)
        self.assertFalse(LessonProgress.objects.filter(user=self.anna, lesson__in=lessons).exists())
        outline = course_outline_for_learner(course=self.course, user=self.anna)
        self.assertEqual(
            [item.state for item in outline.lessons], [LessonState.OPEN, LessonState.LOCKED]
        )
        # Other courses keep their progress, and the past completion stays on record.
        other = course_outline_for_learner(course=self.other_course, user=self.anna)
        self.assertTrue(other.is_complete)
        self.assertTrue(
            Assignment.objects.filter(
                user=self.anna, course=self.course, completed_at=T0, source="manual"
            ).exists()
        )

    def test_completing_the_refresher_starts_the_next_cycle_from_then(self):
        refreshers_run(at=T0 + days(80))
        t1 = T0 + days(85)
        for lesson in course_lessons(self.course):
            lesson_open(user=self.anna, lesson=lesson)
            lesson_complete(user=self.anna, lesson=lesson, at=t1)
        refresher = refreshers(self.anna).get()
        self.assertEqual(refresher.status, Assignment.Status.COMPLETED)
        self.assertEqual(refresher.completed_at, t1)
        [cert] = certifications_for_person(user=self.anna, at=t1 + days(1))
        self.assertEqual((cert.state, cert.valid_until), (S.VALID, t1 + days(90)))

        self.assertEqual(refreshers_run(at=t1 + days(75)).assigned, 0)
        self.assertEqual(refreshers_run(at=t1 + days(76)).assigned, 1)
        self.assertEqual(refreshers(self.anna).count(), 2)


class RefresherNeverCompletedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.course = course_create(lessons=2)
        cls.boris = staff_user(first_name="Борис")
        cls.lessons = course_lessons(cls.course)
        # Halfway through the course from the catalogue, never assigned it.
        LessonProgress.objects.create(user=cls.boris, lesson=cls.lessons[0], completed_at=T0)

    def test_left_to_onboarding_and_managers_by_default(self):
        policy_create(self.course)

        self.assertEqual(refreshers_run(at=T0).assigned, 0)
        [cert] = certifications_for_person(user=self.boris, at=T0)
        self.assertEqual((cert.state, cert.valid_until), (S.NOT_CERTIFIED, None))

    def test_assigned_at_once_when_the_policy_includes_them(self):
        policy_create(self.course, include_never_completed=True)

        self.assertEqual(refreshers_run(at=T0).assigned, 1)

        assignment = refreshers(self.boris).get()
        self.assertEqual(assignment.due_at, end_of_day(T0 + days(14)))
        # They never finished it: what they have done of it stays, and the rest completes it.
        self.assertEqual(
            list(LessonProgress.objects.filter(user=self.boris).values_list("lesson", flat=True)),
            [self.lessons[0].pk],
        )
        self.assertEqual(refreshers_run(at=T0 + days(1)).assigned, 0)


class RefresherAudienceTests(TestCase):
    """Everyone, a job role, a team; people who left and closed accounts never."""

    @classmethod
    def setUpTestData(cls):
        cls.course = course_create(lessons=1)
        cls.operator = JobRoleFactory(name="Оператор")
        cls.seller = JobRoleFactory(name="Продавец")
        cls.centre = TeamFactory(name="Контакт-центр")
        cls.office = TeamFactory(name="Офис")
        cls.op_centre = staff_user(first_name="op-centre", job_role=cls.operator, team=cls.centre)
        cls.op_office = staff_user(first_name="op-office", job_role=cls.operator, team=cls.office)
        cls.seller_office = staff_user(
            first_name="seller-office", job_role=cls.seller, team=cls.office
        )
        cls.nobody = staff_user(first_name="no-role-no-team")
        cls.left = staff_user(
            first_name="left", job_role=cls.operator, team=cls.centre, status="left"
        )
        cls.closed = staff_user(first_name="closed", job_role=cls.operator, team=cls.centre)
        cls.closed.is_active = False
        cls.closed.save(update_fields=["is_active"])
        cls.everybody = [
            cls.op_centre, cls.op_office, cls.seller_office, cls.nobody, cls.left, cls.closed,
        ]  # fmt: skip
        for user in cls.everybody:
            complete(user, cls.course, T0)

    def assigned_to(self, **policy) -> set:
        policy_create(self.course, **policy)
        refreshers_run(at=T0 + days(80))
        return {a.user.first_name for a in refreshers().select_related("user")}

    def test_everyone(self):
        self.assertEqual(
            self.assigned_to(),
            {"op-centre", "op-office", "seller-office", "no-role-no-team"},
        )

    def test_a_job_role(self):
        self.assertEqual(
            self.assigned_to(audience="selected", job_roles=[self.operator]),
            {"op-centre", "op-office"},
        )

    def test_a_team(self):
        self.assertEqual(
            self.assigned_to(audience="selected", teams=[self.office]),
            {"op-office", "seller-office"},
        )

    def test_job_roles_and_teams_add_up(self):
        self.assertEqual(
            self.assigned_to(audience="selected", job_roles=[self.seller], teams=[self.centre]),
            {"op-centre", "seller-office"},
        )

    def test_chosen_with_nothing_chosen_reaches_nobody(self):
        self.assertEqual(self.assigned_to(audience="selected"), set())

    def test_chosen_roles_are_ignored_for_everyone(self):
        self.assertEqual(len(self.assigned_to(job_roles=[self.seller])), 4)

    def test_certifications_follow_the_audience(self):
        policy_create(self.course, audience="selected", job_roles=[self.operator])
        self.assertEqual(len(certifications_for_person(user=self.op_office, at=T0)), 1)
        self.assertEqual(certifications_for_person(user=self.seller_office, at=T0), [])
        self.assertEqual(certifications_for_person(user=self.left, at=T0), [])
        self.assertEqual(certifications_for_person(user=self.closed, at=T0), [])


class RefresherIdempotencyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.course = course_create(lessons=1)
        cls.policy = policy_create(cls.course)
        cls.people = [staff_user() for _ in range(3)]
        for user in cls.people:
            complete(user, cls.course, T0)

    def test_running_twice_assigns_nothing_new(self):
        at = T0 + days(80)
        self.assertEqual(refreshers_run(at=at).assigned, 3)

        self.assertEqual(refreshers_run(at=at).assigned, 0)
        self.assertEqual(refreshers_run(at=at + days(5)).assigned, 0)
        self.assertEqual(refreshers().count(), 3)

    def test_progress_made_between_runs_is_kept(self):
        at = T0 + days(80)
        refreshers_run(at=at)
        user = self.people[0]
        [lesson] = course_lessons(self.course)
        lesson_open(user=user, lesson=lesson)

        refreshers_run(at=at)

        self.assertTrue(LessonProgress.objects.filter(user=user, lesson=lesson).exists())
        self.assertEqual(refreshers(user).get().status, Assignment.Status.IN_PROGRESS)

    def test_an_open_assignment_of_any_source_blocks_a_refresher(self):
        blocked = self.people[0]
        Assignment.objects.create(
            user=blocked, course=self.course, source=Assignment.Source.MANUAL,
            status=Assignment.Status.OVERDUE,
        )  # fmt: skip

        self.assertEqual(refreshers_run(at=T0 + days(80)).assigned, 2)
        self.assertFalse(refreshers(blocked).exists())
        # Nor is their progress touched.
        self.assertTrue(LessonProgress.objects.filter(user=blocked).exists())

    def test_two_policies_on_one_course_assign_it_once(self):
        policy_create(self.course, title="the same, for everyone", every_days=60)

        run = refreshers_run(at=T0 + days(80))

        self.assertEqual(run.assigned, 3)
        self.assertEqual(refreshers().count(), 3)

    def test_a_race_lost_to_the_unique_constraint_is_skipped(self):
        at = T0 + days(80)
        refreshers_run(at=at)
        # The same people selected again, as if another run had inserted between this run's
        # query and its insert: the database skips them instead of failing the batch.
        again = (
            StaffProfile.objects.filter(user__in=self.people)
            .order_by()
            .annotate(
                c=Value(self.course.pk),
                s=Value(REFRESHER.value),
                st=Value("assigned"),
                a=Value(at, output_field=DateTimeField()),
            )
            .values_list("user_id", "c", "s", "st", "a")
        )

        inserted = insert_from_select(
            queryset=again,
            model=Assignment,
            columns=["user", "course", "source", "status", "assigned_at"],
        )

        self.assertEqual(inserted, 0)
        self.assertEqual(refreshers().count(), 3)


class RunRefreshersCommandTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.course = course_create(lessons=1, title="Тарифы")
        policy_create(cls.course, title="Тарифы каждые 90 дней")
        cls.anna = staff_user()
        complete(cls.anna, cls.course, T0)

    def run_command(self, *args) -> str:
        out = StringIO()
        call_command("run_refreshers", *args, stdout=out)
        return out.getvalue()

    def test_as_of_a_given_moment_then_again(self):
        output = self.run_command("--at", "2026-04-01T09:00:00+00:00")

        self.assertIn("Тарифы каждые 90 дней: 1 assigned, 1 expiring soon", output)
        self.assertIn("refreshers: 1 assigned, 1 expiring soon, 1 active policies", output)
        self.assertEqual(
            refreshers(self.anna).get().assigned_at,
            datetime.datetime(2026, 4, 1, 9, 0, tzinfo=datetime.UTC),
        )
        self.assertIn("refreshers: 0 assigned", self.run_command("--at", "2026-04-01T09:00Z"))

    def test_a_plain_date_is_midnight_in_the_sites_time_zone(self):
        self.run_command("--at", "2026-04-01")

        expected = timezone.make_aware(datetime.datetime(2026, 4, 1))
        self.assertEqual(refreshers(self.anna).get().assigned_at, expected)

    def test_without_at_it_runs_now(self):
        before = timezone.now()
        self.run_command()
        # T0 is in the past of the suite's clock only if today is after it; either way the
        # refresher, if any, is stamped now.
        for assignment in refreshers():
            self.assertGreaterEqual(assignment.assigned_at, before)

    def test_refuses_a_moment_it_cannot_read(self):
        with self.assertRaises(CommandError):
            self.run_command("--at", "next tuesday")

    def test_keyword_at_works_like_the_option(self):
        out = StringIO()
        call_command("run_refreshers", at="2026-04-01T09:00+00:00", stdout=out)
        self.assertIn("refreshers: 1 assigned", out.getvalue())


class RefreshersTaskTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.course = course_create(lessons=1)
        policy_create(cls.course)
        cls.anna = staff_user()
        # Long enough ago to be due whenever the suite runs.
        complete(cls.anna, cls.course, timezone.now() - days(100))

    def test_the_task_assigns_once_when_run_twice(self):
        self.assertEqual(tasks.refreshers_run(), {"assigned": 1, "expiring": 0})
        self.assertEqual(tasks.refreshers_run(), {"assigned": 0, "expiring": 0})
        self.assertEqual(refreshers(self.anna).count(), 1)

    def test_through_the_queue(self):
        async_task("courses.tasks.refreshers_run")  # synchronous in the test settings
        async_task("courses.tasks.refreshers_run")

        self.assertEqual(refreshers(self.anna).count(), 1)

    def test_scheduled_daily(self):
        jobs = {job.name: job for job in declared_jobs()}
        self.assertEqual(jobs["refreshers-run"].func, "courses.tasks.refreshers_run")
        self.assertEqual(jobs["refreshers-run"].minutes, 1440)


class ExpiringSoonNoticeTests(TestCase):
    """People whose certification is expiring soon are warned once per expiry date."""

    @classmethod
    def setUpTestData(cls):
        cls.course = course_create(lessons=1, title="Стандарты")
        cls.policy = policy_create(cls.course, every_days=180, due_days=14, expiring_soon_days=30)
        cls.soon = staff_user()
        cls.later = staff_user()
        cls.expired = staff_user()
        complete(cls.soon, cls.course, T0 - days(160))
        complete(cls.later, cls.course, T0 - days(100))
        complete(cls.expired, cls.course, T0 - days(200))

    def warnings(self):
        return Notification.objects.filter(kind=CERTIFICATION_EXPIRING.key)

    def test_warns_exactly_the_people_expiring_soon_once(self):
        run = refreshers_run(at=T0)
        refreshers_run(at=T0 + days(1))

        self.assertEqual(run.expiring, 1)
        warning = self.warnings().get()
        self.assertEqual(warning.recipient, self.soon)
        valid_until = timezone.localdate(T0 + days(20))
        self.assertEqual(warning.event, f"certification:{self.policy.pk}:{valid_until.isoformat()}")
        self.assertEqual(warning.params["course"], "Стандарты")

    def test_a_renewed_certification_warns_again_before_its_new_expiry(self):
        refreshers_run(at=T0)
        complete(self.soon, self.course, T0 + days(5))

        refreshers_run(at=T0 + days(5) + days(160))

        self.assertEqual(self.warnings().filter(recipient=self.soon).count(), 2)


class RefreshersRunQueryCountTests(TestCase):
    """The run costs the same number of queries per policy with 5 people as with 50."""

    @classmethod
    def setUpTestData(cls):
        cls.role = JobRoleFactory()
        cls.team = TeamFactory()
        cls.course = course_create(lessons=2)
        cls.people = [staff_user(job_role=cls.role, team=cls.team) for _ in range(50)]

    def setUp(self):
        # Three policies, each with its own course, each with people due.
        courses = [self.course, course_create(lessons=1), course_create(lessons=1)]
        policy_create(courses[0])
        policy_create(courses[1], audience="selected", job_roles=[self.role])
        policy_create(courses[2], audience="selected", teams=[self.team])
        self.courses = courses

    def queries_for(self, count: int) -> int:
        for user in self.people[:count]:
            for course in self.courses:
                complete(user, course, T0)
        with CaptureQueriesContext(connection) as queries:
            run = refreshers_run(at=T0 + days(80))
        self.assertEqual(run.assigned, 3 * count)
        return len(queries.captured_queries)

    def test_five_people(self):
        # 3 to read the policies; per policy: savepoint, lock, reset, insert, who is expiring
        # soon, release. Everyone expiring soon was just assigned the refresher, so nobody is
        # warned (the warnings' own cost is counted in test_refreshers_quiz).
        self.assertEqual(self.queries_for(5), 3 + 3 * 6)

    def test_fifty_people(self):
        self.assertEqual(self.queries_for(50), 3 + 3 * 6)


class CertificationSelectorTests(TestCase):
    """For a person, a team and a manager: the state under each policy reaching them."""

    @classmethod
    def setUpTestData(cls):
        cls.centre = TeamFactory(name="Контакт-центр")
        cls.office = TeamFactory(name="Офис")
        cls.manager = staff_user(roles=[roles.MANAGERS])
        cls.centre.managers.add(cls.manager)
        cls.standards = course_create(lessons=1, title="Стандарты")
        cls.products = course_create(lessons=1, title="Продукты")
        cls.standards_policy = policy_create(
            cls.standards, title="Стандарты", every_days=180, expiring_soon_days=30
        )
        cls.products_policy = policy_create(
            cls.products, title="Продукты", audience="selected", teams=[cls.centre]
        )
        cls.anna = staff_user(first_name="Анна", team=cls.centre)
        cls.boris = staff_user(first_name="Борис", team=cls.office)
        complete(cls.anna, cls.standards, T0 - days(160))  # expiring soon
        complete(cls.anna, cls.products, T0 - days(100))  # expired
        complete(cls.boris, cls.standards, T0 - days(10))  # valid

    def test_for_a_person(self):
        Assignment.objects.create(
            user=self.anna, course=self.products, source=REFRESHER, due_at=T0 + days(3)
        )
        with self.assertNumQueries(3):
            certs = certifications_for_person(user=self.anna, at=T0)

        self.assertEqual([c.policy.title for c in certs], ["Продукты", "Стандарты"])
        products, standards = certs
        self.assertEqual(products.state, S.EXPIRED)
        self.assertEqual(products.valid_until, T0 - days(10))
        self.assertEqual(products.days_left, -10)
        self.assertTrue(products.open_assignment)
        self.assertEqual(products.open_due_at, T0 + days(3))
        self.assertEqual(standards.state, S.EXPIRING_SOON)
        self.assertEqual(standards.days_left, 20)
        self.assertFalse(standards.open_assignment)
        self.assertEqual(str(standards.state_label), str(S.LABELS[S.EXPIRING_SOON]))

    def test_a_person_without_a_profile_has_none(self):
        from tests.factories import UserFactory

        self.assertEqual(certifications_for_person(user=UserFactory(), at=T0), [])

    def test_for_a_team(self):
        rows = certifications_for_team(team=self.centre, at=T0)

        self.assertEqual([r.profile.user for r in rows], [self.anna])
        self.assertEqual(
            {c.policy.title: c.state for c in rows[0].certifications},
            {"Продукты": S.EXPIRED, "Стандарты": S.EXPIRING_SOON},
        )

    def test_for_a_manager_only_their_people(self):
        rows = certifications_for_manager(user=self.manager, at=T0)

        self.assertEqual([r.profile.user for r in rows], [self.anna])

    def test_for_everyone_with_the_states_of_each(self):
        rows = certifications_for_staff(profiles=StaffProfile.objects.all(), at=T0)
        states = {
            (r.profile.user.first_name, c.policy.title): c.state
            for r in rows
            for c in r.certifications
        }
        self.assertEqual(states[("Борис", "Стандарты")], S.VALID)
        self.assertNotIn(("Борис", "Продукты"), states)
        self.assertEqual(states[(self.manager.first_name, "Стандарты")], S.NOT_CERTIFIED)

    def test_team_query_count_does_not_grow_with_the_team(self):
        def count_for(n):
            for _ in range(n):
                user = staff_user(team=self.centre)
                complete(user, self.standards, T0 - days(20))
            with CaptureQueriesContext(connection) as queries:
                rows = certifications_for_team(team=self.centre, at=T0)
            return len(queries.captured_queries), len(rows)

        self.assertEqual(count_for(2), (5, 3))
        self.assertEqual(count_for(38), (5, 41))


class MyPlanCertificationsTests(TestCase):
    """ "My plan" lists the person's certifications in words: valid until when, expiring soon,
    expired, or not completed yet."""

    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user(username="certified")
        cls.valid = course_create(lessons=1, title="Стандарты обслуживания")
        cls.old = course_create(lessons=1, title="Тарифы прошлого года")
        cls.never = course_create(lessons=1, title="Новая линейка")
        policy_create(cls.valid)
        policy_create(cls.old)
        policy_create(cls.never)
        now = timezone.now()
        complete(cls.user, cls.valid, now - days(10))
        complete(cls.user, cls.old, now - days(400))

    def test_each_policy_shows_its_state(self):
        self.client.force_login(self.user)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

        html = self.client.get("/").content.decode()

        section = html.split('id="certifications-title"')[1].split("</section>")[0]
        for title, state in [
            ("Стандарты обслуживания", "certification--valid"),
            ("Тарифы прошлого года", "certification--expired"),
            ("Новая линейка", "certification--not_certified"),
        ]:
            with self.subTest(title=title):
                entry = section.split(title)[0].rsplit("<li", 1)[1]
                self.assertIn(state, entry)
        self.assertIn("valid until", section)
        self.assertIn("not completed yet", section)

    def test_a_newcomer_from_onboarding_is_not_told_to_re_learn(self):
        due = timezone.now() + days(5)
        Assignment.objects.create(
            user=self.user, course=self.never, source=Assignment.Source.ONBOARDING, due_at=due
        )
        Assignment.objects.create(user=self.user, course=self.old, source=REFRESHER, due_at=due)
        self.client.force_login(self.user)

        html = self.client.get("/").content.decode()

        section = html.split('id="certifications-title"')[1].split("</section>")[0]
        never = section.split("Новая линейка")[1].split("</li>")[0]
        old = section.split("Тарифы прошлого года")[1].split("</li>")[0]
        self.assertNotIn("повторн", never.lower())
        self.assertIn("пройти до", never)
        self.assertIn("повторное обучение до", old)

    def test_someone_no_policy_reaches_sees_no_section(self):
        other = staff_user(username="uncovered")
        RefresherPolicy.objects.update(active=False)
        self.client.force_login(other)

        self.assertNotIn('id="certifications-title"', self.client.get("/").content.decode())


class RefresherGateAttemptLimitTests(TestCase):
    """A gate with an attempt limit used up in the first pass opens again for the refresher."""

    @classmethod
    def setUpTestData(cls):
        from quizzes.models import Attempt
        from tests.quizzes.factories import quiz_create, true_false_create

        cls.quiz = quiz_create(
            title="Ворота", attempt_limit=1, questions=[true_false_create(correct=True)]
        )
        cls.course = course_create(lessons=1, gates={0: cls.quiz})
        cls.user = staff_user(username="refreshed")
        taken = timezone.now() - days(100)
        complete(cls.user, cls.course, taken)
        Attempt.objects.create(
            quiz=cls.quiz,
            user=cls.user,
            number=1,
            max_score=1,
            score=1,
            percent=100,
            passed=True,
            status=Attempt.Status.SUBMITTED,
            started_at=taken,
            submitted_at=taken,
        )
        policy_create(cls.course)

    def test_the_limit_counts_this_pass_only(self):
        from quizzes.selectors import attempt_limits_check

        self.assertFalse(attempt_limits_check(quiz=self.quiz, user=self.user).allowed)

        self.assertEqual(refreshers_run().assigned, 1)
        lesson_open(user=self.user, lesson=course_lessons(self.course)[0])

        self.assertTrue(attempt_limits_check(quiz=self.quiz, user=self.user).allowed)
