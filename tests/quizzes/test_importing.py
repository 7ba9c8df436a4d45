"""Importing questions from GIFT and Aiken files (``quizzes/importing.py``)."""

from decimal import Decimal
from unittest import mock

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import SimpleTestCase, TestCase
from django.test.utils import CaptureQueriesContext

from wagtail.log_actions import registry as log_registry
from wagtail.models import Revision
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from taggit.models import Tag

from lms.people import roles
from quizzes import gift, importing
from quizzes.admin_forms import ERROR_SINGLE_RIGHT
from quizzes.gift import (
    ERROR_BAD_NUMBER,
    ERROR_DESCRIPTION,
    ERROR_NO_RIGHT_CHOICE,
    QUESTION_MESSAGE,
    gift_parse,
    quiz_gift_export,
)
from quizzes.identity import bank_key
from quizzes.importing import (
    AIKEN,
    CREATE,
    GIFT,
    UNCHANGED,
    UPDATE,
    QuestionImportError,
    question_file_decode,
    question_file_format,
    questions_import,
    questions_import_preview,
)
from quizzes.models import Question, QuestionCategory, QuestionTag
from tests.factories import staff_user
from tests.quizzes.gift_helpers import bank_create, corpus_files, corpus_required, quiz_with

T = Question.Type

EVERY_TYPE = """\
$CATEGORY: $course$/top/Продукты

// [tag:тарифы] [tag:b2c]
::Тариф::Какой тариф дешевле?{=Базовый#Верно ~Премиум#Дороже ####Смотрите прайс.}

Что входит в тариф?{~%50%Звонки ~%50%SMS ~%-50%Роуминг}

Небо синее.{TRUE}

Как называется отказ от услуги?{=отток =churn}

Сколько дней на возврат?{#14:1}

Сопоставьте{=NPS -> лояльность =CSAT -> удовлетворённость}

// [type:ordering]
Расставьте шаги{=1 -> Поздороваться =2 -> Выяснить потребность =3 -> Предложить}
"""


def gift_import(content: str, user=None, name: str = "bank.gift"):
    return questions_import(content=content, filename=name, user=user)


def own_id(question) -> str:
    """The id comment our export writes: this bank's question."""
    return f"// [id:{question.pk}] [bank:{bank_key()}]"


class QuestionFileFormatTests(SimpleTestCase):
    def test_by_extension_or_as_chosen(self):
        cases = [
            ({"filename": "bank.gift"}, GIFT),
            ({"filename": "BANK.TXT", "content": "Q{T}"}, GIFT),
            ({"filename": "bank.aiken"}, AIKEN),
            ({"filename": "bank.txt", "content": "Q?\nA. a\nB. b\nANSWER: A\n"}, AIKEN),
            ({"filename": "bank.dat", "file_format": "aiken"}, AIKEN),
            ({"filename": "bank.aiken", "file_format": "GIFT"}, GIFT),
        ]
        for arguments, expected in cases:
            with self.subTest(**arguments):
                self.assertEqual(question_file_format(**arguments), expected)

    def test_unknown_format(self):
        for arguments in ({"filename": "bank.csv"}, {"filename": "b.gift", "file_format": "qti"}):
            with self.subTest(**arguments), self.assertRaises(QuestionImportError) as caught:
                question_file_format(**arguments)
            self.assertEqual(caught.exception.errors[0].line, 0)

    def test_a_format_is_one_entry_of_the_registry(self):
        """A new reader registered under a name and an ending is found by both, and the
        file's drafts come from it."""

        def one_line_parse(content: str) -> gift.ParsedFile:
            return gift_parse(content.replace("|", "{T}"))

        one_line = importing.FileFormat("oneline", "One line", (".one",), one_line_parse)
        with mock.patch.dict(importing.FILE_FORMATS, {"oneline": one_line}):
            self.assertIn(".one", importing.file_format_extensions())
            self.assertEqual(question_file_format(filename="bank.one"), "oneline")
            self.assertEqual(question_file_format(filename="x", file_format="oneline"), "oneline")
            found, parsed = importing.question_file_parse(content="Небо синее.|", filename="b.one")
            self.assertEqual((found, parsed.questions[0].kind), ("oneline", T.TRUE_FALSE))
        with self.assertRaises(QuestionImportError):
            question_file_format(filename="bank.one")

    def test_decode(self):
        self.assertEqual(question_file_decode(data="\ufeffQ{T}".encode()), "Q{T}")
        with self.assertRaises(QuestionImportError) as caught:
            question_file_decode(data=b"Q{T}\n\nQ2\xff{T}")
        self.assertEqual(caught.exception.errors[0].line, 3)


class QuestionImportPreviewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.bank = bank_create()

    def test_new_file_would_create_everything_and_writes_nothing(self):
        questions, categories, tags, revisions = (
            Question.objects.count(),
            QuestionCategory.objects.count(),
            Tag.objects.count(),
            Revision.objects.count(),
        )
        preview = questions_import_preview(content=EVERY_TYPE, filename="bank.gift")
        self.assertTrue(preview.ok, preview.error_lines())
        self.assertEqual((preview.created, preview.updated, preview.unchanged), (7, 0, 0))
        self.assertEqual(
            [(q.line, q.type, q.action) for q in preview.questions][:2],
            [(4, T.SINGLE_CHOICE, CREATE), (6, T.MULTIPLE_CHOICE, CREATE)],
        )
        self.assertEqual(Question.objects.count(), questions)
        self.assertEqual(QuestionCategory.objects.count(), categories)
        self.assertEqual(Tag.objects.count(), tags)
        self.assertEqual(Revision.objects.count(), revisions)

    def test_update_and_unchanged_by_id(self):
        single = self.bank["single"]
        content = quiz_gift_export(quiz_with([single, self.bank["short"]]))
        content = content.replace("Дороже", "Дороже на 100 ₽")
        preview = questions_import_preview(content=content, filename="quiz.gift")
        self.assertEqual(
            [(q.question_id, q.action) for q in preview.questions],
            [(single.pk, UPDATE), (self.bank["short"].pk, UNCHANGED)],
        )
        single.refresh_from_db()
        self.assertEqual(single.choices.get(sort_order=1).feedback, "Дороже")

    def test_unknown_format_is_an_error_of_the_preview(self):
        preview = questions_import_preview(content="Q{T}", filename="bank.docx")
        self.assertFalse(preview.ok)
        self.assertEqual(preview.questions, [])


class QuestionImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.author = staff_user(roles=[roles.AUTHORS])

    def test_every_type_is_created_with_its_answer(self):
        result = gift_import(EVERY_TYPE, user=self.author)
        self.assertEqual((result.created, result.updated, result.unchanged), (7, 0, 0))
        questions = {q.type: q for q in Question.objects.all()}
        self.assertEqual(len(questions), 7)

        single = questions[T.SINGLE_CHOICE]
        self.assertEqual((single.title, single.text), ("Тариф", "Какой тариф дешевле?"))
        self.assertEqual(single.explanation, "Смотрите прайс.")
        self.assertEqual(single.category.name, "Продукты")
        self.assertEqual(sorted(t.name for t in single.tags.all()), ["b2c", "тарифы"])
        self.assertEqual(
            [(c.text, c.is_correct, c.feedback) for c in single.choices.all()],
            [("Базовый", True, "Верно"), ("Премиум", False, "Дороже")],
        )
        multiple = questions[T.MULTIPLE_CHOICE]
        self.assertTrue(multiple.partial_credit)
        self.assertEqual(
            [(c.text, c.is_correct, c.weight) for c in multiple.choices.all()],
            [("Звонки", True, Decimal(50)), ("SMS", True, Decimal(50)), ("Роуминг", False, -50)],
        )
        self.assertIs(questions[T.TRUE_FALSE].correct_bool, True)
        self.assertEqual(
            [a.text for a in questions[T.SHORT_TEXT].accepted_answers.all()], ["отток", "churn"]
        )
        numeric = questions[T.NUMERIC]
        self.assertEqual(
            list(numeric.numeric_answers.values_list("value", "tolerance", "weight")),
            [(14, 1, 100)],
        )
        self.assertEqual(
            [(p.left, p.right) for p in questions[T.MATCHING].pairs.all()],
            [("NPS", "лояльность"), ("CSAT", "удовлетворённость")],
        )
        self.assertEqual(
            [c.text for c in questions[T.ORDERING].choices.all()],
            ["Поздороваться", "Выяснить потребность", "Предложить"],
        )
        self.assertEqual(
            sorted(o.question_id for o in result.questions),
            sorted(q.pk for q in questions.values()),
        )

    def test_created_questions_have_a_revision_in_their_history(self):
        gift_import("Небо синее.{T}", user=self.author)
        question = Question.objects.get()
        self.assertEqual(question.latest_revision.user, self.author)
        self.assertEqual(question.latest_revision.content["text"], "Небо синее.")
        (entry,) = log_registry.get_logs_for_instance(question)
        self.assertEqual((entry.action, entry.user_id), ("wagtail.create", self.author.pk))

    def test_importing_twice_changes_nothing_the_second_time(self):
        first = gift_import(EVERY_TYPE)
        exported = quiz_gift_export(quiz_with(list(Question.objects.all())))
        revisions = Revision.objects.count()
        second = gift_import(exported, user=self.author)
        self.assertEqual((first.created, second.unchanged, second.created), (7, 7, 0))
        third = gift_import(exported, user=self.author)
        self.assertEqual((third.created, third.updated, third.unchanged), (0, 0, 7))
        self.assertEqual(Revision.objects.count(), revisions)
        self.assertEqual(Question.objects.count(), 7)

    def test_an_id_of_this_bank_that_is_gone_creates_a_question_with_a_note(self):
        result = gift_import(f"// [id:9999] [bank:{bank_key()}]\nНебо синее.{{T}}")
        (outcome,) = result.questions
        self.assertEqual(outcome.action, CREATE)
        self.assertNotEqual(outcome.question_id, 9999)
        self.assertEqual(outcome.notes, (str(importing.NOTE_ID_NOT_FOUND % {"id": "9999"}),))
        self.assertEqual(str(result.notes[0]), str(gift.LINE_MESSAGE % {
            "line": 2, "message": outcome.notes[0]}))  # fmt: skip

    def test_what_the_bank_cannot_keep_is_noted(self):
        content = "\n\n".join(
            [
                "Грант похоронен в гробнице.{FALSE#Никто не похоронен}",
                "Откуда он?{=Назарет =%75%Назерет#С ошибкой =%25%Вифлеем}",
                "Год?{#=1822:0 =%50%1822:2}",
                "Пары{=a -> 1 =b -> 2 =-> 3}",
                "[html]Выбор{=<b>Да</b> ~<i>Нет</i>}",
            ]
        )
        notes = [outcome.notes for outcome in gift_import(content).questions]
        self.assertEqual(notes[0], (str(importing.NOTE_TRUE_FALSE_FEEDBACK),))
        self.assertEqual(
            notes[1],
            (
                str(importing.NOTE_PARTIAL_ANSWERS % {"answers": "Назерет (75%), Вифлеем (25%)"}),
                str(importing.NOTE_ANSWER_FEEDBACK),
            ),
        )
        # Numbers worth part of the points are kept, each with its share.
        self.assertEqual(notes[2], ())
        year = Question.objects.get(type=T.NUMERIC)
        self.assertEqual(
            list(year.numeric_answers.values_list("value", "tolerance", "weight")),
            [(1822, 0, 100), (1822, 2, 50)],
        )
        self.assertEqual(notes[3], (str(importing.NOTE_DISTRACTORS % {"answers": "3"}),))
        self.assertEqual(notes[4], (str(importing.NOTE_HTML),))
        short = Question.objects.get(type=T.SHORT_TEXT)
        self.assertEqual([a.text for a in short.accepted_answers.all()], ["Назарет"])
        choices = Question.objects.get(type=T.SINGLE_CHOICE).choices.all()
        self.assertEqual([c.text for c in choices], ["Да", "Нет"])
        self.assertEqual(Question.objects.get(type=T.MATCHING).pairs.count(), 2)

    def test_moodle_weights_are_filled_in_and_give_the_right_choices(self):
        gift_import("Кто?{~Никто ~%50%Грант ~%50%Жена ~Отец}\n\nТрудно{~нет ~%50%почти =да}")
        first, second = Question.objects.order_by("pk")
        self.assertEqual(
            [(c.is_correct, c.weight) for c in first.choices.all()],
            [(False, 0), (True, 50), (True, 50), (False, 0)],
        )
        self.assertEqual(first.type, Question.Type.MULTIPLE_CHOICE)
        # One "=" among weights (Moodle): a single-answer question, the "=" its right choice and
        # the 50 % option keeping its weight; ticking everything is impossible.
        self.assertEqual(second.type, Question.Type.SINGLE_CHOICE)
        self.assertEqual(
            [(c.is_correct, c.weight) for c in second.choices.all()],
            [(False, None), (False, 50), (True, None)],
        )

    def test_bad_file_imports_nothing_and_names_each_bad_question(self):
        content = "\n".join(
            [
                "Хороший?{T}",  # 1
                "",
                "::Число::Сколько будет{#abc}",  # 3
                "",
                "Никто не прав и так далее долго-долго ещё дальше{~a ~b}",  # 5
                "",
                "Описание без ответа",  # 7
                "",
                "// [id:5]",
                "Первый с id{T}",  # 10
                "",
                "// [id:5]",
                "Второй с id{F}",  # 13
            ]
        )
        with self.assertRaises(QuestionImportError) as caught:
            gift_import(content, user=self.author)
        errors = [(e.line, e.message) for e in caught.exception.errors]
        self.assertEqual([line for line, _m in errors], [3, 5, 7, 13])

        def labelled(question, message):
            return str(QUESTION_MESSAGE % {"question": question, "message": message})

        self.assertIn(labelled("Число", ERROR_BAD_NUMBER % {"text": "abc"}), errors[0][1])
        self.assertIn(
            labelled("Никто не прав и так далее долго-долго ещё…", ERROR_NO_RIGHT_CHOICE),
            errors[1][1],
        )
        self.assertIn(labelled("Описание без ответа", ERROR_DESCRIPTION), errors[2][1])
        self.assertIn(str(importing.ERROR_DUPLICATE_ID % {"id": "5", "line": 10}), errors[3][1])
        self.assertFalse(Question.objects.exists())
        self.assertFalse(QuestionCategory.objects.exists())

    def test_field_limits_are_errors(self):
        long = "x" * 501
        with self.assertRaises(QuestionImportError) as caught:
            gift_import(f"::{'t' * 300}::Вопрос?{{={long} ~b}}")
        messages = " ".join(e.message for e in caught.exception.errors)
        self.assertIn(str(Question._meta.get_field("title").verbose_name), messages)
        self.assertIn("500", messages)

    def test_the_editors_rules_for_parts_hold(self):
        with self.assertRaises(QuestionImportError) as caught:
            gift_import("// [type:single_choice]\nДва верных?{=a =b ~c}")
        (error,) = caught.exception.errors
        self.assertEqual(error.line, 2)
        self.assertIn(str(ERROR_SINGLE_RIGHT), error.message)

    def test_file_without_questions(self):
        with self.assertRaises(QuestionImportError) as caught:
            gift_import("// только комментарий\n$CATEGORY: $course$/top/X\n")
        self.assertEqual(caught.exception.errors[0].message, str(importing.ERROR_NO_QUESTIONS))

    def test_a_learner_may_not_import(self):
        with self.assertRaises(PermissionDenied):
            gift_import("Небо синее.{T}", user=staff_user())
        self.assertFalse(Question.objects.exists())

    def test_aiken(self):
        result = questions_import(
            content="Что измеряет NPS?\nA. Звонки\nB. Лояльность\nANSWER: B\n",
            filename="bank.aiken",
            user=self.author,
        )
        self.assertEqual((result.file_format, result.created), (AIKEN, 1))
        question = Question.objects.get()
        self.assertEqual(question.type, T.SINGLE_CHOICE)
        self.assertEqual(
            [(c.text, c.is_correct) for c in question.choices.all()],
            [("Звонки", False), ("Лояльность", True)],
        )


