"""Glossary import and export (``glossary/importing.py``) and their management commands."""

import csv
import io
import tempfile
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.test import TestCase
from django.utils import translation

from wagtail.models import Revision

import openpyxl

from glossary import importing
from glossary.importing import (
    CREATE,
    UNCHANGED,
    UPDATE,
    GlossaryFileError,
    glossary_export,
    glossary_file_read,
    glossary_import,
    glossary_import_preview,
)
from glossary.models import ERROR_NO_DEFINITION, ERROR_NO_TERM, GlossaryCategory, GlossaryTerm
from lms.markdown import render
from lms.people import roles
from tests.factories import staff_user
from tests.glossary.factories import GlossaryCategoryFactory, GlossaryTermFactory

CNCF_SAMPLE = Path(__file__).resolve().parents[1] / "corpora" / "glossary" / "cncf_sample.csv"


def at_line(line: int, message) -> str:
    """An error as the importer words it, in the active language."""
    return str(importing.LINE_MESSAGE % {"line": line, "message": message})


def csv_bytes(rows: list[list[str]], *, delimiter: str = ",", encoding: str = "utf-8") -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter).writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def xlsx_rows(content: bytes) -> list[list[object]]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def exported_rows(export) -> list[list[str]]:
    if export.file_format == "xlsx":
        return [[v or "" for v in row] for row in xlsx_rows(export.content)]
    return list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"), newline="")))


def lines(result) -> list[int]:
    return [e.line for e in result.errors]


def term_snapshot() -> list[dict]:
    """Everything an import writes, per term, comparable across databases."""
    return [
        {
            "slug": t.slug,
            "texts": [t.term_ru, t.term_en, t.definition_ru, t.definition_en],
            "more": [t.aliases, t.example, t.not_to_confuse, t.source_status, t.live],
            "category": t.category.name if t.category else None,
            "tags": sorted(tag.name for tag in t.tags.all()),
            "related": sorted(r.slug for r in t.related.all()),
        }
        for t in GlossaryTerm.objects.order_by("slug").prefetch_related("tags", "related")
    ]


