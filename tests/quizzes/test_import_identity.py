"""Which question a file's question is (``quizzes/importing.py``, ``quizzes/identity.py``): ids
only ever meet the questions of their own source, our exports update their own questions, and
a file without ids finds its questions by their content."""

from importlib import import_module

from django.apps import apps as django_apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from wagtail.log_actions import registry as log_registry
from wagtail.models import Revision

from lms.people import roles
from quizzes.gift import quiz_gift_export
from quizzes.identity import bank_key, question_fingerprint
from quizzes.importing import (
    CREATE,
    UNCHANGED,
    UPDATE,
    questions_import,
    questions_import_preview,
)
from quizzes.models import Question
from tests.factories import staff_user
from tests.quizzes.gift_helpers import bank_create, quiz_with

T = Question.Type

# A file from another system: Moodle writes its question's idnumber as [id:…].
FOREIGN = """\
$CATEGORY: $course$/top/Продажи

// [id:1]
::Тариф::Какой тариф дешевле?{=Базовый ~Премиум}

// [id:2]
Небо синее.{TRUE}

// [id:q-3]
Как называется отказ от услуги?{=отток =churn}
"""

# The same without ids, as most files from other systems are.
WITHOUT_IDS = """\
$CATEGORY: $course$/top/Продажи

::Тариф::Какой тариф дешевле?{=Базовый ~Премиум}

Небо синее.{TRUE}

Что входит в тариф?{~%50%Звонки ~%50%SMS ~%-100%Роуминг}

Сколько дней на возврат?{#14:1}
"""


def gift_import(content: str, *, name: str = "moodle.gift", user=None, source=None):
    return questions_import(content=content, filename=name, user=user, source=source)


def snapshot() -> list[tuple]:
    """Every question as it stands, with its parts, to prove nothing was touched."""
    questions = Question.objects.prefetch_related("choices", "accepted_answers", "tags")
    return [
        (
            q.pk,
            q.type,
            q.title,
            q.text,
            q.points,
            q.category_id,
            q.updated_at,
            tuple((c.text, c.is_correct, c.weight) for c in q.choices.all()),
            tuple(a.text for a in q.accepted_answers.all()),
            tuple(sorted(t.name for t in q.tags.all())),
        )
        for q in questions.order_by("pk")
    ]


