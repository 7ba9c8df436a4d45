"""The admin's imports of mystery-shopping waves and customer feedback (upload → preview →
confirm, ``quality/admin_views.py``): the preview writes nothing and lists the rows and every
error with its line and column, the confirmation imports the very file previewed, all or
nothing, a file imported before says so and changes nothing; only QA evaluators and
administrators import, and only they see the menu items."""

import datetime

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from django.utils import translation

from wagtail import hooks
from wagtail.users.models import UserProfile

from lms.core.admin_uploads import ERROR_UPLOAD_AGAIN
from lms.people import roles
from quality import admin_views
from quality.admin_views import MESSAGE_NOTHING_NEW
from quality.models import Evaluation, Feedback, MysteryShoppingWave
from quality.services.mystery_shopping import mystery_shopping_import
from tests.factories import TeamFactory, staff_user
from tests.quality.factories import (
    MYSTERY_HEADER,
    csv_bytes,
    scorecard_make,
    staff_with_id,
    xlsx_bytes,
)
from tests.quality.test_feedback import category_make

MYSTERY_URL = "/admin/quality/mystery-shopping/import/"
MYSTERY_CONFIRM_URL = "/admin/quality/mystery-shopping/import/confirm/"
FEEDBACK_URL = "/admin/quality/feedback/import/"
FEEDBACK_CONFIRM_URL = "/admin/quality/feedback/import/confirm/"

MYSTERY_ROWS = [
    MYSTERY_HEADER,
    ["E1", "2026-03-02", "ТЦ Мега", "да", "н/п", "3", "yes", "Приветлив"],
    ["E2", "03.03.2026", "ТЦ Мега", "нет", "1", "4", "нет", ""],
]
FEEDBACK_ROWS = [
    ["external_id", "employee_id", "date", "kind", "channel", "text", "score", "severity",
     "category"],
    ["crm-1", "E1", "02.11.2026", "жалоба", "телефон", "Не знал тариф", "", "высокая",
     "Не знал тариф"],
    ["crm-2", "E2", "2026-11-03", "Благодарность", "чат", "Спасибо!", "", "", ""],
    ["crm-3", "E1", "03.11.2026", "CSAT", "email", "", "4", "", ""],
]  # fmt: skip


def upload(content, name="file.csv"):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


class UploadData:
    @classmethod
    def setUpTestData(cls):
        cls.team = TeamFactory()
        cls.anna = staff_with_id("E1", first_name="Анна", last_name="Первая", team=cls.team)
        cls.boris = staff_with_id("E2", first_name="Борис", last_name="Второй", team=cls.team)
        cls.learner = staff_user(team=cls.team)
        cls.manager = staff_user(roles=[roles.MANAGERS])
        cls.team.managers.add(cls.manager)
        cls.hr = staff_user(roles=[roles.HR])
        cls.qa = staff_user(roles=[roles.QA_EVALUATORS])
        cls.admin = staff_user(roles=[roles.ADMINISTRATORS])
        cls.scorecard = scorecard_make()
        cls.tariff = category_make("Не знал тариф")
        # The admin speaks each user's chosen language (Russian by default): English here.
        for user in (cls.qa, cls.admin):
            profile = UserProfile.get_for_user(user)
            profile.preferred_language = "en"
            profile.save()

    def setUp(self):
        # Messages are compared as written in English; Russian is the site's default.
        self.enterContext(translation.override("en"))
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    def mystery_form(self, content=None, name="wave.csv", **fields):
        data = {
            "file": upload(content or csv_bytes(MYSTERY_ROWS), name),
            "wave": "Весна 2026",
            "scorecard": self.scorecard.pk,
            "provider": "Агентство",
            "channel": "visit",
            "period_start": "",
            "period_end": "",
        }
        data.update(fields)
        return data

    def feedback_form(self, content=None, name="feedback.csv"):
        return {"file": upload(content or csv_bytes(FEEDBACK_ROWS), name)}


class WiringTests(TestCase):
    def test_urls_and_menu_items_are_registered(self):
        self.assertIn(admin_views.quality_admin_urls, hooks.get_hooks("register_admin_urls"))
        menu_hooks = hooks.get_hooks("register_admin_menu_item")
        self.assertIn(admin_views.mystery_import_menu_item, menu_hooks)
        self.assertIn(admin_views.feedback_import_menu_item, menu_hooks)
        self.assertEqual(reverse("quality_admin:mystery_import"), MYSTERY_URL)
        self.assertEqual(reverse("quality_admin:feedback_import"), FEEDBACK_URL)