class QuestionUpdateTests(TestCase):
    """A file updates only what it says, by id, and never duplicates."""

    @classmethod
    def setUpTestData(cls):
        cls.bank = bank_create()
        cls.quiz = quiz_with(list(cls.bank.values()))

    def test_round_trip_changes_nothing(self):
        count, revisions = Question.objects.count(), Revision.objects.count()
        result = gift_import(quiz_gift_export(self.quiz))
        self.assertEqual((result.created, result.updated, result.unchanged), (0, 0, 8))
        self.assertEqual((Question.objects.count(), Revision.objects.count()), (count, revisions))

    def test_edited_export_updates_those_questions_and_adds_new_ones(self):
        single, numeric = self.bank["single"], self.bank["numeric"]
        content = quiz_gift_export(self.quiz)
        content = content.replace("#14.5:0.5", "#15:1").replace("=Базовый#Верно!", "=Эконом#Да")
        content += "\nНовый вопрос?{T}\n"
        count = Question.objects.count()
        result = gift_import(content)
        self.assertEqual((result.created, result.updated, result.unchanged), (1, 2, 6))
        self.assertEqual(Question.objects.count(), count + 1)
        numeric.refresh_from_db()
        self.assertEqual(list(numeric.numeric_answers.values_list("value", "tolerance")), [(15, 1)])
        self.assertEqual(single.choices.first().text, "Эконом")
        self.assertEqual(single.choices.count(), 3)
        self.assertEqual(single.revisions.count(), 1)
        (entry,) = log_registry.get_logs_for_instance(single)
        self.assertEqual(entry.action, "wagtail.edit")

    def test_what_the_file_does_not_name_stays(self):
        single = self.bank["single"]
        result = gift_import(f"{own_id(single)}\nДругой текст{{=Базовый ~Премиум}}")
        self.assertEqual(result.updated, 1)
        single.refresh_from_db()
        self.assertEqual((single.points, single.category.name), (2, "Продукты"))
        self.assertEqual(sorted(t.name for t in single.tags.all()), ["b2c", "тарифы"])
        self.assertEqual(single.text, "Другой текст")

    def test_a_file_may_change_the_type_and_clear_the_category(self):
        single = self.bank["single"]
        gift_import(f"$CATEGORY: $course$/top\n\n{own_id(single)}\nТеперь верно-неверно{{F}}")
        single.refresh_from_db()
        self.assertEqual(
            (single.type, single.correct_bool, single.category), (T.TRUE_FALSE, False, None)
        )
        self.assertFalse(single.choices.exists())


