"""Moodle XML: reading each question type, refusing unsafe files, embedded images, export and
the round trip (``quizzes/moodle_xml.py``), and the export's download permissions."""

import base64
import io
from decimal import Decimal

from django.core.files.images import ImageFile
from django.test import SimpleTestCase, TestCase, override_settings

from wagtail.images import get_image_model

from PIL import Image as PillowImage

from lms.people import roles
from quizzes.gift import BLANK, DESCRIPTION
from quizzes.importing import (
    CREATE,
    UNCHANGED,
    XML,
    QuestionImportError,
    question_file_format,
    questions_import,
    questions_import_preview,
)
from quizzes.models import (
    AcceptedAnswer,
    Choice,
    MatchPair,
    NumericAnswer,
    Question,
    QuestionCategory,
)
from quizzes.moodle_xml import (
    MAX_DEPTH,
    NOTE_CASE,
    NOTE_UNITS,
    moodle_xml_parse,
    questions_moodle_xml,
)
from tests.api.helpers import API
from tests.factories import staff_user
from tests.quizzes.gift_helpers import bank_create, quiz_with

T = Question.Type
Image = get_image_model()


def quiz_xml(*questions: str) -> str:
    return '<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n' + "\n".join(questions) + "\n</quiz>\n"


def png_bytes(colour=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    PillowImage.new("RGB", (4, 3), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def only(parsed):
    assert not parsed.errors, parsed.errors
    (draft,) = parsed.questions
    return draft


MULTICHOICE_SINGLE = """\
<question type="multichoice">
  <name><text>Тариф</text></name>
  <questiontext format="html"><text><![CDATA[<p>Какой тариф <b>дешевле</b>?</p>]]></text></questiontext>
  <generalfeedback format="markdown"><text>Смотрите **прайс**.</text></generalfeedback>
  <defaultgrade>2.0000000</defaultgrade>
  <idnumber>41</idnumber>
  <single>true</single>
  <answer fraction="100" format="plain_text"><text>Базовый</text>
    <feedback format="html"><text>&lt;p&gt;Верно!&lt;/p&gt;</text></feedback></answer>
  <answer fraction="50" format="plain_text"><text>Стандарт</text>
    <feedback format="plain_text"><text>Почти</text></feedback></answer>
  <answer fraction="0" format="plain_text"><text>Премиум</text></answer>
  <tags><tag><text>тарифы</text></tag><tag><text>b2c</text></tag></tags>
</question>"""


class ParseTypesTests(SimpleTestCase):
    def test_single_choice_keeps_partial_options_formats_feedback_and_header(self):
        draft = only(moodle_xml_parse(quiz_xml(MULTICHOICE_SINGLE)))
        self.assertEqual(draft.kind, T.SINGLE_CHOICE)
        self.assertEqual(draft.line, 3)
        self.assertEqual((draft.title, draft.source_id, draft.points), ("Тариф", "41", "2"))
        self.assertEqual(draft.text, "<p>Какой тариф <b>дешевле</b>?</p>")
        self.assertEqual((draft.text_format, draft.explanation_format), ("html", "markdown"))
        self.assertEqual(draft.explanation, "Смотрите **прайс**.")
        self.assertEqual(draft.tags, ["тарифы", "b2c"])
        self.assertIsNone(draft.category)
        rows = [(c.text, c.right, c.weight, c.feedback, c.line) for c in draft.choices]
        self.assertEqual(
            rows,
            [
                ("Базовый", True, None, "Верно!", 10),
                ("Стандарт", False, Decimal(50), "Почти", 12),
                ("Премиум", False, None, "", 14),
            ],
        )

    def test_multiple_choice_with_negative_fractions(self):
        xml = quiz_xml(
            """<question type="multichoice">
  <name><text>Каналы</text></name>
  <questiontext format="moodle_auto_format"><text>Что входит?</text></questiontext>
  <single>false</single>
  <answer fraction="50"><text>Звонки</text></answer>
  <answer fraction="50"><text>SMS</text></answer>
  <answer fraction="-100"><text>Роуминг</text><feedback><text>Нет</text></feedback></answer>
</question>"""
        )
        draft = only(moodle_xml_parse(xml))
        self.assertEqual(draft.kind, T.MULTIPLE_CHOICE)
        self.assertTrue(draft.partial_credit)
        self.assertEqual(draft.text_format, "moodle")
        rows = [(c.text, c.right, c.weight, c.feedback) for c in draft.choices]
        self.assertEqual(
            rows,
            [
                ("Звонки", True, Decimal(50), ""),
                ("SMS", True, Decimal(50), ""),
                ("Роуминг", False, Decimal(-100), "Нет"),
            ],
        )

    def test_fractions_are_the_weights_to_the_hundredth(self):
        xml = quiz_xml(
            """<question type="multichoice"><name><text>x</text></name>
  <questiontext><text>Отметьте</text></questiontext><single>false</single>
  <answer fraction="33.33333"><text>a</text></answer>
  <answer fraction="33.33333"><text>b</text></answer>
  <answer fraction="33.33333"><text>c</text></answer>
  <answer fraction="-33.33333"><text>d</text></answer>
</question>"""
        )
        draft = only(moodle_xml_parse(xml))
        self.assertEqual(
            [c.weight for c in draft.choices], [Decimal("33.33")] * 3 + [Decimal("-33.33")]
        )
        self.assertEqual([c.right for c in draft.choices], [True, True, True, False])

    def test_all_or_nothing_multiple_choice(self):
        xml = quiz_xml(
            """<question type="multichoiceset"><name><text>x</text></name>
  <questiontext><text>Каналы</text></questiontext>
  <answer fraction="50"><text>Чат</text></answer>
  <answer fraction="50"><text>Почта</text></answer>
  <answer fraction="0"><text>Факс</text></answer>
</question>"""
        )
        draft = only(moodle_xml_parse(xml))
        self.assertEqual((draft.kind, draft.partial_credit), (T.MULTIPLE_CHOICE, False))
        self.assertEqual([c.right for c in draft.choices], [True, True, False])

    def test_single_choice_with_the_blank_is_missing_word(self):
        xml = quiz_xml(
            f"""<question type="multichoice"><name><text>x</text></name>
  <questiontext format="plain_text"><text>Грант {BLANK} в могиле.</text></questiontext>
  <single>true</single>
  <answer fraction="0"><text>похоронен</text></answer>
  <answer fraction="100"><text>погребён</text></answer>
</question>"""
        )
        draft = only(moodle_xml_parse(xml))
        self.assertEqual(draft.kind, T.MISSING_WORD)
        self.assertEqual([c.right for c in draft.choices], [False, True])

    def test_true_false_with_feedback(self):
        xml = quiz_xml(
            """<question type="truefalse"><name><text>x</text></name>
  <questiontext><text>Абонент платит за входящие?</text></questiontext>
  <answer fraction="0"><text>true</text><feedback><text>Нет, бесплатно</text></feedback></answer>
  <answer fraction="100"><text>false</text><feedback><text>Верно</text></feedback></answer>
</question>"""
        )
        draft = only(moodle_xml_parse(xml))
        self.assertEqual((draft.kind, draft.correct_bool), (T.TRUE_FALSE, False))
        self.assertEqual(draft.true_false_feedback, ("Нет, бесплатно", "Верно"))

    def test_short_answer_and_case_sensitivity_noted(self):
        xml = quiz_xml(
            """<question type="shortanswer"><name><text>x</text></name>
  <questiontext><text>Отказ от услуги?</text></questiontext>
  <usecase>1</usecase>
  <answer fraction="100"><text>отток</text></answer>
  <answer fraction="50"><text>уход</text></answer>
</question>"""
        )
        draft = only(moodle_xml_parse(xml))
        self.assertEqual(draft.kind, T.SHORT_TEXT)
        self.assertEqual(
            [(c.text, c.weight) for c in draft.choices], [("отток", None), ("уход", Decimal(50))]
        )
        self.assertEqual(draft.notes, [str(NOTE_CASE)])

    def test_numerical_answers_with_tolerance_fraction_feedback(self):
        xml = quiz_xml(
            """<question type="numerical"><name><text>x</text></name>
  <questiontext><text>Дней на возврат?</text></questiontext>
  <answer fraction="100"><text>14</text><tolerance>0.5</tolerance>
    <feedback><text>Точно</text></feedback></answer>
  <answer fraction="50"><text>10</text><tolerance>2</tolerance></answer>
  <answer fraction="0"><text>*</text><feedback><text>Смотрите закон</text></feedback></answer>
  <units><unit><multiplier>1</multiplier><unit_name>дн</unit_name></unit></units>
</question>"""
        )
        draft = only(moodle_xml_parse(xml))
        self.assertEqual(draft.kind, T.NUMERIC)
        rows = [(n.value, n.tolerance, n.right, n.weight, n.feedback) for n in draft.numbers]
        self.assertEqual(
            rows,
            [
                (Decimal(14), Decimal("0.5"), True, Decimal(100), "Точно"),
                (Decimal(10), Decimal(2), True, Decimal(50), ""),
                (Decimal(0), Decimal(0), False, Decimal(0), "Смотрите закон"),
            ],
        )
        self.assertEqual(draft.notes, [str(NOTE_UNITS)])

    def test_matching_with_a_distractor(self):
        xml = quiz_xml(
            """<question type="matching"><name><text>x</text></name>
  <questiontext><text>Сопоставьте</text></questiontext>
  <subquestion format="html"><text><![CDATA[<p>NPS</p>]]></text><answer><text>лояльность</text></answer></subquestion>
  <subquestion format="html"><text>CSAT</text><answer><text>удовлетворённость</text></answer></subquestion>
  <subquestion format="html"><text></text><answer><text>выручка</text></answer></subquestion>
</question>"""
        )
        draft = only(moodle_xml_parse(xml))
        self.assertEqual(draft.kind, T.MATCHING)
        self.assertEqual(
            draft.pairs,
            [("NPS", "лояльность"), ("CSAT", "удовлетворённость"), ("", "выручка")],
        )

    def test_ordering_by_the_fractions(self):
        xml = quiz_xml(
            """<question type="ordering"><name><text>x</text></name>
  <questiontext><text>Шаги</text></questiontext>
  <layouttype>VERTICAL</layouttype>
  <answer fraction="2.0000000"><text>Выяснить</text></answer>
  <answer fraction="1.0000000"><text>Поздороваться</text></answer>
  <answer fraction="3.0000000"><text>Предложить</text></answer>
</question>"""
        )
        draft = only(moodle_xml_parse(xml))
        self.assertEqual(draft.kind, T.ORDERING)
        self.assertEqual(
            [c.text for c in draft.choices], ["Поздороваться", "Выяснить", "Предложить"]
        )

    def test_essay_is_an_open_answer_with_grading_notes(self):
        xml = quiz_xml(
            """<question type="essay"><name><text>Возражение</text></name>
  <questiontext><text>Клиент говорит: у конкурента дешевле. Ваш ответ?</text></questiontext>
  <responseformat>editor</responseformat>
  <graderinfo format="html"><text>Признать, уточнить, сравнить ценность</text></graderinfo>
</question>"""
        )
        draft = only(moodle_xml_parse(xml))
        self.assertEqual(draft.kind, T.OPEN_ANSWER)
        self.assertEqual(draft.grading_notes, "Признать, уточнить, сравнить ценность")

    def test_multianswer_is_cloze_with_the_text_verbatim(self):
        text = "Столица {1:SHORTANSWER:=Москва#Верно~%50%Moscow} и {1:MULTICHOICE:=да~нет}"
        xml = quiz_xml(
            f"""<question type="multianswer"><name><text>x</text></name>
  <questiontext format="html"><text>{text}</text></questiontext>
</question>"""
        )
        draft = only(moodle_xml_parse(xml))
        self.assertEqual((draft.kind, draft.text), (T.CLOZE, text))

    def test_cloze_without_gaps_is_refused(self):
        xml = quiz_xml(
            """<question type="multianswer"><name><text>Пусто</text></name>
  <questiontext><text>Никаких пропусков</text></questiontext>
</question>"""
        )
        parsed = moodle_xml_parse(xml)
        self.assertEqual([e.line for e in parsed.errors], [3])
        self.assertIn("Пусто", str(parsed.errors[0]))

    def test_gapselect_and_ddwtos_with_one_gap_are_missing_word(self):
        for qtype, option in (("gapselect", "selectoption"), ("ddwtos", "dragbox")):
            with self.subTest(qtype=qtype):
                xml = quiz_xml(
                    f"""<question type="{qtype}"><name><text>x</text></name>
  <questiontext><text>Грант [[2]] в могиле.</text></questiontext>
  <{option}><text>похоронен</text><group>1</group></{option}>
  <{option}><text>погребён</text><group>1</group></{option}>
  <{option}><text>кот</text><group>2</group></{option}>
</question>"""
                )
                draft = only(moodle_xml_parse(xml))
                self.assertEqual(draft.kind, T.MISSING_WORD)
                self.assertEqual(draft.text, f"Грант {BLANK} в могиле.")
                self.assertEqual(
                    [(c.text, c.right) for c in draft.choices],
                    [("похоронен", False), ("погребён", True)],
                )

    def test_gapselect_with_two_gaps_is_refused(self):
        xml = quiz_xml(
            """<question type="gapselect"><name><text>Два</text></name>
  <questiontext><text>[[1]] и [[2]]</text></questiontext>
  <selectoption><text>a</text><group>1</group></selectoption>
  <selectoption><text>b</text><group>1</group></selectoption>
</question>"""
        )
        parsed = moodle_xml_parse(xml)
        self.assertEqual([e.line for e in parsed.errors], [3])
        self.assertTrue(parsed.questions[0].has_errors)

    def test_description_and_unknown_types_are_refused_at_their_line(self):
        xml = quiz_xml(
            """<question type="description"><name><text>Вводная</text></name>
  <questiontext><text>Прочтите</text></questiontext>
</question>
<question type="answers"><name><text>Формула</text></name>
  <questiontext><text>{a} + {b}</text></questiontext>
</question>"""
        )
        parsed = moodle_xml_parse(xml)
        self.assertEqual([e.line for e in parsed.errors], [3, 6])
        self.assertIn("Вводная", str(parsed.errors[0]))
        self.assertIn("answers", str(parsed.errors[1]))
        self.assertEqual([d.kind for d in parsed.questions], [DESCRIPTION])

    def test_categories_set_the_following_questions(self):
        question = """<question type="truefalse"><name><text>q</text></name>
  <questiontext><text>Небо синее?</text></questiontext>
  <answer fraction="100"><text>true</text></answer><answer fraction="0"><text>false</text></answer>
</question>"""
        xml = quiz_xml(
            question,
            '<question type="category"><category><text>$course$/top/Продукты/Тарифы</text>'
            "</category></question>",
            question,
            '<question type="category"><category><text>$course$/top</text></category></question>',
            question,
        )
        parsed = moodle_xml_parse(xml)
        self.assertEqual([d.category for d in parsed.questions], [None, "Продукты / Тарифы", ""])
        self.assertEqual([c.name for c in parsed.categories], ["Продукты / Тарифы", None])

    def test_bad_fraction_and_points_name_their_line(self):
        xml = quiz_xml(
            """<question type="multichoice"><name><text>Плохая</text></name>
  <questiontext><text>?</text></questiontext>
  <defaultgrade>2.5</defaultgrade>
  <answer fraction="abc"><text>a</text></answer>
  <answer fraction="100"><text>b</text></answer>
  <answer fraction="150"><text>c</text></answer>
</question>"""
        )
        parsed = moodle_xml_parse(xml)
        self.assertEqual([e.line for e in parsed.errors], [3, 5, 6, 8])  # 3: one answer left


class SafeParsingTests(SimpleTestCase):
    def test_billion_laughs_is_refused_at_the_doctype(self):
        xml = (
            '<?xml version="1.0"?>\n'
            '<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
            ' <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n]>\n'
            "<quiz>&lol2;</quiz>"
        )
        parsed = moodle_xml_parse(xml)
        self.assertEqual(parsed.questions, [])
        self.assertEqual([e.line for e in parsed.errors], [2])
        self.assertIn("DOCTYPE", str(parsed.errors[0]))

    def test_external_entity_is_refused(self):
        xml = '<?xml version="1.0"?>\n<!DOCTYPE q SYSTEM "file:///etc/passwd">\n<quiz/>'
        parsed = moodle_xml_parse(xml)
        self.assertEqual([e.line for e in parsed.errors], [2])
        self.assertNotIn("root", str(parsed.errors[0]))

    def test_undeclared_entity_is_an_error_at_its_line(self):
        parsed = moodle_xml_parse("<quiz>\n<question>\n&xxe;</question></quiz>")
        self.assertEqual([e.line for e in parsed.errors], [3])

    def test_nesting_too_deep_is_refused_at_its_line(self):
        depth = MAX_DEPTH + 5
        xml = "<quiz>\n" + "<a>\n" * depth + "</a>" * depth + "</quiz>"
        parsed = moodle_xml_parse(xml)
        (error,) = parsed.errors
        self.assertEqual(error.line, MAX_DEPTH + 1)
        self.assertIn(str(MAX_DEPTH), str(error))

    @override_settings(IMPORT_MAX_FILE_BYTES=200)
    def test_a_file_past_the_size_limit_is_refused(self):
        xml = quiz_xml(*[MULTICHOICE_SINGLE] * 3)
        parsed = moodle_xml_parse(xml)
        (error,) = parsed.errors
        self.assertGreater(error.line, 1)
        self.assertEqual(parsed.questions, [])

    def test_broken_xml_and_a_foreign_root(self):
        self.assertEqual(moodle_xml_parse("<quiz>\n<question>\n</quiz>").errors[0].line, 3)
        self.assertIn("<html>", str(moodle_xml_parse("<html/>").errors[0]))

    def test_bytes_in_utf8_are_read(self):
        draft = only(moodle_xml_parse(quiz_xml(MULTICHOICE_SINGLE).encode("utf-8")))
        self.assertEqual(draft.title, "Тариф")


def image_question(name="схема.png", content: bytes | None = None, reference=None) -> str:
    content = png_bytes() if content is None else content
    reference = reference or name.replace(" ", "%20")
    encoded = base64.b64encode(content).decode()
    return f"""<question type="truefalse"><name><text>Схема</text></name>
  <questiontext format="html"><text><![CDATA[<p>Верна ли схема? <img src="@@PLUGINFILE@@/{reference}" alt="схема"></p>]]></text>
    <file name="{name}" path="/" encoding="base64">{encoded}</file>
  </questiontext>
  <answer fraction="100"><text>true</text></answer><answer fraction="0"><text>false</text></answer>
</question>"""


class ImageParseTests(SimpleTestCase):
    def test_the_file_comes_with_the_draft(self):
        draft = only(moodle_xml_parse(quiz_xml(image_question())))
        (file,) = draft.files
        self.assertEqual((file.name, file.content, file.line), ("схема.png", png_bytes(), 5))
        self.assertIn("@@PLUGINFILE@@/", draft.text)

    def test_a_reference_without_its_file_and_bad_base64(self):
        parsed = moodle_xml_parse(quiz_xml(image_question(reference="другое.png")))
        self.assertEqual([e.line for e in parsed.errors], [1 + 2])
        xml = image_question().replace('encoding="base64">', 'encoding="base64">!!!')
        parsed = moodle_xml_parse(quiz_xml(xml))
        self.assertEqual(len(parsed.errors), 2)  # the bad file, then the missing reference


class ImportTests(TestCase):
    def test_xml_files_are_recognised(self):
        self.assertEqual(question_file_format(filename="bank.XML"), XML)

    def test_every_type_imports(self):
        xml = quiz_xml(
            '<question type="category"><category><text>$course$/top/Продукты</text>'
            "</category></question>",
            MULTICHOICE_SINGLE,
            """<question type="essay"><name><text>Возражение</text></name>
  <questiontext><text>Ваш ответ?</text></questiontext>
  <graderinfo><text>Признать и уточнить</text></graderinfo></question>""",
            """<question type="multianswer"><name><text>Кл</text></name>
  <questiontext><text>Столица {1:SHORTANSWER:=Москва}</text></questiontext></question>""",
            f"""<question type="multichoice"><name><text>Пропуск</text></name>
  <questiontext format="plain_text"><text>Грант {BLANK} в могиле.</text></questiontext>
  <single>true</single>
  <answer fraction="0"><text>похоронен</text><feedback><text>Нет</text></feedback></answer>
  <answer fraction="100"><text>погребён</text></answer></question>""",
        )
        result = questions_import(content=xml, filename="bank.xml", user=None)
        self.assertEqual(result.file_format, XML)
        self.assertEqual(result.created, 4)
        single = Question.objects.get(title="Тариф")
        self.assertEqual((single.text_format, single.explanation_format), ("html", "markdown"))
        self.assertEqual(single.category.name, "Продукты")
        self.assertEqual(sorted(t.name for t in single.tags.all()), ["b2c", "тарифы"])
        self.assertEqual(single.points, 2)
        self.assertEqual(
            [(c.text, c.is_correct, c.weight) for c in single.choices.all()],
            [("Базовый", True, None), ("Стандарт", False, Decimal(50)), ("Премиум", False, None)],
        )
        essay = Question.objects.get(title="Возражение")
        self.assertEqual((essay.type, essay.grading_notes), (T.OPEN_ANSWER, "Признать и уточнить"))
        self.assertEqual(Question.objects.get(title="Кл").type, T.CLOZE)
        missing = Question.objects.get(title="Пропуск")
        self.assertEqual(missing.type, T.MISSING_WORD)
        self.assertEqual(
            [(c.text, c.is_correct, c.feedback) for c in missing.choices.all()],
            [("похоронен", False, "Нет"), ("погребён", True, "")],
        )

    def test_notes_of_the_reader_reach_the_preview(self):
        xml = quiz_xml(
            """<question type="shortanswer"><name><text>x</text></name>
  <questiontext><text>Отказ?</text></questiontext><usecase>1</usecase>
  <answer fraction="100"><text>отток</text></answer></question>"""
        )
        preview = questions_import_preview(content=xml, filename="bank.xml")
        self.assertIn(str(NOTE_CASE), [note.message for note in preview.notes])

    def test_an_error_imports_nothing(self):
        xml = quiz_xml(
            MULTICHOICE_SINGLE,
            '<question type="description"><name><text>d</text></name>'
            "<questiontext><text>Прочтите</text></questiontext></question>",
        )
        with self.assertRaises(QuestionImportError):
            questions_import(content=xml, filename="bank.xml", user=None)
        self.assertFalse(Question.objects.exists())


class ImageImportTests(TestCase):
    def test_preview_writes_no_image_and_import_stores_one_per_content(self):
        xml = quiz_xml(image_question(), image_question("копия.png"))
        preview = questions_import_preview(content=xml, filename="bank.xml")
        self.assertTrue(preview.ok, preview.errors)
        self.assertFalse(Image.objects.exists())
        questions_import(content=xml, filename="bank.xml", user=None)
        (image,) = Image.objects.all()
        self.assertEqual((image.width, image.height), (4, 3))
        for question in Question.objects.all():
            self.assertIn(f'src="{image.file.url}"', question.text)
            self.assertNotIn("@@PLUGINFILE@@", question.text)

    def test_importing_again_reuses_the_image_and_changes_nothing(self):
        xml = quiz_xml(image_question().replace("<name>", "<idnumber>1</idnumber><name>"))
        first = questions_import(content=xml, filename="bank.xml", user=None)
        # The same file again: its id meets the question it made.
        result = questions_import(content=xml, filename="bank.xml", user=None)
        self.assertEqual([o.action for o in result.questions], [UNCHANGED])
        self.assertEqual(
            [o.question_id for o in result.questions], [o.question_id for o in first.questions]
        )
        self.assertEqual(Image.objects.count(), 1)

    def test_a_file_that_is_not_an_image_is_an_error_at_its_line(self):
        xml = quiz_xml(image_question("отчёт.pdf", content=b"%PDF-1.4 not an image"))
        preview = questions_import_preview(content=xml, filename="bank.xml")
        self.assertEqual([e.line for e in preview.errors], [5])
        self.assertIn("отчёт.pdf", str(preview.errors[0]))
        self.assertFalse(Image.objects.exists())


def wagtail_image(colour=(10, 120, 200)):
    file = ImageFile(io.BytesIO(png_bytes(colour)), name="scheme.png")
    image = Image(title="Схема", file=file, width=4, height=3)
    image._set_image_file_metadata()  # as Wagtail's upload form does: size and hash
    image.save()
    return image


def bank_with_new_types() -> list[Question]:
    bank = bank_create()
    missing = Question.objects.create(
        type=T.MISSING_WORD, title="Пропуск", text=f"Грант {BLANK} в могиле.", text_format="plain"
    )
    Choice.objects.create(question=missing, text="похоронен", feedback="Нет", sort_order=0)
    Choice.objects.create(question=missing, text="погребён", is_correct=True, sort_order=1)
    partial = Question.objects.create(type=T.SINGLE_CHOICE, text="Частично", text_format="html")
    Choice.objects.create(question=partial, text="Да", is_correct=True, sort_order=0)
    Choice.objects.create(question=partial, text="Почти", weight=Decimal(50), sort_order=1)
    Choice.objects.create(question=partial, text="Нет", sort_order=2)
    cloze = Question.objects.create(
        type=T.CLOZE,
        text="Столица {1:SHORTANSWER:=Москва#Верно~%50%Moscow} и {1:MULTICHOICE:=да~нет}",
        text_format="moodle",
        explanation="<p>Москва</p>",
        explanation_format="html",
    )
    essay = Question.objects.create(
        type=T.OPEN_ANSWER,
        title="Возражение",
        text="Клиент говорит: у конкурента дешевле. Ваш ответ?",
        grading_notes="Признать, уточнить, **сравнить** ценность",
        points=5,
    )
    numbers = Question.objects.create(type=T.NUMERIC, text="Сколько?", explanation="Смотрите")
    NumericAnswer.objects.create(
        question=numbers, value=Decimal(14), tolerance=Decimal(1), feedback="Точно", sort_order=0
    )
    NumericAnswer.objects.create(
        question=numbers, value=Decimal(10), weight=Decimal(50), feedback="Близко", sort_order=1
    )
    image = wagtail_image()
    pictured = Question.objects.create(
        type=T.TRUE_FALSE,
        title="Схема",
        text=f"Верна ли схема?\n\n![схема]({image.file.url})",
        explanation=f'<img src="{image.file.url}" alt="схема">',
        explanation_format="html",
        correct_bool=True,
    )
    return [*bank.values(), missing, partial, cloze, essay, numbers, pictured]


def question_state(question: Question) -> tuple:
    """Every field an import sets, by value (not by id)."""
    return (
        question.type,
        question.title,
        question.text,
        question.text_format,
        question.explanation,
        question.explanation_format,
        question.points,
        question.partial_credit,
        question.correct_bool,
        question.grading_notes,
        question.category.name if question.category_id else "",
        sorted(t.name for t in question.tags.all()),
        [(c.text, c.is_correct, c.weight, c.feedback) for c in question.choices.all()],
        [a.text for a in AcceptedAnswer.objects.filter(question=question)],
        [(n.value, n.tolerance, n.weight, n.feedback) for n in question.numeric_answers.all()],
        [(p.left, p.right) for p in MatchPair.objects.filter(question=question)],
    )


class RoundTripTests(TestCase):
    def test_export_then_import_gives_the_same_questions_field_for_field(self):
        questions = bank_with_new_types()
        before = [question_state(q) for q in questions]
        exported = questions_moodle_xml(questions)
        self.assertTrue(exported.startswith(b'<?xml version="1.0" encoding="UTF-8"?>'))
        self.assertIn(b'encoding="base64"', exported)
        parsed = moodle_xml_parse(exported)
        self.assertEqual(parsed.errors, [])
        self.assertEqual(len(parsed.questions), len(questions))
        Question.objects.all().delete()
        QuestionCategory.objects.all().delete()
        result = questions_import(content=exported.decode(), filename="bank.xml", user=None)
        self.assertEqual({o.action for o in result.questions}, {CREATE})
        after = [question_state(Question.objects.get(pk=o.question_id)) for o in result.questions]
        for number, (old, new) in enumerate(zip(before, after, strict=True)):
            with self.subTest(question=number, type=old[0]):
                self.assertEqual(new, old)
        self.assertEqual(Image.objects.count(), 1)  # the image was found again, not copied

    def test_reimporting_the_export_into_the_same_bank_changes_nothing(self):
        questions = bank_with_new_types()
        exported = questions_moodle_xml(questions).decode()
        result = questions_import(content=exported, filename="bank.xml", user=None)
        self.assertEqual({o.action for o in result.questions}, {UNCHANGED})

    def test_an_image_the_bank_lost_is_stored_again(self):
        questions = bank_with_new_types()
        exported = questions_moodle_xml(questions).decode()
        Image.objects.all().delete()
        Question.objects.all().delete()
        questions_import(content=exported, filename="bank.xml", user=None)
        (image,) = Image.objects.all()
        pictured = Question.objects.get(title="Схема")
        self.assertIn(f"]({image.file.url})", pictured.text)
        self.assertIn(f'src="{image.file.url}"', pictured.explanation)

    def test_all_or_nothing_is_written_as_moodles_multichoiceset(self):
        bank = bank_create()
        exported = questions_moodle_xml([bank["all_or_nothing"], bank["multiple"]]).decode()
        self.assertIn('type="multichoiceset"', exported)
        self.assertIn("<single>false</single>", exported)

    def test_export_queries_do_not_grow_with_questions(self):
        from quizzes.moodle_xml import quiz_moodle_xml_export

        small = quiz_with(list(bank_create().values())[:2])
        with self.assertNumQueries(8):
            quiz_moodle_xml_export(small)
        large = quiz_with(list(Question.objects.all()))
        with self.assertNumQueries(8):
            quiz_moodle_xml_export(large)


class ExportPermissionTests(TestCase):
    """The admin download and the API endpoint: anonymous, learner, manager, author."""

    @classmethod
    def setUpTestData(cls):
        cls.quiz = quiz_with([bank_create()["single"]], title="Продажи")
        cls.admin_url = f"/admin/quizzes/{cls.quiz.pk}/export/xml/"
        cls.api_url = f"{API}/quizzes/{cls.quiz.pk}/export.xml"

    def test_anonymous(self):
        response = self.client.get(self.admin_url)
        self.assertEqual(response.status_code, 302)
        self.assertIn("/admin/login/", response["Location"])
        self.assertEqual(self.client.get(self.api_url).status_code, 401)

    def test_learner_and_manager_are_turned_away(self):
        for role in ([], [roles.MANAGERS]):
            with self.subTest(roles=role):
                self.client.force_login(staff_user(roles=role))
                response = self.client.get(self.admin_url)
                self.assertIn(response.status_code, (302, 403))
                self.assertNotIn("attachment", response.get("Content-Disposition", ""))
                self.assertEqual(self.client.get(self.api_url).status_code, 403)

    def test_authors_leads_and_administrators_download_the_file(self):
        for role in (roles.AUTHORS, roles.CONTENT_LEADS, roles.ADMINISTRATORS):
            self.client.force_login(staff_user(roles=[role]))
            for url in (self.admin_url, self.api_url):
                with self.subTest(role=role, url=url):
                    response = self.client.get(url)
                    self.assertEqual(response.status_code, 200)
                    self.assertEqual(response["Content-Type"], "application/xml; charset=utf-8")
                    self.assertIn("attachment;", response["Content-Disposition"])
                    self.assertIn(".xml", response["Content-Disposition"])
                    parsed = moodle_xml_parse(b"".join(response))
                    self.assertEqual(parsed.errors, [])
                    self.assertEqual(len(parsed.questions), 1)

    def test_unknown_quiz_is_404(self):
        self.client.force_login(staff_user(roles=[roles.AUTHORS]))
        self.assertEqual(self.client.get("/admin/quizzes/999999/export/xml/").status_code, 404)
        self.assertEqual(self.client.get(f"{API}/quizzes/999999/export.xml").status_code, 404)

    def test_the_import_page_links_the_xml_download(self):
        self.client.force_login(staff_user(roles=[roles.AUTHORS]))
        response = self.client.get("/admin/quizzes/questions/import/")
        self.assertContains(response, self.admin_url)


class AdminAndCommandImportTests(TestCase):
    """A .xml file through the admin's preview and confirmation, and through the command."""

    def test_admin_preview_writes_nothing_and_confirm_stores_questions_and_image(self):
        from django.core.files.uploadedfile import SimpleUploadedFile

        self.client.force_login(staff_user(roles=[roles.AUTHORS]))
        content = quiz_xml(image_question(), MULTICHOICE_SINGLE).encode("utf-8")
        upload = SimpleUploadedFile("bank.xml", content, content_type="text/xml")
        response = self.client.post("/admin/quizzes/questions/import/", {"file": upload})
        self.assertEqual(response.status_code, 200)
        preview = response.context["preview"]
        self.assertEqual((preview.file_format, preview.created, preview.errors), (XML, 2, []))
        self.assertFalse(Question.objects.exists())
        self.assertFalse(Image.objects.exists())
        response = self.client.post(
            "/admin/quizzes/questions/import/confirm/", {"digest": response.context["digest"]}
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Question.objects.count(), 2)
        (image,) = Image.objects.all()
        self.assertIn(image.file.url, Question.objects.get(title="Схема").text)

    def test_command_reads_xml_and_prints_errors_by_line(self):
        import tempfile
        from pathlib import Path

        from django.core.management import CommandError, call_command

        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        good = Path(folder.name) / "bank.xml"
        good.write_text(quiz_xml(MULTICHOICE_SINGLE), encoding="utf-8")
        out = io.StringIO()
        call_command("import_questions", str(good), stdout=out, stderr=io.StringIO())
        self.assertIn("created 1", out.getvalue())
        bad = Path(folder.name) / "bad.xml"
        bad.write_text('<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "b">]>\n<quiz/>')
        err = io.StringIO()
        with self.assertRaises(CommandError):
            call_command("import_questions", str(bad), stdout=io.StringIO(), stderr=err)
        self.assertTrue(err.getvalue().startswith("line 2: "))
        self.assertEqual(Question.objects.count(), 1)


# As Moodle 4 writes a question bank: empty ids, combined feedback, penalties, HTML answers.
MOODLE_EXPORT = """<?xml version="1.0" encoding="UTF-8"?>
<quiz>
<!-- question: 0  -->
  <question type="category">
    <category>
      <text>$course$/top/Default for Продажи/Тарифы</text>
    </category>
    <info format="moodle_auto_format">
      <text></text>
    </info>
    <idnumber></idnumber>
  </question>

<!-- question: 1523  -->
  <question type="multichoice">
    <name>
      <text>Тариф</text>
    </name>
    <questiontext format="html">
      <text><![CDATA[<p dir="ltr">Какой тариф дешевле? <img src="@@PLUGINFILE@@/price%20list.png" alt="прайс" width="4" height="3"></p>]]></text>
      <file name="price list.png" path="/" encoding="base64">{image}</file>
    </questiontext>
    <generalfeedback format="html">
      <text></text>
    </generalfeedback>
    <defaultgrade>1.0000000</defaultgrade>
    <penalty>0.3333333</penalty>
    <hidden>0</hidden>
    <idnumber></idnumber>
    <single>true</single>
    <shuffleanswers>true</shuffleanswers>
    <answernumbering>abc</answernumbering>
    <showstandardinstruction>0</showstandardinstruction>
    <correctfeedback format="html">
      <text>Your answer is correct.</text>
    </correctfeedback>
    <partiallycorrectfeedback format="html">
      <text>Your answer is partially correct.</text>
    </partiallycorrectfeedback>
    <incorrectfeedback format="html">
      <text>Your answer is incorrect.</text>
    </incorrectfeedback>
    <shownumcorrect/>
    <answer fraction="100" format="html">
      <text><![CDATA[<p dir="ltr">Базовый</p>]]></text>
      <feedback format="html">
        <text><![CDATA[<p dir="ltr">Верно</p>]]></text>
      </feedback>
    </answer>
    <answer fraction="0" format="html">
      <text><![CDATA[<p dir="ltr">Премиум</p>]]></text>
      <feedback format="html">
        <text></text>
      </feedback>
    </answer>
  </question>
</quiz>
"""


class MoodleExportTests(TestCase):
    def test_a_bank_exported_by_moodle_imports(self):
        xml = MOODLE_EXPORT.replace("{image}", base64.b64encode(png_bytes()).decode())
        preview = questions_import_preview(content=xml, filename="questions-Продажи.xml")
        self.assertEqual(preview.errors, [])
        (outcome,) = preview.questions
        self.assertEqual(
            (outcome.line, outcome.type, outcome.action), (15, T.SINGLE_CHOICE, CREATE)
        )
        self.assertTrue(preview.notes)  # HTML options become plain text
        questions_import(content=xml, filename="questions-Продажи.xml", user=None)
        question = Question.objects.get()
        (image,) = Image.objects.all()
        self.assertEqual(question.category.name, "Default for Продажи / Тарифы")
        self.assertEqual(question.text_format, "html")
        self.assertIn(f'src="{image.file.url}"', question.text)
        self.assertEqual(
            [(c.text, c.is_correct, c.feedback) for c in question.choices.all()],
            [("Базовый", True, "Верно"), ("Премиум", False, "")],
        )