class PermissionTests(UploadData, TestCase):
    """Anonymous, learner, manager, HR, QA evaluator and administrator against both imports."""

    def assert_turned_away(self, response):
        self.assertIn(response.status_code, (302, 403))
        if response.status_code == 302:
            self.assertFalse(response["Location"].startswith("/admin/quality/"))

    def test_anonymous_goes_to_the_admin_login(self):
        for url in (MYSTERY_URL, FEEDBACK_URL):
            response = self.client.get(url)
            self.assertEqual(response.status_code, 302)
            self.assertIn("/admin/login/", response["Location"])
        for url in (MYSTERY_CONFIRM_URL, FEEDBACK_CONFIRM_URL):
            response = self.client.post(url, {"digest": "x"})
            self.assertIn("/admin/login/", response["Location"])

    def test_learners_managers_and_hr_are_turned_away_and_nothing_is_written(self):
        for user in (self.learner, self.manager, self.hr):
            self.client.force_login(user)
            with self.subTest(user=user.username):
                for url in (MYSTERY_URL, FEEDBACK_URL):
                    self.assert_turned_away(self.client.get(url))
                self.assert_turned_away(self.client.post(MYSTERY_URL, self.mystery_form()))
                self.assert_turned_away(self.client.post(FEEDBACK_URL, self.feedback_form()))
                for url in (MYSTERY_CONFIRM_URL, FEEDBACK_CONFIRM_URL):
                    self.assert_turned_away(self.client.post(url, {"digest": "x"}))
        self.assertFalse(Evaluation.objects.exists())
        self.assertFalse(Feedback.objects.exists())

    def test_qa_evaluators_and_administrators_open_both(self):
        for user in (self.qa, self.admin):
            self.client.force_login(user)
            for url in (MYSTERY_URL, FEEDBACK_URL):
                with self.subTest(user=user.username, url=url):
                    response = self.client.get(url)
                    self.assertEqual(response.status_code, 200)
                    self.assertContains(response, 'type="file"')

    def test_the_menu_items_follow_the_same_checks(self):
        for user, shown in (
            (self.manager, False),
            (self.hr, False),
            (self.qa, True),
            (self.admin, True),
        ):
            self.client.force_login(user)
            menu = self.client.get("/admin/").content.decode()
            with self.subTest(user=user.username):
                self.assertIs(MYSTERY_URL in menu, shown)
                self.assertIs(FEEDBACK_URL in menu, shown)