class ForeignIdsTests(TestCase):
    """A foreign file's ids never touch an unrelated question."""

    @classmethod
    def setUpTestData(cls):
        cls.author = staff_user(roles=[roles.AUTHORS])
        cls.bank = bank_create()

    def test_ids_of_another_system_never_update_this_banks_questions(self):
        # The file's ids are the numbers of two of the bank's questions, and are not them.
        first, second = (
            str(pk) for pk in Question.objects.order_by("pk")[:2].values_list("pk", flat=True)
        )
        content = FOREIGN.replace("[id:1]", f"[id:{first}]").replace("[id:2]", f"[id:{second}]")
        before, revisions = snapshot(), Revision.objects.count()
        preview = questions_import_preview(content=content, filename="moodle.gift")
        self.assertEqual([q.action for q in preview.questions], [CREATE] * 3)
        result = gift_import(content, user=self.author)
        self.assertEqual((result.created, result.updated, result.unchanged), (3, 0, 0))
        self.assertEqual(snapshot()[: len(before)], before)
        created = Question.objects.filter(pk__in=[q.question_id for q in result.questions])
        self.assertEqual(
            sorted(created.values_list("import_source", "import_id")),
            sorted([("file:moodle", first), ("file:moodle", second), ("file:moodle", "q-3")]),
        )
        self.assertEqual(Revision.objects.count(), revisions + 3)

    def test_the_same_foreign_file_again_updates_the_questions_it_created(self):
        first = gift_import(FOREIGN, user=self.author)
        ids = [q.question_id for q in first.questions]
        again = gift_import(FOREIGN, user=self.author)
        self.assertEqual((again.created, again.updated, again.unchanged), (0, 0, 3))
        edited = FOREIGN.replace("Небо синее.{TRUE}", "Трава зелёная.{TRUE}")
        before = snapshot()
        result = gift_import(edited, user=self.author)
        self.assertEqual([q.action for q in result.questions], [UNCHANGED, UPDATE, UNCHANGED])
        self.assertEqual([q.question_id for q in result.questions], ids)
        self.assertEqual(Question.objects.get(pk=ids[1]).text, "Трава зелёная.")
        # Nothing else moved: every other question is as it was.
        untouched = [row for row in snapshot() if row[0] != ids[1]]
        self.assertEqual(untouched, [row for row in before if row[0] != ids[1]])

    def test_another_file_with_the_same_ids_is_another_source(self):
        first = gift_import(FOREIGN, name="moodle.gift")
        other = FOREIGN.replace("Небо синее.", "Земля круглая.")
        second = gift_import(other, name="другой курс.gift")
        # Its ids are its own: each names a question of its own, never the first file's.
        self.assertEqual([q.action for q in second.questions], [CREATE] * 3)
        first_ids = {q.question_id for q in first.questions}
        self.assertFalse(first_ids & {q.question_id for q in second.questions})
        self.assertEqual(
            Question.objects.get(pk=first.questions[1].question_id).text, "Небо синее."
        )
        self.assertEqual(
            Question.objects.get(pk=second.questions[1].question_id).import_source,
            "file:другой-курс",
        )

    def test_a_named_source_follows_the_file_under_any_name(self):
        first = gift_import(FOREIGN, name="export-2024-01.gift", source="Moodle, продажи")
        edited = FOREIGN.replace("Небо синее.", "Небо голубое.")
        second = gift_import(edited, name="export-2024-02.gift", source="Moodle, продажи")
        self.assertEqual((second.created, second.updated), (0, 1))
        self.assertEqual(
            [q.question_id for q in second.questions], [q.question_id for q in first.questions]
        )
        question = Question.objects.get(pk=second.questions[1].question_id)
        self.assertEqual(
            (question.import_source, question.text), ("source:moodle, продажи", "Небо голубое.")
        )

    def test_another_sites_export_is_its_own_source(self):
        """A file of another Nastavnik names its bank: its ids are that bank's, never ours."""
        single = self.bank["single"]
        content = f"// [id:{single.pk}] [bank:another-site]\nНебо синее.{{TRUE}}\n"
        first = gift_import(content, name="a.gift")
        self.assertEqual(first.created, 1)
        single.refresh_from_db()
        self.assertEqual(single.type, T.SINGLE_CHOICE)
        created = Question.objects.get(pk=first.questions[0].question_id)
        self.assertEqual(
            (created.import_source, created.import_id), ("bank:another-site", str(single.pk))
        )
        # Whatever the file is called next time, the bank's key finds the same question.
        edited = content.replace("Небо синее.", "Небо голубое.")
        second = gift_import(edited, name="b.gift")
        self.assertEqual(
            [(q.action, q.question_id) for q in second.questions], [(UPDATE, created.pk)]
        )


