"""The admin question import (upload → preview → confirm) and the quiz GIFT download
(``quizzes/admin_views.py``)."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from wagtail import hooks

from lms.people import roles
from quizzes import admin_views
from quizzes.gift import ERROR_DESCRIPTION, gift_parse, quiz_gift_export
from quizzes.models import Question
from tests.factories import staff_user
from tests.quizzes.gift_helpers import bank_create, quiz_with

IMPORT_URL = "/admin/quizzes/questions/import/"
CONFIRM_URL = "/admin/quizzes/questions/import/confirm/"
GOOD = "::Небо::Небо синее.{T}\n\nСтолица Франции?{=Париж}\n"


def upload(content: str, name: str = "bank.gift") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content.encode("utf-8"), content_type="text/plain")


def export_url(quiz) -> str:
    return f"/admin/quizzes/{quiz.pk}/export/gift/"


class ImportAdminWiringTests(TestCase):
    def test_hooks_and_urls(self):
        self.assertIn(
            admin_views.question_import_admin_urls, hooks.get_hooks("register_admin_urls")
        )
        self.assertIn(
            admin_views.question_import_menu_item, hooks.get_hooks("register_admin_menu_item")
        )
        self.assertEqual(reverse("quizzes_question_import:import"), IMPORT_URL)
        self.assertEqual(
            reverse("quizzes_question_import:quiz_export_gift", args=[3]),
            "/admin/quizzes/3/export/gift/",
        )


class ImportAdminPermissionTests(TestCase):
    """Anonymous, learner, manager, author, content lead and administrator on every view."""

    @classmethod
    def setUpTestData(cls):
        cls.learner = staff_user()
        cls.manager = staff_user(roles=[roles.MANAGERS])
        cls.author = staff_user(roles=[roles.AUTHORS])
        cls.lead = staff_user(roles=[roles.CONTENT_LEADS])
        cls.admin = staff_user(roles=[roles.ADMINISTRATORS])
        cls.quiz = quiz_with([bank_create()["single"]])
        cls.urls = [IMPORT_URL, export_url(cls.quiz)]

    def test_anonymous_goes_to_admin_login(self):
        for url in self.urls:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 302)
                self.assertIn("/admin/login/", response["Location"])

    def test_learner_and_manager_are_turned_away(self):
        for user in (self.learner, self.manager):
            self.client.force_login(user)
            for url in self.urls:
                with self.subTest(user=user.username, url=url):
                    response = self.client.get(url)
                    self.assertIn(response.status_code, (302, 403))
                    if response.status_code == 302:
                        self.assertNotEqual(response["Location"], url)
                        self.assertNotIn("attachment", response.get("Content-Disposition", ""))

    def test_learner_cannot_preview_or_import(self):
        self.client.force_login(self.learner)
        response = self.client.post(IMPORT_URL, {"file": upload(GOOD)})
        self.assertIn(response.status_code, (302, 403))
        self.assertNotIn(admin_views.SESSION_KEY, self.client.session)
        response = self.client.post(CONFIRM_URL, {"digest": "x"})
        self.assertIn(response.status_code, (302, 403))
        self.assertFalse(Question.objects.filter(text="Небо синее.").exists())

    def test_authors_content_leads_and_administrators_may_import_and_export(self):
        for user in (self.author, self.lead, self.admin):
            self.client.force_login(user)
            with self.subTest(user=user.username):
                response = self.client.get(IMPORT_URL)
                self.assertEqual(response.status_code, 200)
                self.assertTemplateUsed(response, "wagtailadmin/base.html")
                self.assertContains(response, export_url(self.quiz))
                response = self.client.get(export_url(self.quiz))
                self.assertEqual(response.status_code, 200)

    def test_menu_item_only_for_those_who_may_import(self):
        for user, shown in ((self.manager, False), (self.author, True), (self.lead, True)):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                response = self.client.get(reverse("wagtailadmin_home"))
                self.assertEqual(IMPORT_URL in response.content.decode(), shown)

    def test_listing_button_for_those_who_may_export(self):
        gift_button, xml_button = admin_views.quiz_gift_export_listing_buttons(
            self.quiz, self.author
        )
        self.assertEqual(gift_button.url, export_url(self.quiz))
        self.assertEqual(xml_button.url, f"/admin/quizzes/{self.quiz.pk}/export/xml/")
        self.assertEqual(admin_views.quiz_gift_export_listing_buttons(self.quiz, self.manager), [])
        question = Question.objects.first()
        self.assertEqual(admin_views.quiz_gift_export_listing_buttons(question, self.author), [])


class ImportAdminFlowTests(TestCase):
    """An author uploads, previews (nothing written) and confirms."""

    @classmethod
    def setUpTestData(cls):
        cls.author = staff_user(roles=[roles.AUTHORS])

    def setUp(self):
        self.client.force_login(self.author)

    def test_preview_lists_the_questions_and_writes_nothing(self):
        response = self.client.post(IMPORT_URL, {"file": upload(GOOD)})
        self.assertEqual(response.status_code, 200)
        self.assertTemplateUsed(response, "quizzes/admin/import_preview.html")
        preview = response.context["preview"]
        self.assertEqual((preview.created, preview.updated, preview.unchanged), (2, 0, 0))
        self.assertContains(response, "Небо")
        self.assertContains(response, 'id="question-import-confirm"')
        self.assertFalse(Question.objects.exists())
        self.assertEqual(self.client.session[admin_views.SESSION_KEY]["name"], "bank.gift")

    def test_confirm_imports_the_previewed_file_with_revisions(self):
        response = self.client.post(IMPORT_URL, {"file": upload(GOOD)})
        digest = response.context["digest"]
        response = self.client.post(CONFIRM_URL, {"digest": digest})
        self.assertRedirects(
            response, reverse(admin_views.QUESTION_LIST_URL_NAME), fetch_redirect_response=False
        )
        self.assertEqual(Question.objects.count(), 2)
        self.assertTrue(all(q.latest_revision.user == self.author for q in Question.objects.all()))
        self.assertNotIn(admin_views.SESSION_KEY, self.client.session)
        # The same confirmation again finds nothing waiting.
        response = self.client.post(CONFIRM_URL, {"digest": digest})
        self.assertRedirects(response, IMPORT_URL, fetch_redirect_response=False)
        self.assertEqual(Question.objects.count(), 2)

    def test_confirm_with_another_digest_imports_nothing(self):
        self.client.post(IMPORT_URL, {"file": upload(GOOD)})
        response = self.client.post(CONFIRM_URL, {"digest": "not-the-file"})
        self.assertRedirects(response, IMPORT_URL, fetch_redirect_response=False)
        self.assertFalse(Question.objects.exists())

    def test_errors_are_listed_with_lines_and_nothing_can_be_confirmed(self):
        response = self.client.post(
            IMPORT_URL, {"file": upload(GOOD + "\n::Описание::Только текст\n")}
        )
        self.assertEqual(response.status_code, 200)
        errors = response.context["preview"].errors
        self.assertEqual([e.line for e in errors], [5])
        self.assertContains(response, ERROR_DESCRIPTION)
        self.assertNotContains(response, 'id="question-import-confirm"')
        self.assertNotIn(admin_views.SESSION_KEY, self.client.session)

    def test_aiken_by_choice_and_bad_uploads(self):
        aiken = "Что измеряет NPS?\nA. Звонки\nB. Лояльность\nANSWER: B\n"
        response = self.client.post(
            IMPORT_URL, {"file": upload(aiken, "bank.txt"), "file_format": "aiken"}
        )
        self.assertEqual(response.context["preview"].created, 1)
        response = self.client.post(IMPORT_URL, {"file": upload(GOOD, "bank.docx")})
        self.assertTemplateUsed(response, "quizzes/admin/import.html")
        self.assertContains(response, admin_views.ERROR_EXTENSION)
        response = self.client.post(
            IMPORT_URL, {"file": SimpleUploadedFile("bank.gift", b"Q\xff{T}")}
        )
        self.assertEqual([e.line for e in response.context["preview"].errors], [1])


class QuizGiftExportViewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.lead = staff_user(roles=[roles.CONTENT_LEADS])
        cls.bank = bank_create()
        cls.quiz = quiz_with(list(cls.bank.values()), title="Итоговый тест")

    def test_download(self):
        self.client.force_login(self.lead)
        response = self.client.get(export_url(self.quiz))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], admin_views.GIFT_CONTENT_TYPE)
        self.assertIn("attachment", response["Content-Disposition"])
        self.assertIn(f"quiz-{self.quiz.pk}-", response["Content-Disposition"])
        content = response.content.decode("utf-8")
        self.assertEqual(content, quiz_gift_export(self.quiz))
        self.assertEqual(len(gift_parse(content).questions), len(self.bank))

    def test_unknown_quiz(self):
        self.client.force_login(self.lead)
        self.assertEqual(self.client.get("/admin/quizzes/999999/export/gift/").status_code, 404)
