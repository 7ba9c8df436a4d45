"""Assignment figures over a group of people (``courses/selectors.py``: ``onboarding_counts``,
``overdue_by_person``, ``refresher_compliance_by_policy``, ``refresher_compliance_by_change``)."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.test import TestCase
from django.utils import timezone

from courses.models import Assignment, ContentChange, RefresherPolicy
from courses.selectors import (
    onboarding_counts,
    overdue_by_person,
    overdue_totals,
    refresher_compliance_by_change,
    refresher_compliance_by_policy,
)
from tests.courses.factories import course_create
from tests.factories import staff_user

NOW = timezone.now()
DAY = datetime.timedelta(days=1)
A = Assignment


def make(user, *, source=A.Source.ONBOARDING, status=A.Status.ASSIGNED, due=None, **target):
    return A.objects.create(
        user=user, source=source, status=status, due_at=due and NOW + due * DAY, **target
    )


class AssignmentAggregatesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.done, cls.late, cls.fine, cls.none, cls.out = (staff_user() for _ in range(5))
        c1, c2, cls.c3 = (course_create(lessons=1) for _ in range(3))
        make(cls.done, course=c1, status=A.Status.COMPLETED)
        make(cls.late, course=c1, status=A.Status.COMPLETED)
        # Past due but not yet marked overdue by the periodic job: overdue all the same.
        make(cls.late, course=c2, due=-2)
        make(cls.fine, course=c1, status=A.Status.IN_PROGRESS, due=3)
        make(cls.out, course=c1, status=A.Status.OVERDUE, due=-1)
        cls.policy = RefresherPolicy.objects.create(
            title="Переаттестация", course=cls.c3, every_days=365, due_days=30
        )
        make(cls.done, course=cls.c3, source=A.Source.REFRESHER, status=A.Status.COMPLETED)
        make(cls.late, course=cls.c3, source=A.Source.REFRESHER, status=A.Status.OVERDUE, due=-1)
        make(cls.out, course=cls.c3, source=A.Source.REFRESHER, due=-1)
        cls.change = ContentChange.objects.create(
            content_type=ContentType.objects.get_for_model(RefresherPolicy),
            object_id="1",
            title="Новая цена",
            change_note="…",
        )
        make(cls.done, content_change=cls.change, source=A.Source.CONTENT_CHANGE)
        cls.people = [u.pk for u in (cls.done, cls.late, cls.fine, cls.none)]

    def test_onboarding_counts(self):
        counts = onboarding_counts(user_ids=self.people, now=NOW)
        self.assertEqual((counts.in_plan, counts.overdue, counts.on_time), (3, 1, 2))
        self.assertEqual(counts.all_done, 1)

    def test_overdue_by_person_most_first(self):
        rows = overdue_by_person(user_ids=self.people, now=NOW)
        self.assertEqual([(r.user_id, r.overdue) for r in rows], [(self.late.pk, 2)])

    def test_compliance_per_policy_and_change(self):
        [policy] = refresher_compliance_by_policy(user_ids=self.people, now=NOW)
        self.assertEqual((policy.assigned, policy.done, policy.overdue), (2, 1, 1))
        self.assertEqual(policy.done_rate, 50)
        [change] = refresher_compliance_by_change(user_ids=self.people, now=NOW)
        self.assertEqual((change.key, change.assigned, change.done), (self.change.pk, 1, 0))
        later = NOW + DAY
        self.assertEqual(
            refresher_compliance_by_policy(user_ids=self.people, now=NOW, start=later), []
        )

    def test_overdue_totals_and_limit(self):
        people = [*self.people, self.out.pk]
        self.assertEqual(overdue_totals(user_ids=people, now=NOW), (2, 4))
        self.assertEqual(len(overdue_by_person(user_ids=people, now=NOW, limit=1)), 1)
