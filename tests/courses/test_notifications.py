"""The courses' notifications: set-based scans that announce assignments, remind of due dates
and report overdue ones, each once; and the certification warning the refreshers send."""

import datetime

from django.test import TestCase
from django.utils import timezone, translation

from courses import notifications as course_notifications
from courses import tasks
from courses.models import Assignment
from courses.notifications import (
    ASSIGNED,
    CERTIFICATION_EXPIRING,
    CONTENT_CHANGED,
    DUE_SOON,
    OVERDUE,
    REFRESHER_ASSIGNED,
    assignment_notifications_send,
    certification_expiring_send,
    due_soon_notifications_send,
    overdue_notifications_send,
)
from courses.services import assignment_create
from lms.core.scheduling import declared_jobs
from lms.notifications.kinds import kind_get
from lms.notifications.models import Notification
from tests.courses.factories import course_create
from tests.factories import staff_user

DAY = datetime.timedelta(days=1)


def assign(user, course, *, source="manual", due_in=None, assigned_ago=None, status=None):
    now = timezone.now()
    assignment, _created = assignment_create(
        user=user,
        course=course,
        source=source,
        due_at=now + due_in if due_in is not None else None,
        assigned_at=now - assigned_ago if assigned_ago is not None else None,
    )
    if status is not None:
        Assignment.objects.filter(pk=assignment.pk).update(status=status)
    return assignment


def sent(kind=None):
    rows = Notification.objects.order_by("pk")
    if kind is not None:
        rows = rows.filter(kind=kind.key)
    return list(rows.values_list("recipient__username", "kind", "event"))


class KindsTests(TestCase):
    def test_which_kinds_may_be_muted(self):
        mandatory = {
            kind.key: kind_get(kind.key).mandatory
            for kind in (
                ASSIGNED,
                REFRESHER_ASSIGNED,
                CONTENT_CHANGED,
                DUE_SOON,
                OVERDUE,
                CERTIFICATION_EXPIRING,
            )
        }
        self.assertEqual(
            mandatory,
            {
                "courses.assigned": True,
                "courses.refresher_assigned": True,
                "courses.content_changed": True,
                "courses.due_soon": False,
                "courses.overdue": True,
                "courses.certification_expiring": False,
            },
        )

    def test_the_scans_are_scheduled(self):
        jobs = {job.name: job.func for job in declared_jobs()}

        self.assertEqual(
            {name: jobs.get(name) for name in ("assignment-notifications", "due-soon-notifications",
                                               "overdue-notifications")},
            {
                "assignment-notifications": "courses.tasks.assignment_notifications_send",
                "due-soon-notifications": "courses.tasks.due_soon_notifications_send",
                "overdue-notifications": "courses.tasks.overdue_notifications_send",
            },
        )  # fmt: skip


class AssignmentNotificationsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.anna = staff_user(username="anna")
        cls.boris = staff_user(username="boris")
        cls.course = course_create(lessons=1, title="Тарифы")
        cls.other = course_create(lessons=1, title="CRM")
        cls.third = course_create(lessons=1, title="Бонусы")

    def test_each_source_is_announced_with_its_kind_once(self):
        manual = assign(self.anna, self.course, source="manual")
        refresher = assign(self.anna, self.other, source="refresher")
        changed = assign(self.anna, self.third, source="content_change")
        onboarding = assign(self.boris, self.course, source="onboarding")

        self.assertEqual(assignment_notifications_send(), 4)
        first = set(sent())
        assignment_notifications_send()

        self.assertEqual(
            first,
            {
                ("anna", "courses.assigned", f"assignment:{manual.pk}"),
                ("anna", "courses.refresher_assigned", f"assignment:{refresher.pk}"),
                ("anna", "courses.content_changed", f"assignment:{changed.pk}"),
                ("boris", "courses.assigned", f"assignment:{onboarding.pk}"),
            },
        )
        self.assertEqual(len(sent()), 4)

    def test_title_and_link(self):
        assign(self.anna, self.course, source="refresher")
        assignment_notifications_send()

        notification = Notification.objects.get()
        with translation.override("en"):
            self.assertEqual(notification.title, "Time for a refresher: take “Тарифы” again.")
        self.assertEqual(notification.url, self.course.url)

    def test_completed_old_and_closed_accounts_are_left_out(self):
        assign(self.anna, self.course, status=Assignment.Status.COMPLETED)
        assign(self.anna, self.other, assigned_ago=8 * DAY)
        assign(self.boris, self.course)
        self.boris.is_active = False
        self.boris.save()

        self.assertEqual(assignment_notifications_send(), 0)
        self.assertEqual(sent(), [])

    def test_a_reassignment_after_completion_is_news_again(self):
        first = assign(self.anna, self.course, source="manual")
        assignment_notifications_send()
        Assignment.objects.filter(pk=first.pk).update(status=Assignment.Status.COMPLETED)
        second = assign(self.anna, self.course, source="refresher")
        assignment_notifications_send()

        self.assertEqual(
            [event for _u, _k, event in sent()],
            [f"assignment:{first.pk}", f"assignment:{second.pk}"],
        )

    def test_the_task_runs_the_scan(self):
        assign(self.anna, self.course)

        self.assertEqual(tasks.assignment_notifications_send(), 1)
        self.assertEqual(tasks.assignment_notifications_send(), 0)

    def test_a_fixed_number_of_queries(self):
        # The scan, the course pages, the active recipients, the insert (the site's root paths
        # for the page addresses are cached by the first run).
        def run(people):
            Notification.objects.all().delete()
            with self.assertNumQueries(4):
                assignment_notifications_send()
            self.assertEqual(Notification.objects.count(), people)

        assign(self.anna, self.course)
        assign(self.boris, self.other)
        assignment_notifications_send()
        run(2)
        for n in range(20):
            assign(staff_user(username=f"many{n}"), self.course)
        run(22)


class DueSoonNotificationsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.anna = staff_user(username="anna")
        cls.courses = [course_create(lessons=1, title=f"Курс {n}") for n in range(5)]

    def test_targets_open_assignments_due_within_three_days(self):
        soon = assign(self.anna, self.courses[0], due_in=2 * DAY)
        assign(self.anna, self.courses[1], due_in=5 * DAY)
        assign(self.anna, self.courses[2], due_in=2 * DAY, status=Assignment.Status.COMPLETED)
        assign(self.anna, self.courses[3], due_in=-DAY)
        started = assign(
            self.anna, self.courses[4], due_in=DAY, status=Assignment.Status.IN_PROGRESS
        )

        due_soon_notifications_send()
        due_soon_notifications_send()

        self.assertEqual(
            sent(DUE_SOON),
            [
                ("anna", "courses.due_soon", f"due_soon:{soon.pk}"),
                ("anna", "courses.due_soon", f"due_soon:{started.pk}"),
            ],
        )

    def test_title_names_the_date(self):
        due_at = timezone.now() + 2 * DAY
        assign(self.anna, self.courses[0], due_in=2 * DAY)
        due_soon_notifications_send()

        with translation.override("en"):
            self.assertEqual(
                Notification.objects.get().title,
                f"“Курс 0” is due on {timezone.localdate(due_at):%d.%m.%Y}.",
            )

    def test_the_task_is_idempotent(self):
        assign(self.anna, self.courses[0], due_in=DAY)

        self.assertEqual(tasks.due_soon_notifications_send(), 1)
        tasks.due_soon_notifications_send()
        self.assertEqual(len(sent()), 1)


class OverdueNotificationsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.anna = staff_user(username="anna")
        cls.courses = [course_create(lessons=1, title=f"Курс {n}") for n in range(4)]

    def test_targets_open_assignments_past_due(self):
        late = assign(self.anna, self.courses[0], due_in=-DAY)
        marked = assign(self.anna, self.courses[1], due_in=-2 * DAY)
        tasks.assignments_overdue_mark()
        assign(self.anna, self.courses[2], due_in=-DAY, status=Assignment.Status.COMPLETED)
        assign(self.anna, self.courses[3], due_in=DAY)

        overdue_notifications_send()
        tasks.overdue_notifications_send()

        self.assertEqual(
            sent(OVERDUE),
            [
                ("anna", "courses.overdue", f"overdue:{late.pk}"),
                ("anna", "courses.overdue", f"overdue:{marked.pk}"),
            ],
        )

    def test_long_overdue_is_not_reported_for_the_first_time(self):
        assign(self.anna, self.courses[0], due_in=-8 * DAY)

        self.assertEqual(overdue_notifications_send(), 0)


class CertificationExpiringTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.anna = staff_user(username="anna")
        cls.boris = staff_user(username="boris")

    def test_sent_once_per_policy_and_expiry(self):
        until = datetime.date(2027, 3, 1)
        rows = [(self.anna.pk, 7, until, "Стандарты"), (self.boris.pk, 7, until, "Стандарты")]

        self.assertEqual(certification_expiring_send(rows), 2)
        certification_expiring_send(rows)
        certification_expiring_send([(self.anna.pk, 7, datetime.date(2027, 9, 1), "Стандарты")])

        self.assertEqual(
            sent(),
            [
                ("anna", "courses.certification_expiring", "certification:7:2027-03-01"),
                ("boris", "courses.certification_expiring", "certification:7:2027-03-01"),
                ("anna", "courses.certification_expiring", "certification:7:2027-09-01"),
            ],
        )
        with translation.override("en"):
            self.assertEqual(
                Notification.objects.order_by("pk").first().title,
                "Your certification in “Стандарты” expires on 01.03.2027.",
            )
        self.assertEqual(Notification.objects.order_by("pk").first().url, "/")

    def test_the_module_documents_the_call(self):
        self.assertIn("certification_expiring_send(rows)", course_notifications.__doc__)