class CncfSampleImportTests(TestCase):
    """The real bilingual CNCF sample: 20 terms, 15 in both languages, Markdown links."""

    @classmethod
    def setUpTestData(cls):
        cls.lead = staff_user(roles=[roles.CONTENT_LEADS])
        cls.content = CNCF_SAMPLE.read_bytes()
        cls.result = glossary_import(content=cls.content, filename=CNCF_SAMPLE.name, user=cls.lead)

    def test_imports_every_row_cleanly(self):
        self.assertEqual(self.result.errors, [])
        self.assertEqual((self.result.created, self.result.updated), (20, 0))
        self.assertEqual(GlossaryTerm.objects.count(), 20)
        both = GlossaryTerm.objects.exclude(term_ru="").exclude(term_en="")
        self.assertEqual(both.count(), 15)
        english_only = GlossaryTerm.objects.filter(term_ru="")
        self.assertEqual(english_only.count(), 5)
        self.assertFalse(english_only.exclude(definition_ru="").exists())

    def test_terms_are_live_and_published_by_the_importer(self):
        self.assertEqual(GlossaryTerm.objects.filter(live=True).count(), 20)
        term = GlossaryTerm.objects.get(slug="abstraction")
        self.assertEqual(term.term_ru, "Абстракция")
        self.assertEqual(term.live_revision.user, self.lead)
        self.assertFalse(term.has_unpublished_changes)

    def test_links_to_terms_of_the_file_point_at_our_glossary(self):
        apps = GlossaryTerm.objects.get(slug="cloud-native-apps")
        self.assertIn("](/glossary/cloud-computing/)", apps.definition_en)
        self.assertNotIn("](/cloud-computing/)", apps.definition_en)
        # The source's translated path "/ru/<slug>/" is the same term.
        security = GlossaryTerm.objects.get(slug="cloud-native-security")
        self.assertIn("](/glossary/cloud-native-apps/)", security.definition_ru)
        self.assertNotIn("/ru/cloud-native-apps/", security.definition_ru)

    def test_links_to_unknown_slugs_stay_as_they_are(self):
        term = GlossaryTerm.objects.get(slug="abstraction")
        self.assertIn("[services](/service/)", term.definition_en)
        self.assertIn("[сервисов](/service/)", term.definition_ru)

    def test_tags_categories_and_status(self):
        cluster = GlossaryTerm.objects.get(slug="cluster")
        self.assertEqual(
            sorted(t.name for t in cluster.tags.all()),
            ["architecture", "fundamental", "infrastructure"],
        )
        self.assertEqual(cluster.source_status, {"en": "Completed"})
        debugging = GlossaryTerm.objects.get(slug="debugging")
        self.assertEqual(debugging.source_status, {"en": "Deprecated"})
        self.assertFalse(GlossaryTerm.objects.get(slug="database-as-a-service").tags.exists())
        # "Concept" and "concept" are one category, named as first written.
        self.assertEqual(
            sorted(GlossaryCategory.objects.values_list("name", flat=True)),
            ["Property", "concept", "technology"],
        )
        self.assertEqual(GlossaryTerm.objects.get(slug="cluster").category.name, "concept")

    def test_reimport_changes_nothing(self):
        revisions = Revision.objects.count()
        result = glossary_import(content=self.content, filename=CNCF_SAMPLE.name, user=self.lead)
        self.assertEqual(
            (result.created, result.updated, result.unchanged, result.errors), (0, 0, 20, [])
        )
        self.assertEqual(Revision.objects.count(), revisions)
        self.assertEqual({r.action for r in result.rows}, {UNCHANGED})

    def test_imported_terms_are_linked_in_text(self):
        with translation.override("ru"):
            html = render("Любая ОС строится на абстракции.")
        self.assertIn('href="/glossary/abstraction/"', html)

    def test_export_then_import_changes_nothing(self):
        for file_format in importing.FORMATS:
            with self.subTest(file_format=file_format):
                export = glossary_export(file_format=file_format)
                self.assertEqual(export.term_count, 20)
                result = glossary_import(
                    content=export.content, filename=f"g.{file_format}", user=self.lead
                )
                self.assertEqual((result.created, result.updated, result.unchanged), (0, 0, 20))


class SiteLinkRewriteTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        GlossaryTermFactory(slug="service", term_en="Service", term_ru="Сервис")

    def test_link_to_a_slug_already_in_the_glossary_is_rewritten(self):
        glossary_import(content=CNCF_SAMPLE.read_bytes(), filename="cncf.csv")
        term = GlossaryTerm.objects.get(slug="abstraction")
        self.assertIn("[services](/glossary/service/)", term.definition_en)
        self.assertIn("[сервисов](/glossary/service/)", term.definition_ru)