class MysteryUploadTests(UploadData, TestCase):
    def setUp(self):
        super().setUp()
        self.client.force_login(self.qa)

    def test_preview_lists_the_visits_and_writes_nothing_then_confirm_imports(self):
        response = self.client.post(MYSTERY_URL, self.mystery_form())

        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "mystery-import-confirm")
        rows = response.context["rows"]
        self.assertEqual([row["line"] for row in rows], [2, 3])
        self.assertEqual(rows[0]["person"], "Анна Первая")
        self.assertEqual(str(rows[0]["score"]), "91.67")
        self.assertTrue(rows[1]["critical_failed"])
        self.assertContains(response, "91.67 %")
        self.assertFalse(MysteryShoppingWave.objects.exists())
        self.assertFalse(Evaluation.objects.exists())

        response = self.client.post(
            MYSTERY_CONFIRM_URL, {"digest": response.context["digest"]}, follow=True
        )

        wave = MysteryShoppingWave.objects.get()
        self.assertEqual(
            (wave.name, wave.provider, wave.created_by), ("Весна 2026", "Агентство", self.qa)
        )
        self.assertEqual(wave.period_start, datetime.date(2026, 3, 2))
        visits = Evaluation.objects.filter(wave=wave)
        self.assertEqual(visits.count(), 2)
        self.assertEqual({v.evaluator for v in visits}, {self.qa})
        self.assertContains(response, "2 visits imported")
        self.assertContains(response, reverse("quality:wave", args=[wave.pk]))

    def test_the_options_chosen_at_upload_are_used_at_confirmation(self):
        preview = self.client.post(
            MYSTERY_URL,
            self.mystery_form(channel="phone", period_start="2026-03-01", period_end="2026-03-31"),
        )
        self.client.post(MYSTERY_CONFIRM_URL, {"digest": preview.context["digest"]})
        wave = MysteryShoppingWave.objects.get()
        self.assertEqual(
            (wave.period_start, wave.period_end),
            (datetime.date(2026, 3, 1), datetime.date(2026, 3, 31)),
        )
        self.assertEqual({v.channel for v in wave.visits.all()}, {"phone"})

    def test_windows_1251_with_semicolons_and_xlsx(self):
        files = {
            "cp1251": ("wave.csv", csv_bytes(MYSTERY_ROWS, delimiter=";", encoding="cp1251")),
            "xlsx": ("wave.xlsx", xlsx_bytes(MYSTERY_ROWS)),
        }
        for name, (filename, content) in files.items():
            with self.subTest(name):
                response = self.client.post(MYSTERY_URL, self.mystery_form(content, filename))
                self.assertEqual(response.context["result"].errors, [])
                self.assertEqual(len(response.context["rows"]), 2)

    def test_errors_name_line_and_column_and_nothing_can_be_confirmed(self):
        rows = [
            [*MYSTERY_HEADER[:-1], "tone", "comment"],
            ["E1", "2026-03-02", "ТЦ Мега", "да", "н/п", "3", "yes", "", ""],
            ["E9", "31.02.2026", "ТЦ Мега", "может", "1", "4", "нет", "", ""],
        ]

        response = self.client.post(MYSTERY_URL, self.mystery_form(csv_bytes(rows)))

        self.assertNotContains(response, "mystery-import-confirm")
        self.assertEqual(response.context["digest"], "")
        errors = [str(error) for error in response.context["result"].errors]
        self.assertIn("line 1, column “tone”", errors[0])
        self.assertTrue(any(e.startswith("line 3, column “date”") for e in errors), errors)
        self.assertTrue(any(e.startswith("line 3, column “greeting”") for e in errors), errors)
        self.assertTrue(any(e.startswith("line 3, column “employee_id”") for e in errors), errors)
        for error in errors:
            self.assertContains(response, error)
        response = self.client.post(MYSTERY_CONFIRM_URL, {"digest": "anything"}, follow=True)
        self.assertRedirects(response, MYSTERY_URL)
        self.assertContains(response, str(ERROR_UPLOAD_AGAIN))
        self.assertFalse(MysteryShoppingWave.objects.exists())

    def test_a_bad_form_keeps_what_was_typed(self):
        response = self.client.post(
            MYSTERY_URL, self.mystery_form(period_start="2026-03-01", wave="Осень 2026")
        )
        self.assertEqual(response.status_code, 200)
        self.assertFormError(
            response.context["form"], "period_end", str(admin_views.ERROR_PERIOD_HALF)
        )
        self.assertContains(response, 'value="Осень 2026"')
        response = self.client.post(MYSTERY_URL, self.mystery_form(name="wave.txt"))
        self.assertFormError(response.context["form"], "file", str(admin_views.ERROR_EXTENSION))

    def test_the_same_file_again_changes_nothing_and_says_so(self):
        preview = self.client.post(MYSTERY_URL, self.mystery_form())
        self.client.post(MYSTERY_CONFIRM_URL, {"digest": preview.context["digest"]})
        self.assertEqual(Evaluation.objects.count(), 2)

        again = self.client.post(MYSTERY_URL, self.mystery_form())

        self.assertTrue(again.context["nothing_new"])
        self.assertContains(again, "Importing it again changes nothing.")
        self.assertNotContains(again, "mystery-import-confirm")
        self.assertEqual(again.context["digest"], "")
        self.assertEqual(Evaluation.objects.count(), 2)

    def test_a_confirmation_after_the_same_file_was_imported_elsewhere_changes_nothing(self):
        digest = self.client.post(MYSTERY_URL, self.mystery_form()).context["digest"]
        # Meanwhile the same file comes in through the command line.
        mystery_shopping_import(
            content=csv_bytes(MYSTERY_ROWS), wave_name="Весна 2026", scorecard=self.scorecard
        )

        response = self.client.post(MYSTERY_CONFIRM_URL, {"digest": digest}, follow=True)

        self.assertContains(response, str(MESSAGE_NOTHING_NEW))
        self.assertEqual(Evaluation.objects.count(), 2)

    def test_a_confirmation_needs_the_previewed_digest(self):
        self.client.post(MYSTERY_URL, self.mystery_form())
        response = self.client.post(MYSTERY_CONFIRM_URL, {"digest": "0" * 64})
        self.assertRedirects(response, MYSTERY_URL)
        self.assertFalse(Evaluation.objects.exists())

    def test_administrators_import_too(self):
        self.client.force_login(self.admin)
        preview = self.client.post(MYSTERY_URL, self.mystery_form())
        self.client.post(MYSTERY_CONFIRM_URL, {"digest": preview.context["digest"]})
        self.assertEqual(Evaluation.objects.count(), 2)