class OwnExportTests(TestCase):
    """Our export names this bank: importing it back updates the same questions."""

    @classmethod
    def setUpTestData(cls):
        cls.author = staff_user(roles=[roles.AUTHORS])
        cls.bank = bank_create()
        cls.quiz = quiz_with(list(cls.bank.values()))

    def test_the_export_carries_this_banks_key(self):
        exported = quiz_gift_export(self.quiz)
        self.assertIn(f"// [id:{self.bank['single'].pk}] [bank:{bank_key()}]", exported)

    def test_round_trip_updates_the_same_questions(self):
        single = self.bank["single"]
        count = Question.objects.count()
        exported = quiz_gift_export(self.quiz)
        self.assertEqual(gift_import(exported, user=self.author).unchanged, count)
        edited = exported.replace("=Базовый#Верно!", "=Эконом#Да")
        result = gift_import(edited, name="anything.gift", user=self.author)
        self.assertEqual((result.created, result.updated, result.unchanged), (0, 1, count - 1))
        self.assertEqual(Question.objects.count(), count)
        single.refresh_from_db()
        self.assertEqual(single.choices.first().text, "Эконом")
        self.assertEqual((single.import_source, single.import_id), ("", ""))
        # The history shows the change, by the person who imported.
        entries = list(log_registry.get_logs_for_instance(single))
        self.assertEqual(
            [(e.action, e.user_id) for e in entries], [("wagtail.edit", self.author.pk)]
        )
        self.assertEqual(single.latest_revision.user_id, self.author.pk)
        self.assertEqual(single.latest_revision.as_object().choices.first().text, "Эконом")


class NoIdsTests(TestCase):
    """A file without ids imported again changes nothing: content fingerprints find it."""

    @classmethod
    def setUpTestData(cls):
        cls.author = staff_user(roles=[roles.AUTHORS])

    def test_importing_the_same_file_again_is_a_no_op(self):
        first = gift_import(WITHOUT_IDS, user=self.author)
        self.assertEqual(first.created, 4)
        before, revisions = snapshot(), Revision.objects.count()
        preview = questions_import_preview(content=WITHOUT_IDS, filename="moodle.gift")
        self.assertEqual([q.action for q in preview.questions], [UNCHANGED] * 4)
        self.assertEqual(
            [q.question_id for q in preview.questions], [q.question_id for q in first.questions]
        )
        again = gift_import(WITHOUT_IDS, name="renamed.gift", user=self.author)
        self.assertEqual((again.created, again.updated, again.unchanged), (0, 0, 4))
        self.assertEqual((snapshot(), Revision.objects.count()), (before, revisions))

    def test_a_new_filing_of_the_same_question_updates_it(self):
        first = gift_import(WITHOUT_IDS)
        moved = WITHOUT_IDS.replace("top/Продажи", "top/Сервис")
        result = gift_import(moved)
        self.assertEqual((result.created, result.updated), (0, 4))
        self.assertEqual(
            [q.question_id for q in result.questions], [q.question_id for q in first.questions]
        )
        self.assertEqual(set(Question.objects.values_list("category__name", flat=True)), {"Сервис"})

    def test_a_changed_question_is_a_new_one_and_twins_stay_two(self):
        twice = WITHOUT_IDS + "\nНебо синее.{TRUE}\n"
        first = gift_import(twice)
        self.assertEqual(first.created, 5)
        again = gift_import(twice)
        self.assertEqual(again.unchanged, 5)
        self.assertEqual(len({q.question_id for q in again.questions}), 5)
        reworded = twice.replace("Сколько дней на возврат?", "Сколько дней на обмен?")
        result = gift_import(reworded)
        self.assertEqual((result.created, result.unchanged), (1, 4))

    def test_an_edit_in_the_bank_keeps_the_fingerprint_current(self):
        gift_import(WITHOUT_IDS)
        question = Question.objects.get(type=T.TRUE_FALSE)
        self.assertEqual(question.content_fingerprint, question_fingerprint(question))
        question.text = "Небо зелёное."
        question.correct_bool = False
        question.save()
        question.refresh_from_db()
        self.assertEqual(question.content_fingerprint, question_fingerprint(question))
        # The file's question no longer says what the bank's does: it is created again.
        result = gift_import(WITHOUT_IDS)
        self.assertEqual((result.created, result.unchanged), (1, 3))

    def test_the_fingerprint_is_the_same_in_memory_and_in_the_database(self):
        result = gift_import(WITHOUT_IDS)
        for outcome in result.questions:
            question = Question.objects.get(pk=outcome.question_id)
            with self.subTest(type=question.type):
                self.assertEqual(question.content_fingerprint, question_fingerprint(question))
                self.assertEqual(len(question.content_fingerprint), 64)