class BadFileTests(TestCase):
    """Every bad row is reported with its line, and nothing is imported."""

    @classmethod
    def setUpTestData(cls):
        cls.lead = staff_user(roles=[roles.CONTENT_LEADS])
        GlossaryTermFactory(slug="existing", term_ru="Существующий")

    def assertNothingImported(self, result=None):
        if result is not None:
            self.assertFalse(result.applied)
        self.assertEqual(list(GlossaryTerm.objects.values_list("slug", flat=True)), ["existing"])
        self.assertFalse(GlossaryCategory.objects.exists())

    def test_every_bad_row_is_named_with_its_line(self):
        content = csv_bytes(
            [
                ["term", "definition", "slug", "related", "category"],
                [
                    "Тариф",
                    "Набор услуг\nи цен,\nчто платит абонент.",
                    "tarif",
                    "existing",
                    "Продажи",
                ],
                ["", "Определение без термина", "", "", ""],
                ["Роуминг", "Связь в поездках.", "rouming", "no-such-term", ""],
                ["Тариф второй", "Другой.", "tarif", "", ""],
                ["Абонент", "", "abonent", "", ""],
                ["Связь", "Хорошая.", "svyaz", "tarif|existing", "Продажи"],
            ]
        )
        result = glossary_import(content=content, filename="bad.csv", user=self.lead)
        # Line 2 spans three lines (a quoted definition with line breaks): the next row is 5.
        self.assertEqual(lines(result), [5, 6, 7, 8])
        messages = [e.message for e in result.errors]
        self.assertIn(str(ERROR_NO_TERM), messages[0])
        self.assertEqual(
            messages[1], str(importing.ERROR_UNKNOWN_RELATED % {"slug": "no-such-term"})
        )
        self.assertEqual(
            messages[2], str(importing.ERROR_DUPLICATE_SLUG % {"slug": "tarif", "line": 2})
        )
        self.assertEqual(
            messages[3], "definition: " + str(ERROR_NO_DEFINITION % {"language": "ru"})
        )
        self.assertEqual(str(result.errors[0]), at_line(5, messages[0]))
        self.assertNothingImported(result)

    def test_unknown_column_is_an_error_on_line_one(self):
        content = csv_bytes([["term", "definition", "Colour"], ["Тариф", "Цены.", "red"]])
        result = glossary_import(content=content, filename="bad.csv", user=self.lead)
        self.assertEqual(lines(result), [1])
        self.assertIn("Colour", result.errors[0].message)
        self.assertNothingImported(result)

    def test_term_beside_term_ru_is_a_bad_header(self):
        content = csv_bytes([["term", "term_ru", "definition"], ["Тариф", "Тариф", "Цены."]])
        result = glossary_import(content=content, filename="bad.csv", user=self.lead)
        self.assertEqual(
            result.error_lines(),
            [at_line(1, importing.ERROR_BOTH_COLUMNS % {"plain": "term", "column": "term_ru"})],
        )
        self.assertNothingImported(result)

    def test_a_file_in_another_encoding_is_refused(self):
        content = csv_bytes([["term", "definition"], ["Тариф", "Цены."]], encoding="cp1251")
        result = glossary_import(content=content, filename="windows.csv", user=self.lead)
        self.assertEqual(result.error_lines(), [at_line(2, importing.ERROR_NOT_UTF8)])
        self.assertNothingImported(result)

    def test_header_problems_are_all_reported_on_the_header_line(self):
        content = csv_bytes(
            [["", "Term_RU", "slug", "SLUG ", "term"], ["value", "Тариф", "a", "b", "Тариф"]],
            delimiter=";",
        )
        result = glossary_import(content=content, filename="bad.csv", user=self.lead)
        self.assertEqual(
            [e.message for e in result.errors],
            [
                str(importing.ERROR_DUPLICATE_COLUMN % {"column": "SLUG"}),
                str(importing.ERROR_BOTH_COLUMNS % {"plain": "term", "column": "Term_RU"}),
                str(importing.ERROR_UNNAMED_COLUMN % {"number": 1}),
            ],
        )
        self.assertEqual(set(lines(result)), {1})
        self.assertNothingImported(result)

    def test_a_category_name_too_long_is_an_error_of_its_line(self):
        content = csv_bytes([["term", "definition", "category"], ["Тариф", "Цены.", "К" * 81]])
        result = glossary_import(content=content, filename="bad.csv", user=self.lead)
        self.assertEqual(lines(result), [2])
        self.assertTrue(result.errors[0].message.startswith("category: "))
        self.assertNothingImported(result)

    def test_old_excel_files_are_refused(self):
        content = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100
        result = glossary_import(content=content, filename="old.xls", user=self.lead)
        self.assertEqual([e.message for e in result.errors], [str(importing.ERROR_XLS)])
        self.assertNothingImported(result)

    def test_a_broken_workbook_is_refused(self):
        result = glossary_import(content=b"PK\x03\x04 not really", filename="g.xlsx")
        self.assertEqual([e.message for e in result.errors], [str(importing.ERROR_NOT_XLSX)])

    def test_a_row_with_more_values_than_columns(self):
        content = csv_bytes([["term", "definition"], ["Тариф", "Цены.", "лишнее"]])
        result = glossary_import(content=content, filename="bad.csv", user=self.lead)
        self.assertEqual(lines(result), [2])
        self.assertNothingImported(result)

    def test_an_author_cannot_import(self):
        author = staff_user(roles=[roles.AUTHORS])
        content = csv_bytes([["term", "definition"], ["Тариф", "Цены."]])
        with self.assertRaises(PermissionDenied):
            glossary_import(content=content, filename="g.csv", user=author)
        self.assertNothingImported()