class FeedbackUploadTests(UploadData, TestCase):
    def setUp(self):
        super().setUp()
        self.client.force_login(self.qa)

    def test_preview_lists_the_rows_with_severity_and_writes_nothing_then_confirm_records(self):
        response = self.client.post(FEEDBACK_URL, self.feedback_form())

        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "feedback-import-confirm")
        rows = response.context["rows"]
        self.assertEqual([row["line"] for row in rows], [2, 3, 4])
        self.assertEqual(rows[0]["record"].severity, "high")
        self.assertEqual(rows[0]["person"], "Анна Первая")
        self.assertContains(response, "<td>High</td>", html=True)
        self.assertFalse(Feedback.objects.exists())

        response = self.client.post(
            FEEDBACK_CONFIRM_URL, {"digest": response.context["digest"]}, follow=True
        )

        self.assertContains(response, "3 recorded")
        stored = {f.external_id: f for f in Feedback.objects.all()}
        self.assertEqual(set(stored), {"crm-1", "crm-2", "crm-3"})
        self.assertEqual(
            (stored["crm-1"].severity, stored["crm-1"].category, stored["crm-1"].created_by),
            ("high", self.tariff, self.qa),
        )
        self.assertEqual(stored["crm-2"].severity, "")

    def test_xlsx_and_windows_1251(self):
        files = {
            "cp1251": ("f.csv", csv_bytes(FEEDBACK_ROWS, delimiter=";", encoding="cp1251")),
            "xlsx": ("f.xlsx", xlsx_bytes(FEEDBACK_ROWS)),
        }
        for name, (filename, content) in files.items():
            with self.subTest(name):
                response = self.client.post(FEEDBACK_URL, self.feedback_form(content, filename))
                self.assertEqual(response.context["result"].errors, [])
                self.assertEqual(len(response.context["rows"]), 3)

    def test_errors_name_line_and_column_and_nothing_is_recorded(self):
        rows = [list(row) for row in FEEDBACK_ROWS]
        rows[2][7] = "высокая"  # thanks with a severity
        rows[3][6] = "9"  # CSAT out of its scale
        rows[1][1] = "E404"

        response = self.client.post(FEEDBACK_URL, self.feedback_form(csv_bytes(rows)))

        self.assertNotContains(response, "feedback-import-confirm")
        errors = [str(error) for error in response.context["result"].errors]
        self.assertEqual(
            [e.split(":")[0] for e in errors],
            [
                "line 2, column “employee_id”",
                "line 3, column “severity”",
                "line 4, column “score”",
            ],
        )
        self.assertIn("Only a complaint has a severity", errors[1])
        self.assertEqual(response.context["rows"], [])
        self.client.post(FEEDBACK_CONFIRM_URL, {"digest": "x"})
        self.assertFalse(Feedback.objects.exists())

    def test_the_same_file_again_changes_nothing_and_says_so(self):
        preview = self.client.post(FEEDBACK_URL, self.feedback_form())
        self.client.post(FEEDBACK_CONFIRM_URL, {"digest": preview.context["digest"]})

        again = self.client.post(FEEDBACK_URL, self.feedback_form())

        self.assertTrue(again.context["nothing_new"])
        self.assertContains(again, "all 3 rows of this file were imported before")
        self.assertNotContains(again, "feedback-import-confirm")
        self.assertEqual(Feedback.objects.count(), 3)

    def test_a_confirmed_file_cannot_be_confirmed_twice(self):
        digest = self.client.post(FEEDBACK_URL, self.feedback_form()).context["digest"]
        self.client.post(FEEDBACK_CONFIRM_URL, {"digest": digest})
        response = self.client.post(FEEDBACK_CONFIRM_URL, {"digest": digest}, follow=True)
        self.assertContains(response, str(ERROR_UPLOAD_AGAIN))
        self.assertEqual(Feedback.objects.count(), 3)

    def test_the_upload_page_names_the_columns_and_categories(self):
        response = self.client.get(FEEDBACK_URL)
        self.assertContains(response, "<code>severity</code>", html=True)
        self.assertContains(response, "<code>Не знал тариф</code>", html=True)
