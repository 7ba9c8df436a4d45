"""Spreadsheets the site writes never start a formula (``lms/core/spreadsheets.py``): Wagtail's
reports and listing exports, and our own exports, whatever an author typed into a title."""

import csv
import io

from django.test import RequestFactory, SimpleTestCase, TestCase
from django.urls import reverse
from django.utils import timezone

from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.admin.views.reports.base import PageReportView
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

import openpyxl

from lms.core.spreadsheets import formula_neutralise, formula_unquote
from tests.factories import UserFactory

HYPERLINK = '=HYPERLINK("http://evil.example","x")'
# Every start a spreadsheet may read as a formula (OWASP's list), each as an author could type it.
TITLES = [HYPERLINK, "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1,2)", "\tTab=1+1", "\rCR=1+1"]


def csv_rows(response) -> list[list[str]]:
    content = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(content, newline="")))


def xlsx_cells(response) -> list[openpyxl.cell.Cell]:
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [cell for row in workbook.worksheets[0].iter_rows() for cell in row]


class FormulaNeutraliseTests(SimpleTestCase):
    def test_a_formula_start_gets_an_apostrophe_and_other_text_stays(self):
        for text in TITLES:
            with self.subTest(text=text):
                self.assertEqual(formula_neutralise(text), "'" + text)
                self.assertEqual(formula_unquote(formula_neutralise(text)), text)
        for text in ("", "Тариф", "'quoted", "1-2", "a=b"):
            with self.subTest(text=text):
                self.assertEqual(formula_neutralise(text), text)
                self.assertEqual(formula_unquote(text), text)


class WagtailExportGuardTests(SimpleTestCase):
    """The guard is installed on Wagtail's export mixin once, at start-up; if Wagtail renames
    the methods it wraps, start-up fails (``AttributeError``) and so does this test."""

    def test_the_mixin_methods_are_wrapped(self):
        for name in ("preprocess_field_value", "get_heading"):
            with self.subTest(method=name):
                method = getattr(SpreadsheetExportMixin, name)
                self.assertTrue(getattr(method, "neutralises_formulas", False))

    def test_headings_are_neutralised_in_both_formats(self):
        class EvilHeadingReport(PageReportView):
            export_headings = {"title": HYPERLINK}
            list_export = ["title"]

        for export_format in ("csv", "xlsx"):
            with self.subTest(export_format=export_format):
                view = EvilHeadingReport()
                view.setup(RequestFactory().get("/", {"export": export_format}))
                response = view.as_spreadsheet([], export_format)
                if export_format == "csv":
                    self.assertEqual(csv_rows(response), [["'" + HYPERLINK]])
                else:
                    [heading] = xlsx_cells(response)
                    self.assertEqual((heading.value, heading.data_type), ("'" + HYPERLINK, "s"))


class ReportExportTests(TestCase):
    """An author's page titles (and a user's name) in the site-history and locked-pages reports
    come out as text in CSV and XLSX."""

    @classmethod
    def setUpTestData(cls):
        cls.admin = UserFactory(is_superuser=True, is_staff=True, first_name="=1+1")
        root = Page.get_first_root_node()
        cls.pages = []
        for number, title in enumerate(TITLES):
            page = root.add_child(instance=Page(title=title, slug=f"evil-{number}", live=False))
            page.save_revision(user=cls.admin, log_action=True).publish(user=cls.admin)
            page.refresh_from_db()
            page.locked, page.locked_by, page.locked_at = True, cls.admin, timezone.now()
            page.save()
            cls.pages.append(page)

    def setUp(self):
        self.client.force_login(self.admin)

    def export(self, url_name: str, export_format: str):
        response = self.client.get(reverse(url_name), {"export": export_format})
        self.assertEqual(response.status_code, 200)
        return response

    def assert_csv_neutralised(self, rows: list[list[str]]):
        cells = [cell for row in rows for cell in row]
        for title in TITLES:
            with self.subTest(title=title):
                self.assertIn("'" + title, cells)
                self.assertNotIn(title, cells)
        self.assertFalse([cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")])

    def assert_xlsx_text(self, cells):
        values = {cell.value: cell.data_type for cell in cells}
        for title in TITLES:
            with self.subTest(title=title):
                # Text in a text cell: Excel shows it and computes nothing. (XML reads a
                # carriage return back as a line feed.)
                self.assertEqual(values.get(title.replace("\r", "\n")), "s")
        self.assertFalse([cell for cell in cells if cell.data_type == "f"])

    def test_site_history_csv(self):
        rows = csv_rows(self.export("wagtailadmin_reports:site_history", "csv"))
        self.assert_csv_neutralised(rows)
        # The user's name is the author's choice too.
        self.assertIn("'" + self.admin.get_full_name(), [cell for row in rows for cell in row])

    def test_site_history_xlsx(self):
        self.assert_xlsx_text(xlsx_cells(self.export("wagtailadmin_reports:site_history", "xlsx")))

    def test_locked_pages_csv_and_xlsx(self):
        self.assert_csv_neutralised(
            csv_rows(self.export("wagtailadmin_reports:locked_pages", "csv"))
        )
        self.assert_xlsx_text(xlsx_cells(self.export("wagtailadmin_reports:locked_pages", "xlsx")))


class ListingExportTests(TestCase):
    """A model listing's export (the redirects listing, Wagtail's generic index view, as the
    snippet listings use) neutralises its cells too."""

    def test_redirect_listing_csv(self):
        admin = UserFactory(is_superuser=True, is_staff=True)
        Redirect.objects.create(old_path="/old", redirect_link=HYPERLINK)
        self.client.force_login(admin)
        response = self.client.get(reverse("wagtailredirects:index"), {"export": "csv"})
        self.assertEqual(response.status_code, 200)
        rows = csv_rows(response)
        self.assertIn("'" + HYPERLINK, rows[1])
        self.assertNotIn(HYPERLINK, rows[1])