class CorpusImportTests(TestCase):
    """Every file of the shared corpus: supported ones import, others import nothing."""

    def test_corpus_files(self):
        corpus_required()
        for path in corpus_files():
            content = path.read_text(encoding="utf-8")
            parsed = gift_parse(content)
            with self.subTest(file=path.name):
                before = Question.objects.count()
                if not parsed.questions:
                    continue
                if all(d.supported for d in parsed.questions):
                    result = gift_import(content, name=path.name)
                    # A question saying exactly what an earlier file's did is that question
                    # (updated when the file files it under other tags or another category).
                    found = result.created + result.updated + result.unchanged
                    self.assertEqual(found, len(parsed.questions))
                    self.assertEqual(Question.objects.count(), before + result.created)
                else:
                    with self.assertRaises(QuestionImportError):
                        gift_import(content, name=path.name)
                    self.assertEqual(Question.objects.count(), before)


def search_titles(words: str) -> list[str]:
    """The titles of the questions the search backend the site uses finds for ``words``."""
    return sorted(question.title for question in get_search_backend().search(words, Question))


class QuestionSearchIndexTests(TestCase):
    """Imported and updated questions are found by the search, as saved ones are."""

    FILE = (
        "// [id:q-1]\n::Первый::Что даёт zebraphone клиенту?{=Связь ~Ничего}\n\n"
        "// [id:q-2]\n::Второй::Сколько стоит quasitariff?{#300}\n"
    )

    def test_imported_and_updated_questions_are_found(self):
        gift_import(self.FILE)
        self.assertEqual(search_titles("zebraphone"), ["Первый"])
        self.assertEqual(search_titles("quasitariff"), ["Второй"])

        result = gift_import(self.FILE.replace("zebraphone", "ultraphone"))
        self.assertEqual((result.updated, result.unchanged), (1, 1))
        self.assertEqual(search_titles("zebraphone"), [])
        self.assertEqual(search_titles("ultraphone"), ["Первый"])
        self.assertEqual(search_titles("quasitariff"), ["Второй"])
        # One entry per question: the update replaced the old one.
        entries = IndexEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Question)
        )
        self.assertEqual(
            sorted(entries.values_list("object_id", flat=True)),
            sorted(str(pk) for pk in Question.objects.values_list("pk", flat=True)),
        )

    def test_entries_of_other_questions_are_kept(self):
        kept = gift_import("::Свой::Что такое hyperbundle?{T}", name="own.gift")
        gift_import(self.FILE)
        gift_import(self.FILE.replace("quasitariff", "megatariff"))
        self.assertEqual(search_titles("hyperbundle"), ["Свой"])
        self.assertEqual(search_titles("megatariff"), ["Второй"])
        self.assertEqual(kept.created, 1)

    def test_an_update_asks_the_same_number_of_queries_for_5_or_40_questions(self):
        def file(count: int, word: str) -> str:
            return "\n\n".join(
                f"// [id:n-{n}]\nВопрос {n} про {word}?{{=да ~нет}}" for n in range(count)
            )

        counts = []
        for count in (5, 40):
            name = f"bank-{count}.gift"
            gift_import(file(count, "omegaphone"), name=name)
            with CaptureQueriesContext(connection) as captured:
                result = gift_import(file(count, "deltaphone"), name=name)
            self.assertEqual(result.updated, count)
            counts.append(len(captured.captured_queries))
        self.assertEqual(counts[0], counts[1])
        found = get_search_backend().search("deltaphone", Question)
        self.assertEqual(len(found), 45)
        self.assertEqual(len(get_search_backend().search("omegaphone", Question)), 0)


