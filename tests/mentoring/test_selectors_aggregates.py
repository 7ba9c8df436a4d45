"""Mentoring figures over a group of people (``mentoring/selectors.py``: ``solo_cleared_count``,
``days_to_solo_of``, ``mentor_load_of_mentees``, ``sessions_per_week``,
``clearances_waiting_count``): only those people count, whoever else a mentor has."""

import datetime

from django.test import TestCase
from django.utils import timezone

from lms.people.models import StaffProfile
from mentoring.models import SoloClearance
from mentoring.selectors import (
    clearances_waiting_count,
    days_to_solo_of,
    mentor_load_of_mentees,
    sessions_per_week,
    solo_cleared_count,
)
from tests.factories import JobRoleFactory, staff_user
from tests.mentoring.factories import (
    PracticeSkillFactory,
    evidence_make,
    mentor_create,
    pairing_make,
)

NOW = timezone.now()
DAY = datetime.timedelta(days=1)


class MentoringAggregatesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        role = JobRoleFactory()
        cls.mine = [staff_user(job_role=role) for _ in range(2)]
        cls.other = staff_user(job_role=role)
        cls.veteran = staff_user(status=StaffProfile.Status.SOLO)
        cls.mentor = mentor_create(capacity=2)
        skill = PracticeSkillFactory(job_role=role, sessions_required=1)
        for mentee in [*cls.mine, cls.other]:
            pairing_make(mentee=mentee, mentor=cls.mentor)
            evidence_make(mentee, skill, 1)
        SoloClearance.objects.create(
            mentee=cls.mine[0],
            requested_by=cls.mentor,
            status=SoloClearance.Status.CONFIRMED,
            decided_at=NOW - DAY,
            days_to_solo=25,
        )
        SoloClearance.objects.create(mentee=cls.mine[1], requested_by=cls.mentor)
        cls.ids = [u.pk for u in cls.mine] + [cls.veteran.pk]

    def test_cleared_and_waiting(self):
        self.assertEqual(solo_cleared_count(mentee_ids=self.ids), 2)  # a clearance, a veteran
        self.assertEqual(clearances_waiting_count(mentee_ids=self.ids), 1)
        [entry] = days_to_solo_of(mentee_ids=self.ids)
        self.assertEqual((entry.mentee_id, entry.days), (self.mine[0].pk, 25))

    def test_mentor_load_counts_all_mentees_but_sign_offs_of_these_only(self):
        [load] = mentor_load_of_mentees(mentee_ids=self.ids)
        self.assertEqual((load.load, load.capacity, load.load_here), (3, 2, 2))
        self.assertEqual(load.pending_signoffs, 2)
        self.assertTrue(load.over_capacity)
        self.assertEqual(mentor_load_of_mentees(mentee_ids=[self.veteran.pk]), [])

    def test_sessions_per_week(self):
        weeks = sessions_per_week(mentee_ids=self.ids, start=NOW - 7 * DAY)
        self.assertEqual(sum(weeks.values()), 2)
        self.assertTrue(all(week.weekday() == 0 for week in weeks))