class GlossaryFileReadTests(TestCase):
    def test_header_names_are_case_insensitive_and_a_bom_is_fine(self):
        content = "\ufeff Term ;DEFINITION;Aliases\nТариф;Цены.;тарифный план\n".encode()
        source = glossary_file_read(content=content, filename="g.csv")
        self.assertEqual(source.columns, ["term_ru", "definition_ru", "aliases"])
        self.assertEqual(source.rows[0].values["aliases"], "тарифный план")

    def test_semicolon_and_tab_delimited_files(self):
        for delimiter in (";", "\t"):
            with self.subTest(delimiter=repr(delimiter)):
                content = csv_bytes(
                    [["term", "definition"], ["Тариф", "Цены, услуги; условия."]],
                    delimiter=delimiter,
                )
                source = glossary_file_read(content=content, filename="g.csv")
                self.assertEqual(source.rows[0].values["definition_ru"], "Цены, услуги; условия.")

    def test_quoted_line_breaks_keep_line_numbers(self):
        content = csv_bytes(
            [["term", "definition"], ["А", "раз\nдва\r\nтри"], [], ["Б", "один"], ["В", "x\ny"]]
        )
        source = glossary_file_read(content=content, filename="g.csv")
        self.assertEqual([r.line for r in source.rows], [2, 6, 7])
        self.assertEqual(source.rows[0].values["definition_ru"], "раз\nдва\nтри")

    def test_xlsx_cells_become_stripped_text_at_their_row_numbers(self):
        content = xlsx_bytes(
            [
                ["Term", "definition", "tags", None],
                ["  5G  ", 42, None],
                [None],
                ["Сеть", 3.5, "a|b"],
            ]
        )
        source = glossary_file_read(content=content, filename="g.xlsx")
        self.assertEqual(
            [(r.line, r.values) for r in source.rows],
            [
                (2, {"term_ru": "5G", "definition_ru": "42", "tags": ""}),
                (4, {"term_ru": "Сеть", "definition_ru": "3.5", "tags": "a|b"}),
            ],
        )

    def test_an_xlsx_value_past_the_header_is_in_an_unnamed_column(self):
        # A sheet is a grid: the header spans the widest row. In a CSV it is the row's error.
        rows = [["term", "definition"], ["Тариф", "Цены."], ["Сеть", "Связь.", "", "лишнее"]]
        with self.assertRaises(GlossaryFileError) as caught:
            glossary_file_read(content=xlsx_bytes(rows), filename="g.xlsx")
        expected = [at_line(1, importing.ERROR_UNNAMED_COLUMN % {"number": 4})]
        self.assertEqual([str(e) for e in caught.exception.errors], expected)
        source = glossary_file_read(content=csv_bytes(rows), filename="g.csv")
        self.assertEqual([e.line for e in source.errors], [3])

    def test_an_empty_file(self):
        with self.assertRaises(GlossaryFileError) as caught:
            glossary_file_read(content=b"", filename="g.csv")
        self.assertEqual(
            [str(e) for e in caught.exception.errors], [at_line(1, importing.ERROR_EMPTY)]
        )