class TagsBulkTests(TestCase):
    """New tags are created in one bulk write, each with the slug taggit would give it."""

    def file(self, count: int, prefix: str) -> str:
        # Three new tags a question, each tag on three questions.
        return "\n\n".join(
            f"// [tag:{prefix}-{n}] [tag:{prefix}-{n + 1}] [tag:{prefix}-{n + 2}]\n"
            f"Вопрос {prefix} {n}?{{T}}"
            for n in range(count)
        )

    def tag_queries(self, content: str, name: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            gift_import(content, name=name)
        return sum(1 for query in captured.captured_queries if "taggit_tag" in query["sql"])

    def test_many_new_tags_take_as_many_queries_as_a_few(self):
        few = self.tag_queries(self.file(8, "мало"), "few.gift")
        many = self.tag_queries(self.file(200, "много"), "many.gift")
        self.assertEqual(few, many)
        self.assertEqual(Tag.objects.filter(name__startswith="много-").count(), 202)
        question = Question.objects.get(text="Вопрос много 150?")
        self.assertEqual(
            sorted(tag.name for tag in question.tags.all()), ["много-150", "много-151", "много-152"]
        )
        self.assertEqual(QuestionTag.objects.filter(tag__name__startswith="много-").count(), 600)

    def test_slugs_are_unique_as_taggit_makes_them(self):
        Tag.objects.create(name="b2c")
        Tag.objects.create(name="B2C")  # taggit: b2c_1
        gift_import(
            "// [tag:B2C!] [tag:Тариф] [tag:тариф] [tag:b2c] [tag:Связь и интернет]\n"
            "Вопрос с тегами?{T}"
        )
        slugs = dict(Tag.objects.values_list("name", "slug"))
        self.assertEqual(
            slugs,
            {
                "b2c": "b2c",
                "B2C": "b2c_1",
                "B2C!": "b2c_2",
                "Тариф": "тариф",
                "тариф": "тариф_1",
                "Связь и интернет": "связь-и-интернет",
            },
        )
        question = Question.objects.get()
        self.assertEqual(
            sorted(tag.name for tag in question.tags.all()),
            sorted(["B2C!", "Тариф", "тариф", "b2c", "Связь и интернет"]),
        )

    def test_a_tag_created_meanwhile_is_taken_as_it_is(self):
        # Another import creates the tag between the read and the bulk write.
        real_bulk_create = Tag.objects.bulk_create

        def bulk_create_after_another(objs, **kwargs):
            Tag.objects.create(name="тариф")
            return real_bulk_create(objs, **kwargs)

        with mock.patch.object(Tag.objects, "bulk_create", bulk_create_after_another):
            gift_import("// [tag:тариф] [tag:связь]\nВопрос?{T}")
        self.assertEqual(
            dict(Tag.objects.values_list("name", "slug")), {"тариф": "тариф", "связь": "связь"}
        )
        question = Question.objects.get()
        self.assertEqual(sorted(tag.name for tag in question.tags.all()), ["связь", "тариф"])

    def test_a_slug_taken_meanwhile_by_another_name_gets_the_next_one(self):
        real_bulk_create = Tag.objects.bulk_create

        def bulk_create_after_another(objs, **kwargs):
            Tag.objects.create(name="Тариф")  # slug тариф, which the import chose too
            return real_bulk_create(objs, **kwargs)

        with mock.patch.object(Tag.objects, "bulk_create", bulk_create_after_another):
            gift_import("// [tag:тариф]\nВопрос?{T}")
        self.assertEqual(
            dict(Tag.objects.values_list("name", "slug")), {"Тариф": "тариф", "тариф": "тариф_1"}
        )
        self.assertEqual([tag.name for tag in Question.objects.get().tags.all()], ["тариф"])