class PlanningQueriesTests(TestCase):
    """Planning and writing ask the database the same number of queries for 5 or 40
    questions."""

    def file(self, count: int, *, ids: bool) -> str:
        blocks = []
        for number in range(count):
            marker = f"// [id:x-{number}]\n" if ids else ""
            blocks.append(f"{marker}// [tag:t{number % 3}]\nВопрос {number}?{{=да ~нет}}")
        return "\n\n".join(blocks) + "\n"

    def queries(self, action) -> int:
        with CaptureQueriesContext(connection) as captured:
            action()
        return len(captured.captured_queries)

    def test_preview_queries_do_not_grow_with_questions(self):
        for ids in (False, True):
            with self.subTest(ids=ids):
                name = f"bank-{ids}.gift"
                gift_import(self.file(50, ids=ids), name=name)
                counts = [
                    self.queries(
                        lambda n=n, ids=ids, name=name: questions_import_preview(
                            content=self.file(n, ids=ids), filename=name
                        )
                    )
                    for n in (5, 40)
                ]
                self.assertEqual(counts[0], counts[1])
                self.assertLessEqual(counts[0], 12)

    def test_import_queries_do_not_grow_with_questions(self):
        author = staff_user(roles=[roles.AUTHORS])
        # A first import fills the caches (content types), as in a site in use.
        gift_import("// [tag:t]\nТеги?{T}", user=author)
        counts = []
        # Rows go to the database in batches (on SQLite about 45 questions a statement): both
        # files fit one. Each file brings its own new tags, created in one write too.
        for count, name in ((5, "a.gift"), (40, "b.gift")):
            content = self.file(count, ids=True).replace("Вопрос", f"Вопрос {name}")
            content = content.replace("[tag:t", f"[tag:{name}-t")
            result = None

            def run(content=content, name=name):
                nonlocal result
                result = questions_import(content=content, filename=name, user=author)

            counts.append(self.queries(run))
            self.assertEqual(result.created, count)
        self.assertEqual(counts[0], counts[1])


class AdminSourceTests(TestCase):
    """The admin import takes the source of the ids, from the preview to the import."""

    @classmethod
    def setUpTestData(cls):
        cls.author = staff_user(roles=[roles.AUTHORS])

    def test_the_source_travels_from_preview_to_import(self):
        self.client.force_login(self.author)
        upload = SimpleUploadedFile("export.gift", FOREIGN.encode(), "text/plain")
        response = self.client.post(
            "/admin/quizzes/questions/import/", {"file": upload, "source": "Moodle, продажи"}
        )
        self.assertEqual(response.status_code, 200)
        digest = response.context["digest"]
        response = self.client.post("/admin/quizzes/questions/import/confirm/", {"digest": digest})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(
            set(Question.objects.values_list("import_source", flat=True)),
            {"source:moodle, продажи"},
        )
        # Under another file name, the same source finds the same questions.
        upload = SimpleUploadedFile("export-2.gift", FOREIGN.encode(), "text/plain")
        response = self.client.post(
            "/admin/quizzes/questions/import/", {"file": upload, "source": "Moodle, продажи"}
        )
        self.assertEqual(response.context["preview"].unchanged, 3)


class FingerprintMigrationTests(TestCase):
    """The migration gives every existing question its fingerprint."""

    def test_existing_questions_get_their_fingerprint(self):
        bank = bank_create()
        Question.objects.update(content_fingerprint="")
        migration = import_module("quizzes.migrations.0008_question_import_identity")
        migration.fingerprints_fill(django_apps, None)
        for name, question in bank.items():
            question = Question.objects.get(pk=question.pk)
            with self.subTest(name):
                self.assertEqual(question.content_fingerprint, question_fingerprint(question))
