"""A job role brings its onboarding plan: the people app announces the role (``job_role_set``)
and the courses app assigns the plan, each course once ever."""

import datetime

from django.test import TestCase
from django.utils import timezone

from courses.models import Assignment
from courses.services import course_assign
from lms.people import roles
from lms.people.models import StaffProfile
from lms.people.services import staff_member_create, staff_profile_update
from tests.courses.factories import course_create, onboarding_plan_create
from tests.factories import JobRoleFactory, TeamFactory, staff_user


def assigned(user) -> dict[int, str]:
    """Course id → source of every assignment the person has."""
    return dict(Assignment.objects.filter(user=user).values_list("course_id", "source"))


class OnboardingSignalTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.operator = JobRoleFactory(name="Оператор")
        cls.seller = JobRoleFactory(name="Продавец")
        cls.basics = course_create(lessons=1, title="Основы")
        cls.crm = course_create(lessons=1, title="CRM")
        cls.sales = course_create(lessons=1, title="Продажи")
        onboarding_plan_create(cls.operator, [(cls.basics, 3), (cls.crm, 10)])
        onboarding_plan_create(cls.seller, [(cls.basics, 5), (cls.sales, 7)])
        cls.team = TeamFactory()
        cls.manager = staff_user(roles=[roles.MANAGERS])
        cls.team.managers.add(cls.manager)
        cls.hire_date = datetime.date(2026, 3, 2)

    def create(self, **fields) -> StaffProfile:
        fields.setdefault("hire_date", self.hire_date)
        return staff_member_create(username=f"new{StaffProfile.objects.count()}", **fields)

    def test_a_new_staff_member_with_a_job_role_gets_its_plan(self):
        profile = self.create(job_role=self.operator)

        self.assertEqual(
            assigned(profile.user),
            {
                self.basics.pk: Assignment.Source.ONBOARDING,
                self.crm.pk: Assignment.Source.ONBOARDING,
            },
        )
        due = {
            a.course_id: timezone.localtime(a.due_at).date()
            for a in Assignment.objects.filter(user=profile.user)
        }
        self.assertEqual(due[self.basics.pk], datetime.date(2026, 3, 5))
        self.assertEqual(due[self.crm.pk], datetime.date(2026, 3, 12))

    def test_a_staff_member_without_a_job_role_gets_nothing(self):
        profile = self.create()

        self.assertEqual(assigned(profile.user), {})

    def test_a_staff_member_created_as_left_gets_nothing(self):
        profile = self.create(job_role=self.operator, status=StaffProfile.Status.LEFT)

        self.assertEqual(assigned(profile.user), {})

    def test_changing_the_job_role_assigns_the_new_plan(self):
        profile = self.create(job_role=self.operator, team=self.team)

        staff_profile_update(profile=profile, changed_by=self.manager, job_role=self.seller)

        self.assertEqual(set(assigned(profile.user)), {self.basics.pk, self.crm.pk, self.sales.pk})
        sales = Assignment.objects.get(user=profile.user, course=self.sales)
        self.assertEqual(sales.source, Assignment.Source.ONBOARDING)
        self.assertEqual(sales.assigned_by, self.manager)
        # The course both plans share keeps its first assignment and due date.
        basics = Assignment.objects.get(user=profile.user, course=self.basics)
        self.assertEqual(timezone.localtime(basics.due_at).date(), datetime.date(2026, 3, 5))

    def test_a_first_job_role_given_later_assigns_its_plan(self):
        profile = self.create()

        staff_profile_update(profile=profile, job_role=self.seller)

        self.assertEqual(set(assigned(profile.user)), {self.basics.pk, self.sales.pk})

    def test_changing_back_does_not_assign_the_old_plan_twice(self):
        profile = self.create(job_role=self.operator)
        Assignment.objects.filter(user=profile.user).update(
            status=Assignment.Status.COMPLETED, completed_at=timezone.now()
        )

        staff_profile_update(profile=profile, job_role=self.seller)
        staff_profile_update(profile=profile, job_role=self.operator)

        self.assertEqual(Assignment.objects.filter(user=profile.user).count(), 3)
        for course in (self.basics, self.crm):
            self.assertEqual(Assignment.objects.filter(user=profile.user, course=course).count(), 1)

    def test_saving_without_changing_the_job_role_assigns_nothing_new(self):
        profile = self.create(job_role=self.operator)
        Assignment.objects.filter(user=profile.user).delete()

        staff_profile_update(profile=profile, hire_date=datetime.date(2026, 1, 1))

        self.assertEqual(assigned(profile.user), {})

    def test_removing_the_job_role_assigns_nothing_and_keeps_what_was_assigned(self):
        profile = self.create(job_role=self.operator)

        staff_profile_update(profile=profile, job_role=None)

        self.assertEqual(set(assigned(profile.user)), {self.basics.pk, self.crm.pk})

    def test_an_open_manual_assignment_does_not_swallow_the_plans_own(self):
        # A manager assigned "Basics" by hand, due in a month, before the person got a job role.
        profile = self.create(team=self.team)
        manual_due = timezone.make_aware(datetime.datetime(2026, 4, 30, 23, 59))
        course_assign(
            course=self.basics, assigned_by=self.manager, due_at=manual_due, users=[profile.user]
        )

        staff_profile_update(profile=profile, changed_by=self.manager, job_role=self.operator)

        # The plan's assignment exists, with the plan's (earlier) due date: hire date + 3 days.
        basics = Assignment.objects.get(user=profile.user, course=self.basics)
        self.assertEqual(basics.source, Assignment.Source.ONBOARDING)
        self.assertEqual(timezone.localtime(basics.due_at).date(), datetime.date(2026, 3, 5))
        self.assertEqual(
            Assignment.objects.filter(user=profile.user, source=Assignment.Source.ONBOARDING)
            .values_list("course_id", flat=True)
            .count(),
            2,
        )

    def test_an_earlier_manual_due_date_is_kept_when_the_plan_takes_the_assignment_over(self):
        profile = self.create(team=self.team)
        manual_due = timezone.make_aware(datetime.datetime(2026, 3, 3, 23, 59))
        course_assign(
            course=self.basics, assigned_by=self.manager, due_at=manual_due, users=[profile.user]
        )

        staff_profile_update(profile=profile, changed_by=self.manager, job_role=self.operator)

        basics = Assignment.objects.get(user=profile.user, course=self.basics)
        self.assertEqual(basics.source, Assignment.Source.ONBOARDING)
        self.assertEqual(basics.due_at, manual_due)