class ImportWritesTests(TestCase):
    """Create or update by slug; publish only what changed; leave absent columns alone."""

    @classmethod
    def setUpTestData(cls):
        cls.lead = staff_user(roles=[roles.CONTENT_LEADS])
        cls.other = GlossaryTermFactory(slug="abonent", term_ru="Абонент")
        cls.term = GlossaryTermFactory(
            slug="tarif",
            term_ru="Тариф",
            definition_ru="Цены.",
            aliases="тарифный план",
            tags=["b2c"],
            related=[cls.other],
        )

    def test_a_changed_row_gets_one_published_revision_by_the_importer(self):
        content = csv_bytes(
            [
                ["slug", "term", "definition"],
                ["tarif", "Тариф", "Новые цены."],
                ["abonent", "Абонент", "Определение: Абонент."],
            ]
        )
        revisions = self.term.revisions.count()
        result = glossary_import(content=content, filename="g.csv", user=self.lead)
        self.assertEqual((result.created, result.updated, result.unchanged), (0, 1, 1))
        self.assertEqual([r.action for r in result.rows], [UPDATE, UNCHANGED])
        self.term.refresh_from_db()
        self.assertEqual(self.term.definition_ru, "Новые цены.")
        self.assertEqual(self.term.revisions.count(), revisions + 1)
        self.assertEqual(self.term.live_revision.user, self.lead)
        # Columns the file does not have stay as they were.
        self.assertEqual(self.term.aliases, "тарифный план")
        self.assertEqual([t.name for t in self.term.tags.all()], ["b2c"])
        self.assertEqual([r.slug for r in self.term.related.all()], ["abonent"])

    def test_changing_only_tags_and_related_is_an_update(self):
        content = csv_bytes([["slug", "tags", "related"], ["tarif", "b2b|b2c", ""]])
        result = glossary_import(content=content, filename="g.csv", user=self.lead)
        self.assertEqual((result.updated, result.unchanged), (1, 0))
        self.term.refresh_from_db()
        self.assertEqual(sorted(t.name for t in self.term.tags.all()), ["b2b", "b2c"])
        self.assertFalse(self.term.related.exists())
        self.assertEqual(self.term.definition_ru, "Цены.")

    def test_related_terms_may_point_forward_in_the_file(self):
        content = csv_bytes(
            [
                ["term_en", "definition_en", "related", "tags", "category"],
                ["Roaming", "Service abroad.", "tarif, data-plan", "travel", "Mobile"],
                ["Data plan", "Gigabytes.", "roaming", "", "mobile"],
            ]
        )
        result = glossary_import(content=content, filename="g.csv", user=self.lead)
        self.assertEqual((result.created, result.errors), (2, []))
        self.assertEqual([r.action for r in result.rows], [CREATE, CREATE])
        roaming = GlossaryTerm.objects.get(slug="roaming")
        self.assertEqual(sorted(r.slug for r in roaming.related.all()), ["data-plan", "tarif"])
        self.assertEqual(roaming.revisions.count(), 1)
        self.assertEqual(roaming.category, GlossaryTerm.objects.get(slug="data-plan").category)
        self.assertEqual(GlossaryCategory.objects.get().name, "Mobile")

    def test_a_draft_in_the_file_is_published(self):
        draft = GlossaryTermFactory(slug="draft", term_ru="Черновик", published=False)
        content = csv_bytes(
            [["slug", "term", "definition"], ["draft", draft.term_ru, draft.definition_ru]]
        )
        result = glossary_import(content=content, filename="g.csv", user=self.lead)
        self.assertEqual(result.updated, 1)
        draft.refresh_from_db()
        self.assertTrue(draft.live)

    def test_generated_slugs_keep_reimports_idempotent(self):
        content = csv_bytes(
            [["term", "definition"], ["Точка контакта", "Где клиент встречает нас."]]
        )
        first = glossary_import(content=content, filename="g.csv", user=self.lead)
        second = glossary_import(content=content, filename="g.csv", user=self.lead)
        self.assertEqual((first.created, second.created, second.unchanged), (1, 0, 1))
        self.assertTrue(GlossaryTerm.objects.filter(slug="точка-контакта", live=True).exists())

    def test_status_columns_are_stored_per_language(self):
        content = csv_bytes(
            [["slug", "status_ru", "status_en"], ["tarif", "Needs review", "completed"]]
        )
        glossary_import(content=content, filename="g.csv", user=self.lead)
        self.term.refresh_from_db()
        self.assertEqual(self.term.source_status, {"ru": "Needs review", "en": "completed"})

    def test_preview_writes_nothing(self):
        content = csv_bytes([["term", "definition"], ["Новый", "Термин."]])
        result = glossary_import_preview(content=content, filename="g.csv")
        self.assertEqual((result.created, result.applied), (1, False))
        self.assertFalse(GlossaryTerm.objects.filter(term_ru="Новый").exists())


