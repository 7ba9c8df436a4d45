"""``manage.py load_demo``: the Russian demo data, complete and safe to load any number of times."""

import datetime
import re
from io import StringIO

from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command
from django.test import TestCase
from django.utils import timezone

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from courses.models import (
    BonusSchemePage,
    CheatSheetPage,
    CrmFeature,
    CrmRelease,
    CrmTutorialPage,
    DocumentGuideEntry,
    LessonPage,
    ProductCardMaterial,
    ProductCardPage,
)
from courses.selectors import LessonState, course_outline_for_learner
from glossary.models import GlossaryCategory, GlossaryTerm
from lms.people import roles
from lms.people.models import StaffProfile
from lms.people.selectors import user_role_names

User = get_user_model()

COUNTED = [
    User, StaffProfile, Page, Revision, get_image_model(), get_document_model(), CrmFeature,
    CrmRelease, ProductCardMaterial, DocumentGuideEntry, GlossaryTerm, GlossaryCategory,
]  # fmt: skip


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


class LoadDemoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", allow_production=True, stdout=StringIO())
        cls.after_first_run = _counts()

    def test_accounts_exist_with_their_roles_and_the_demo_password(self):
        expected = {
            "admin": [roles.LEARNERS, roles.ADMINISTRATORS],
            "lead": [roles.LEARNERS, roles.CONTENT_LEADS],
            "author": [roles.LEARNERS, roles.AUTHORS],
            "manager": [roles.LEARNERS, roles.MANAGERS],
            "hr": [roles.LEARNERS, roles.HR],
            "mentor": [roles.LEARNERS, roles.MENTORS],
            "newbie": [roles.LEARNERS],
            "staff": [roles.LEARNERS],
        }
        for username, role_names in expected.items():
            with self.subTest(username=username):
                user = authenticate(username=username, password="demo")
                self.assertIsNotNone(user)
                self.assertEqual(user_role_names(user=user), role_names)
        self.assertTrue(User.objects.get(username="admin").is_superuser)
        self.assertFalse(User.objects.filter(is_superuser=True).exclude(username="admin").exists())

    def test_newbie_was_hired_this_week_and_staff_two_years_ago(self):
        today = timezone.localdate()
        newbie = StaffProfile.objects.select_related("job_role", "line_manager").get(
            user__username="newbie"
        )
        self.assertEqual(newbie.status, StaffProfile.Status.ONBOARDING)
        monday = today - datetime.timedelta(days=today.weekday())
        self.assertGreaterEqual(newbie.hire_date, monday)  # this week, whatever the weekday
        self.assertEqual(newbie.job_role.slug, "operator")
        self.assertEqual(newbie.line_manager.username, "manager")
        staff = StaffProfile.objects.get(user__username="staff")
        self.assertEqual(staff.status, StaffProfile.Status.SOLO)
        self.assertGreaterEqual((today - staff.hire_date).days, 700)

    def test_the_content_is_all_there(self):
        self.assertGreaterEqual(ProductCardPage.objects.live().count(), 5)
        self.assertEqual(CrmTutorialPage.objects.live().count(), 4)
        sheet = CheatSheetPage.objects.live().get()
        self.assertEqual(sheet.products.count(), ProductCardPage.objects.live().count())
        scheme = BonusSchemePage.objects.live().get()
        self.assertEqual(sum(c.weight for c in scheme.components.all()), 100)
        self.assertGreaterEqual(len(scheme.examples), 2)
        for card in ProductCardPage.objects.live():
            with self.subTest(card=card.title):
                card.full_clean()
                self.assertGreaterEqual(len(card.usps), 2)
                self.assertGreaterEqual(len(card.objections), 2)

    def test_glossary_terms_link_into_the_demo_content(self):
        self.assertGreaterEqual(GlossaryTerm.objects.filter(live=True).count(), 40)
        self.client.force_login(User.objects.get(username="newbie"))
        linked = set()
        for page in Page.objects.live().filter(depth__gt=2).specific():
            linked |= set(
                re.findall(r'data-term="([^"]+)"', self.client.get(page.url).content.decode())
            )
        self.assertGreaterEqual(len(linked), 25)

    def test_a_second_run_changes_nothing(self):
        call_command("load_demo", allow_production=True, stdout=StringIO())
        self.assertEqual(_counts(), self.after_first_run)

    def test_a_second_run_keeps_what_people_changed(self):
        card = ProductCardPage.objects.live().first()
        card.pitch = "Правка редактора"
        card.save_revision().publish()
        newbie = User.objects.get(username="newbie")
        newbie.set_password("my-own-secret-42")
        newbie.save()
        call_command("load_demo", allow_production=True, stdout=StringIO())
        card.refresh_from_db()
        self.assertEqual(card.pitch, "Правка редактора")
        self.assertIsNotNone(authenticate(username="newbie", password="my-own-secret-42"))

    def test_refuses_to_run_with_debug_off_unless_allowed(self):
        with self.assertRaisesMessage(CommandError, "DEBUG"):
            call_command("load_demo", stdout=StringIO())

    def test_newbie_can_open_every_demo_page_but_locked_lessons(self):
        newbie = User.objects.get(username="newbie")
        self.client.force_login(newbie)
        locked = 0
        for page in Page.objects.live().filter(depth__gt=1).specific():
            expected = 200
            if isinstance(page, LessonPage):
                outline = course_outline_for_learner(course=page.get_parent().specific, user=newbie)
                if outline.state_of(page.pk).state == LessonState.LOCKED:
                    expected = 403
                    locked += 1
            with self.subTest(page=page.title):
                response = self.client.get(page.url)
                self.assertEqual(response.status_code, expected)
        # Newbie is a few lessons in: the rest of the courses wait behind their gates.
        self.assertGreater(locked, 0)


class DemoLoginsCommandTests(TestCase):
    def test_prints_every_login_and_writes_nothing(self):
        out = StringIO()
        with self.assertNumQueries(0):
            call_command("demo_logins", port=8123, stdout=out)
        text = out.getvalue()
        self.assertIn("http://127.0.0.1:8123/", text)
        usernames = ("admin", "lead", "author", "manager", "mentor", "newbie", "staff")
        # The mentoring story's own accounts are listed too.
        for username in (*usernames, "mentor2", "newbie2", "cleared"):
            self.assertIn(username, text)
        self.assertFalse(User.objects.filter(username="newbie").exists())
