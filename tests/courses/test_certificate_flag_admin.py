"""The "issues a certificate" box is in the editor's course page and onboarding plan forms,
and saving the plan form stores it."""

from django.test import TestCase
from django.urls import reverse

from courses.models import OnboardingPlan
from tests.courses.factories import course_create, onboarding_plan_create
from tests.factories import JobRoleFactory, UserFactory


class CertificateFlagAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.admin = UserFactory(is_superuser=True, is_staff=True)
        cls.course = course_create(lessons=1)
        cls.plan = onboarding_plan_create(JobRoleFactory(), [(cls.course, 5)])

    def setUp(self):
        self.client.force_login(self.admin)

    def test_the_course_form_has_the_box(self):
        response = self.client.get(reverse("wagtailadmin_pages:edit", args=[self.course.pk]))

        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'name="issues_certificate"')

    def test_the_plan_form_has_the_box(self):
        url = reverse(OnboardingPlan.snippet_viewset.get_url_name("edit"), args=[self.plan.pk])

        response = self.client.get(url)

        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'name="issues_certificate"')
