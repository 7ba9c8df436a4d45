"""The reads the certificates of the reports app ask of this app: whether a person completed
their whole onboarding plan (``onboarding_plan_completed_by``), and how long a completion of a
course keeps them certified (``course_validity_days``)."""

from django.test import TestCase

from courses.models import Assignment, RefresherPolicy
from courses.selectors import course_validity_days, onboarding_plan_completed_by
from courses.services import assignment_create, lesson_complete
from tests.courses.factories import course_create, course_lessons, onboarding_plan_create
from tests.factories import JobRoleFactory, TeamFactory, UserFactory, staff_user


def finish(user, course, source=Assignment.Source.MANUAL):
    assignment_create(user=user, course=course, source=source)
    for lesson in course_lessons(course):
        lesson_complete(user=user, lesson=lesson)


class OnboardingPlanCompletedByTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.role = JobRoleFactory()
        cls.first = course_create(lessons=1)
        cls.second = course_create(lessons=1)
        cls.plan = onboarding_plan_create(cls.role, [(cls.first, 5), (cls.second, 10)])
        cls.user = staff_user(job_role=cls.role)

    def test_none_until_every_course_is_completed(self):
        self.assertIsNone(onboarding_plan_completed_by(user=self.user))
        finish(self.user, self.first)
        self.assertIsNone(onboarding_plan_completed_by(user=self.user))

        finish(self.user, self.second)

        with self.assertNumQueries(2):
            self.assertEqual(onboarding_plan_completed_by(user=self.user), self.plan)

    def test_an_open_assignment_is_not_a_completion(self):
        finish(self.user, self.first)
        assignment_create(user=self.user, course=self.second, source=Assignment.Source.MANUAL)

        self.assertIsNone(onboarding_plan_completed_by(user=self.user))

    def test_other_job_roles_and_people_without_a_profile_have_none(self):
        other = staff_user(job_role=JobRoleFactory())
        finish(other, self.first)
        finish(other, self.second)

        self.assertIsNone(onboarding_plan_completed_by(user=other))
        self.assertIsNone(onboarding_plan_completed_by(user=UserFactory()))


class CourseValidityDaysTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.team = TeamFactory()
        cls.course = course_create(lessons=1)
        cls.user = staff_user(team=cls.team)

    def policy(self, every_days, **fields):
        return RefresherPolicy.objects.create(
            title=str(every_days), course=self.course, every_days=every_days, due_days=1, **fields
        )

    def test_none_without_a_policy(self):
        self.assertIsNone(course_validity_days(course_id=self.course.pk, user=self.user))

    def test_the_shortest_active_policy_that_reaches_the_person(self):
        self.policy(180)
        self.policy(10, active=False)
        elsewhere = self.policy(20, audience=RefresherPolicy.Audience.SELECTED)
        elsewhere.teams.set([TeamFactory()])
        mine = self.policy(90, audience=RefresherPolicy.Audience.SELECTED)
        mine.teams.set([self.team])
        other_course = RefresherPolicy.objects.create(
            title="другой", course=course_create(lessons=1), every_days=5, due_days=1
        )

        self.assertEqual(course_validity_days(course_id=self.course.pk, user=self.user), 90)
        self.assertIsNone(course_validity_days(course_id=self.course.pk, user=UserFactory()))
        self.assertIsNotNone(other_course.pk)
