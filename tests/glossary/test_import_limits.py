"""The glossary import stops at the file limits (``lms/core/tabular.py``) on every path: the
service, the admin upload and the ``import_glossary`` command."""

import io
import tempfile
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.template.defaultfilters import filesizeformat
from django.test import TestCase, override_settings

from glossary import importing
from glossary.importing import GlossaryFileError, glossary_file_read, glossary_import
from glossary.models import GlossaryTerm
from lms.core import tabular
from lms.people import roles
from tests.factories import staff_user
from tests.glossary.test_importing import at_line, csv_bytes, xlsx_bytes
from tests.lms.xlsx_files import long_workbook, padded_workbook

HEADER = ["term", "definition"]


def rows_message(number: int) -> str:
    return str(tabular.ERROR_TOO_MANY_ROWS % {"max": tabular.grouped(number)})


def glossary_rows(count: int) -> list[list[str]]:
    """The header and ``count`` terms: ``count + 1`` lines."""
    return [HEADER] + [[f"Термин {n}", "Определение."] for n in range(1, count + 1)]


class GlossaryImportLimitTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.lead = staff_user(roles=[roles.CONTENT_LEADS])

    @override_settings(IMPORT_MAX_ROWS=10)
    def test_a_csv_one_line_past_the_limit_is_refused_at_that_line(self):
        result = glossary_import(content=csv_bytes(glossary_rows(10)), filename="g.csv")
        self.assertEqual(result.error_lines(), [at_line(11, rows_message(10))])
        self.assertFalse(GlossaryTerm.objects.exists())
        result = glossary_import(content=csv_bytes(glossary_rows(9)), filename="g.csv")
        self.assertEqual((result.ok, result.created), (True, 9))

    @override_settings(IMPORT_MAX_ROWS=10)
    def test_an_xlsx_one_row_past_the_limit_is_refused_at_that_row(self):
        result = glossary_import(content=xlsx_bytes(glossary_rows(10)), filename="g.xlsx")
        self.assertEqual(result.error_lines(), [at_line(11, rows_message(10))])
        result = glossary_import(content=xlsx_bytes(glossary_rows(9)), filename="g.xlsx")
        self.assertEqual((result.ok, result.created), (True, 9))

    def test_the_default_limit_of_fifty_thousand_rows(self):
        for name, content in (
            ("g.csv", csv_bytes(glossary_rows(50_000))),
            ("g.xlsx", long_workbook(60_000, header=HEADER)),
        ):
            with self.subTest(name=name), self.assertRaises(GlossaryFileError) as caught:
                glossary_file_read(content=content, filename=name)
            self.assertEqual(
                [(e.line, e.message) for e in caught.exception.errors],
                [(50_001, rows_message(50_000))],
            )

    def test_a_zip_bomb_is_refused_before_parsing(self):
        result = glossary_import(content=padded_workbook(60 * 1024 * 1024), filename="g.xlsx")
        expected = tabular.ERROR_UNPACKS_TOO_BIG % {"max": filesizeformat(50 * 1024 * 1024)}
        self.assertEqual(result.error_lines(), [at_line(1, expected)])

    def test_utf8_stays_the_only_encoding_of_the_glossary(self):
        content = csv_bytes([HEADER, ["Тариф", "Цены."]], encoding="cp1251")
        result = glossary_import(content=content, filename="g.csv")
        self.assertEqual(result.error_lines(), [at_line(2, importing.ERROR_NOT_UTF8)])

    @override_settings(IMPORT_MAX_ROWS=10)
    def test_the_admin_preview_shows_the_limit(self):
        self.client.force_login(self.lead)
        upload = SimpleUploadedFile("g.csv", csv_bytes(glossary_rows(10)), "text/csv")
        response = self.client.post("/admin/glossary/import/", {"file": upload})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, rows_message(10))
        self.assertNotIn("glossary_import_upload", self.client.session)

    @override_settings(IMPORT_MAX_ROWS=10)
    def test_the_command_fails_with_the_limit(self):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "g.csv"
            path.write_bytes(csv_bytes(glossary_rows(10)))
            with self.assertRaises(CommandError) as caught:
                call_command("import_glossary", str(path), stdout=io.StringIO())
        self.assertEqual(str(caught.exception), at_line(11, rows_message(10)))
        self.assertFalse(GlossaryTerm.objects.exists())
