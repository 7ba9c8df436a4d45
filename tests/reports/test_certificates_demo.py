"""The demo's certificates (``reports.demo``): ``staff`` and ``cleared`` hold theirs, the marked
courses and plan say so, and loading the demo again adds and changes nothing."""

from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from courses.models import CoursePage, OnboardingPlan
from lms.notifications.models import Notification
from reports.models import Certificate
from reports.notifications import CERTIFICATE_ISSUED


def rows():
    return sorted(
        Certificate.objects.values_list(
            "user__username", "kind", "title", "issued_on", "expires_on", "code", "revoked_at"
        )
    )


class CertificateDemoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", allow_production=True, stdout=StringIO())

    def test_staff_and_cleared_hold_certificates(self):
        held = {(username, kind, title) for username, kind, title, *_ in rows()}

        for username in ("staff", "cleared"):
            with self.subTest(username=username):
                self.assertIn((username, "course", "Стандарты обслуживания"), held)
                self.assertIn((username, "course", "Продукты и тарифы"), held)
                self.assertIn((username, "plan", "Оператор контакт-центра"), held)

    def test_expiry_follows_the_refresher_policies(self):
        # ``staff`` finished the plan about five months ago: the quarterly products certificate
        # has expired, the half-yearly standards one is still valid.
        staff = {
            c.course.slug: c
            for c in Certificate.objects.filter(user__username="staff", kind="course")
        }

        self.assertEqual(staff["products-and-tariffs"].status, Certificate.Status.EXPIRED)
        self.assertEqual(staff["service-standards"].status, Certificate.Status.VALID)
        self.assertIsNotNone(staff["service-standards"].expires_on)

    def test_the_courses_and_the_plan_are_marked(self):
        marked = set(
            CoursePage.objects.filter(issues_certificate=True).values_list("slug", flat=True)
        )

        self.assertEqual(marked, {"products-and-tariffs", "service-standards"})
        self.assertTrue(OnboardingPlan.objects.get(job_role__slug="operator").issues_certificate)

    def test_loading_again_adds_and_changes_nothing(self):
        before = rows()
        notified = Notification.objects.filter(kind=CERTIFICATE_ISSUED.key).count()

        call_command("load_demo", allow_production=True, stdout=StringIO())

        self.assertEqual(rows(), before)
        self.assertEqual(len(before), 6)
        self.assertEqual(Notification.objects.filter(kind=CERTIFICATE_ISSUED.key).count(), notified)
