"""The demo's refresher policies: ``staff`` gets the products refresher from the first run, and
her service-standards certification shows as expiring soon."""

from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from courses.hooks import change_quiz
from courses.models import (
    Assignment,
    ContentChange,
    CrmTutorialReview,
    ProductCardPage,
    RefresherPolicy,
)
from courses.selectors import CertificationState, certifications_for_person


class RefresherDemoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", allow_production=True, stdout=StringIO())
        cls.staff = get_user_model().objects.get(username="staff")

    def run_refreshers(self) -> str:
        out = StringIO()
        call_command("run_refreshers", stdout=out)
        return out.getvalue()

    def test_two_policies_and_a_second_load_adds_none(self):
        self.assertEqual(RefresherPolicy.objects.count(), 2)
        products = RefresherPolicy.objects.get(course__slug="products-and-tariffs")
        self.assertEqual([t.name for t in products.teams.all()], ["Контакт-центр"])
        standards = RefresherPolicy.objects.get(course__slug="service-standards")
        self.assertTrue(standards.is_for_everyone)

        call_command("load_demo", allow_production=True, stdout=StringIO())

        self.assertEqual(RefresherPolicy.objects.count(), 2)

    def test_staff_before_and_after_the_first_run(self):
        states = {c.policy.course.slug: c.state for c in certifications_for_person(user=self.staff)}
        self.assertEqual(
            states,
            {
                "products-and-tariffs": CertificationState.EXPIRED,
                "service-standards": CertificationState.EXPIRING_SOON,
            },
        )
        before = timezone.now()

        self.run_refreshers()

        refresher = Assignment.objects.get(user=self.staff, source=Assignment.Source.REFRESHER)
        self.assertEqual(refresher.course.slug, "products-and-tariffs")
        self.assertGreaterEqual((refresher.due_at - before).days, 13)
        self.assertIn("refreshers: 0 assigned", self.run_refreshers())


class ChangeDemoTests(TestCase):
    """The demo's change to a product card reaches who learned it, once; the newest CRM
    release leaves its tutorial for the authors to review."""

    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", allow_production=True, stdout=StringIO())

    def test_staff_and_the_newcomer_re_learn_the_card_once(self):
        change = ContentChange.objects.get()
        self.assertEqual(change.title, "Домашний интернет «Волна 500»")
        learners = set(change.assignments.values_list("user__username", flat=True))
        self.assertIn("staff", learners)
        self.assertNotIn("mentor", learners)
        self.assertIsNotNone(change_quiz(change=change))
        card = ProductCardPage.objects.get(slug="internet-500")
        self.assertFalse(card.relearn_required)

        call_command("load_demo", allow_production=True, stdout=StringIO())

        self.assertEqual(ContentChange.objects.count(), 1)
        self.assertEqual(set(change.assignments.values_list("user__username", flat=True)), learners)

    def test_the_tariff_tutorial_waits_for_review(self):
        review = CrmTutorialReview.objects.get()
        self.assertEqual(review.release.version, "4.3")
        self.assertIsNone(review.resolved_at)
