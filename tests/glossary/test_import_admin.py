"""The admin import (upload → preview → confirm) and export downloads (``glossary/admin_views.py``)."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from django.utils.html import escape

from wagtail import hooks

import openpyxl

from glossary import admin_views
from glossary.importing import ERROR_UNKNOWN_RELATED, ERROR_XLS, LINE_MESSAGE
from glossary.models import ERROR_NO_TERM, GlossaryTerm
from lms.people import roles
from tests.factories import staff_user
from tests.glossary.factories import GlossaryTermFactory

IMPORT_URL = "/admin/glossary/import/"
CONFIRM_URL = "/admin/glossary/import/confirm/"


def csv_upload(rows: list[list[str]], name: str = "glossary.csv") -> SimpleUploadedFile:
    out = io.StringIO(newline="")
    csv.writer(out).writerows(rows)
    return SimpleUploadedFile(name, out.getvalue().encode(), content_type="text/csv")


GOOD_ROWS = [
    ["term", "definition", "slug", "tags"],
    ["Тариф", "Набор услуг и цен.", "tarif", "b2c"],
    ["Абонент", "Тот, кто платит за связь.", "abonent", ""],
]


class ImportAdminWiringTests(TestCase):
    def test_hooks_are_registered(self):
        self.assertIn(
            admin_views.glossary_import_admin_urls, hooks.get_hooks("register_admin_urls")
        )
        self.assertIn(
            admin_views.glossary_import_menu_item, hooks.get_hooks("register_admin_menu_item")
        )
        self.assertEqual(reverse("glossary_admin:import"), IMPORT_URL)
        self.assertEqual(
            reverse("glossary_admin:export", args=["csv"]), "/admin/glossary/export/csv/"
        )


class ImportAdminPermissionTests(TestCase):
    """Anonymous, learner, author, content lead against every import and export view."""

    @classmethod
    def setUpTestData(cls):
        cls.learner = staff_user()
        cls.author = staff_user(roles=[roles.AUTHORS])
        cls.lead = staff_user(roles=[roles.CONTENT_LEADS])
        cls.admin = staff_user(roles=[roles.ADMINISTRATORS])
        cls.urls = [IMPORT_URL, "/admin/glossary/export/csv/", "/admin/glossary/export/xlsx/"]

    def test_anonymous_goes_to_admin_login(self):
        for url in self.urls:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 302)
                self.assertIn("/admin/login/", response["Location"])

    def test_learner_and_author_are_turned_away(self):
        for user in (self.learner, self.author):
            self.client.force_login(user)
            for url in self.urls:
                with self.subTest(user=user.username, url=url):
                    response = self.client.get(url)
                    self.assertIn(response.status_code, (302, 403))
                    if response.status_code == 302:
                        self.assertNotEqual(response["Location"], url)

    def test_author_cannot_preview_or_import(self):
        self.client.force_login(self.author)
        response = self.client.post(IMPORT_URL, {"file": csv_upload(GOOD_ROWS)})
        self.assertIn(response.status_code, (302, 403))
        self.assertNotIn(admin_views.SESSION_KEY, self.client.session)
        response = self.client.post(CONFIRM_URL, {"digest": "x"})
        self.assertIn(response.status_code, (302, 403))
        self.assertFalse(GlossaryTerm.objects.exists())

    def test_content_lead_and_administrator_may_open_the_page(self):
        for user in (self.lead, self.admin):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                response = self.client.get(IMPORT_URL)
                self.assertEqual(response.status_code, 200)
                self.assertTemplateUsed(response, "wagtailadmin/base.html")

    def test_menu_item_only_for_those_who_may_import(self):
        for user, shown in ((self.author, False), (self.lead, True)):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                response = self.client.get(reverse("wagtailadmin_home"))
                self.assertEqual(IMPORT_URL in response.content.decode(), shown)


class ImportAdminFlowTests(TestCase):
    """A content lead uploads, previews (nothing written) and confirms."""

    @classmethod
    def setUpTestData(cls):
        cls.lead = staff_user(roles=[roles.CONTENT_LEADS])
        GlossaryTermFactory(
            slug="abonent", term_ru="Абонент", definition_ru="Тот, кто платит за связь."
        )

    def setUp(self):
        self.client.force_login(self.lead)

    def test_preview_counts_and_writes_nothing(self):
        response = self.client.post(IMPORT_URL, {"file": csv_upload(GOOD_ROWS)})
        self.assertEqual(response.status_code, 200)
        self.assertTemplateUsed(response, "glossary/admin/import_preview.html")
        result = response.context["result"]
        self.assertEqual((result.created, result.updated, result.unchanged), (1, 0, 1))
        self.assertContains(response, CONFIRM_URL)
        self.assertFalse(GlossaryTerm.objects.filter(slug="tarif").exists())

    def test_confirm_imports_the_previewed_file(self):
        response = self.client.post(IMPORT_URL, {"file": csv_upload(GOOD_ROWS)})
        digest = response.context["digest"]
        response = self.client.post(CONFIRM_URL, {"digest": digest})
        self.assertRedirects(
            response, reverse(admin_views.TERM_LIST_URL_NAME), fetch_redirect_response=False
        )
        term = GlossaryTerm.objects.get(slug="tarif")
        self.assertTrue(term.live)
        self.assertEqual(term.live_revision.user, self.lead)
        self.assertEqual([t.name for t in term.tags.all()], ["b2c"])
        self.assertNotIn(admin_views.SESSION_KEY, self.client.session)
        # Confirming twice does not import again.
        response = self.client.post(CONFIRM_URL, {"digest": digest})
        self.assertRedirects(response, IMPORT_URL, fetch_redirect_response=False)

    def test_errors_are_listed_with_lines_and_nothing_can_be_confirmed(self):
        upload = csv_upload(
            [
                ["term", "definition", "related"],
                ["Тариф", "Цены.", "nowhere"],
                ["", "Без термина.", ""],
            ]
        )
        response = self.client.post(IMPORT_URL, {"file": upload})
        self.assertEqual(response.status_code, 200)
        errors = response.context["result"].error_lines()
        self.assertEqual(
            errors[0],
            str(LINE_MESSAGE % {"line": 2, "message": ERROR_UNKNOWN_RELATED % {"slug": "nowhere"}}),
        )
        self.assertEqual(
            errors[1], str(LINE_MESSAGE % {"line": 3, "message": f"term: {ERROR_NO_TERM}"})
        )
        for error in errors:
            self.assertContains(response, escape(error))
        self.assertNotContains(response, CONFIRM_URL)
        self.assertNotIn(admin_views.SESSION_KEY, self.client.session)
        self.assertFalse(GlossaryTerm.objects.filter(slug="tarif").exists())

    def test_a_stale_or_foreign_digest_imports_nothing(self):
        self.client.post(IMPORT_URL, {"file": csv_upload(GOOD_ROWS)})
        response = self.client.post(CONFIRM_URL, {"digest": "0" * 64})
        self.assertRedirects(response, IMPORT_URL, fetch_redirect_response=False)
        self.assertFalse(GlossaryTerm.objects.filter(slug="tarif").exists())

    def test_file_checks(self):
        too_big = SimpleUploadedFile("big.csv", b"term\n" + b"x" * admin_views.MAX_UPLOAD_BYTES)
        for upload, message in (
            (too_big, admin_views.ERROR_TOO_BIG),
            (SimpleUploadedFile("notes.txt", b"term\nx\n"), admin_views.ERROR_EXTENSION),
        ):
            with self.subTest(name=upload.name):
                response = self.client.post(IMPORT_URL, {"file": upload})
                self.assertEqual(response.status_code, 200)
                self.assertTemplateUsed(response, "glossary/admin/import.html")
                self.assertFormError(response.context["form"], "file", [str(message)])

    def test_xlsx_upload(self):
        workbook = openpyxl.Workbook()
        for row in GOOD_ROWS:
            workbook.active.append(row)
        out = io.BytesIO()
        workbook.save(out)
        upload = SimpleUploadedFile("glossary.xlsx", out.getvalue())
        response = self.client.post(IMPORT_URL, {"file": upload})
        self.assertEqual(response.context["result"].created, 1)
        response = self.client.post(CONFIRM_URL, {"digest": response.context["digest"]})
        self.assertTrue(GlossaryTerm.objects.filter(slug="tarif", live=True).exists())

    def test_a_renamed_xls_is_explained(self):
        upload = SimpleUploadedFile("old.csv", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64)
        response = self.client.post(IMPORT_URL, {"file": upload})
        self.assertContains(response, str(ERROR_XLS))


class ExportAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.lead = staff_user(roles=[roles.CONTENT_LEADS])
        GlossaryTermFactory(slug="tarif", term_ru="Тариф", definition_ru="Цены.")
        GlossaryTermFactory(slug="draft", term_ru="Черновик", published=False)

    def setUp(self):
        self.client.force_login(self.lead)

    def test_csv_download_has_the_live_terms(self):
        response = self.client.get(reverse("glossary_admin:export", args=["csv"]))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        self.assertIn('attachment; filename="glossary-', response["Content-Disposition"])
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        self.assertEqual([r[0] for r in rows], ["slug", "tarif"])

    def test_xlsx_download(self):
        response = self.client.get(reverse("glossary_admin:export", args=["xlsx"]))
        self.assertEqual(response.status_code, 200)
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
        self.assertEqual([row[0] for row in sheet.iter_rows(values_only=True)], ["slug", "tarif"])

    def test_unknown_format_is_not_found(self):
        self.assertEqual(self.client.get("/admin/glossary/export/pdf/").status_code, 404)