class RoundTripTests(TestCase):
    """Export from one database, import into an empty one: the same glossary."""

    @classmethod
    def setUpTestData(cls):
        sales = GlossaryCategoryFactory(name="Продажи")
        plan = GlossaryTermFactory(
            slug="data-plan", term_ru="Пакет", term_en="Data plan", definition_en="GB."
        )
        GlossaryTermFactory(
            slug="tarif",
            term_ru="Тариф",
            term_en="Plan",
            definition_ru="Цены, услуги и «условия».\nВторая строка, [ссылка](/glossary/data-plan/).",
            definition_en="=Prices and terms",
            aliases="тарифный план\nТП",
            example="Ваш тариф — «Домашний».",
            not_to_confuse="Пакет: часть тарифа.",
            category=sales,
            source_status={"ru": "Completed", "en": "draft"},
            tags=["b2c", "основы"],
            related=[plan],
        )
        GlossaryTermFactory(slug="nps", term_en="NPS", term_ru="", definition_en="Net promoter.")
        GlossaryTermFactory(slug="hidden", term_ru="Скрытый", published=False)

    def test_csv_and_xlsx_round_trip(self):
        before = term_snapshot()
        for file_format in importing.FORMATS:
            with self.subTest(file_format=file_format):
                export = glossary_export(file_format=file_format, include_drafts=True)
                GlossaryTerm.objects.all().delete()
                GlossaryCategory.objects.all().delete()
                result = glossary_import(content=export.content, filename=f"g.{file_format}")
                self.assertEqual((result.created, result.errors), (4, []))
                after = term_snapshot()
                # Importing publishes: the draft comes back live.
                for row in before:
                    row["more"][-1] = True
                self.assertEqual(after, before)
                again = glossary_export(file_format=file_format, include_drafts=True)
                self.assertEqual(exported_rows(again), exported_rows(export))

    def test_export_columns_and_live_terms_only(self):
        rows = exported_rows(glossary_export(file_format="csv"))
        self.assertEqual(rows[0], importing.EXPORT_COLUMNS)
        self.assertEqual([r[0] for r in rows[1:]], ["data-plan", "nps", "tarif"])
        tarif = dict(zip(rows[0], rows[3], strict=True))
        self.assertEqual(tarif["tags"], "b2c|основы")
        self.assertEqual(tarif["aliases"], "тарифный план\nТП")
        self.assertEqual((tarif["status_ru"], tarif["status_en"]), ("Completed", "draft"))

    def test_xlsx_keeps_text_that_looks_like_a_formula(self):
        rows = xlsx_rows(glossary_export(file_format="xlsx").content)
        self.assertEqual(rows[0], importing.EXPORT_COLUMNS)
        self.assertIn("=Prices and terms", [row[4] for row in rows])


class ImportCommandTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.lead = staff_user(roles=[roles.CONTENT_LEADS], username="lead")

    def setUp(self):
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        self.folder = Path(folder.name)

    def write(self, name: str, content: bytes) -> str:
        path = self.folder / name
        path.write_bytes(content)
        return str(path)

    def test_prints_a_summary(self):
        out = io.StringIO()
        call_command("import_glossary", str(CNCF_SAMPLE), "--user", "lead", stdout=out)
        self.assertEqual(out.getvalue().strip(), "created 20, updated 0, unchanged 0")
        self.assertEqual(GlossaryTerm.objects.get(slug="cluster").live_revision.user, self.lead)
        out = io.StringIO()
        call_command("import_glossary", str(CNCF_SAMPLE), stdout=out)
        self.assertEqual(out.getvalue().strip(), "created 0, updated 0, unchanged 20")

    def test_errors_fail_with_status_one_and_every_line(self):
        path = self.write(
            "bad.csv",
            csv_bytes([["term", "definition"], ["", "Нет термина."], ["Тариф", ""], ["Ок", "Да."]]),
        )
        with self.assertRaises(CommandError) as caught:
            call_command("import_glossary", path, stdout=io.StringIO())
        self.assertEqual(caught.exception.returncode, 1)
        reported = str(caught.exception).splitlines()
        self.assertEqual(reported[0].split(":")[0], at_line(2, "").split(":")[0])
        self.assertEqual(reported[1].split(":")[0], at_line(3, "").split(":")[0])
        self.assertFalse(GlossaryTerm.objects.exists())

    def test_dry_run_writes_nothing(self):
        out = io.StringIO()
        call_command("import_glossary", str(CNCF_SAMPLE), "--dry-run", stdout=out)
        self.assertIn("created 20", out.getvalue())
        self.assertFalse(GlossaryTerm.objects.exists())

    def test_unknown_user_and_missing_file(self):
        with self.assertRaises(CommandError):
            call_command("import_glossary", str(CNCF_SAMPLE), "--user", "nobody")
        with self.assertRaises(CommandError):
            call_command("import_glossary", str(self.folder / "missing.csv"))

    def test_a_user_who_cannot_publish_is_refused(self):
        staff_user(roles=[roles.AUTHORS], username="author")
        with self.assertRaises(CommandError):
            call_command("import_glossary", str(CNCF_SAMPLE), "--user", "author")
        self.assertFalse(GlossaryTerm.objects.exists())

    def test_export_command_writes_both_formats(self):
        call_command("import_glossary", str(CNCF_SAMPLE), stdout=io.StringIO())
        for name, extra in (("g.csv", []), ("g.xlsx", []), ("g.data", ["--format", "xlsx"])):
            with self.subTest(name=name):
                out = io.StringIO()
                path = self.folder / name
                call_command("export_glossary", str(path), *extra, stdout=out)
                self.assertIn("exported 20 terms", out.getvalue())
                result = glossary_import_preview(content=path.read_bytes(), filename=name)
                self.assertEqual((result.unchanged, result.errors), (20, []))
        with self.assertRaises(CommandError):
            call_command("export_glossary", str(self.folder / "g.txt"))


class ImportSafetyTests(TestCase):
    """An import never buries an editor's pending work, and exported CSV opens safely."""

    @classmethod
    def setUpTestData(cls):
        cls.lead = staff_user(roles=[roles.CONTENT_LEADS])

    def test_a_term_with_a_pending_draft_is_not_overwritten(self):
        term = GlossaryTermFactory(slug="tarif", term_ru="Тариф", definition_ru="Старое.")
        term.definition_ru = "Черновик редактора."
        term.save_revision()  # a draft on top of the live version
        content = csv_bytes([["slug", "term", "definition"], ["tarif", "Тариф", "Из файла."]])
        result = glossary_import(content=content, filename="g.csv", user=self.lead)
        self.assertTrue(result.errors)
        self.assertIn("tarif", " ".join(result.error_lines()))
        term.refresh_from_db()
        self.assertEqual(term.get_latest_revision_as_object().definition_ru, "Черновик редактора.")
        self.assertEqual(term.definition_ru, "Старое.")

    def test_exported_csv_cannot_start_a_formula_and_round_trips(self):
        GlossaryTermFactory(
            slug="evil", term_ru="Формула", definition_ru='=HYPERLINK("http://evil","x")'
        )
        exported = glossary_export(file_format="csv").content.decode("utf-8-sig")
        self.assertIn("\"'=HYPERLINK", exported)
        self.assertNotIn(',"=HYPERLINK', exported)
        result = glossary_import(content=exported.encode(), filename="g.csv", user=self.lead)
        self.assertEqual((result.created, result.updated), (0, 0), result.error_lines())
