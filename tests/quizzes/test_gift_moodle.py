"""GIFT with Moodle's own semantics (``quizzes/gift.py`` and the draft → row mapping of
``quizzes/importing.py``): one test per construct with its expected reading, what the bank
keeps of it, and what the export writes so that Moodle and this reader read it back the same."""

from decimal import Decimal

from django.test import SimpleTestCase, TestCase
from django.utils import translation

from quizzes import gift
from quizzes.gift import BLANK, DESCRIPTION, gift_parse, questions_gift, questions_gift_problems
from quizzes.importing import NOTE_OTHER_NUMBER_FEEDBACK, UNCHANGED, questions_import
from quizzes.models import Question

T = Question.Type


def only(test: SimpleTestCase, content: str) -> gift.QuestionDraft:
    parsed = gift_parse(content)
    test.assertEqual([str(e) for e in parsed.errors], [])
    test.assertEqual(len(parsed.questions), 1)
    return parsed.questions[0]


def numbers(draft: gift.QuestionDraft) -> list[tuple]:
    return [(n.value, n.tolerance, n.right, n.weight, n.feedback) for n in draft.numbers]


class NumericTests(SimpleTestCase):
    def test_tolerance_with_feedback_for_anything_else(self):
        draft = only(self, "Сколько?{#3:2~#Нет, не так}")
        self.assertEqual(draft.kind, T.NUMERIC)
        self.assertEqual(
            numbers(draft),
            [(Decimal(3), Decimal(2), True, None, ""), (0, 0, False, None, "Нет, не так")],
        )

    def test_first_number_without_equals_keeps_its_feedback(self):
        draft = only(self, "Сколько?{#3:2#Верно~#Нет}")
        self.assertEqual(numbers(draft)[0], (Decimal(3), Decimal(2), True, None, "Верно"))

    def test_several_numbers_with_weights_and_feedback(self):
        draft = only(self, "Сколько?{#=%100%3:0#Точно =%50%3:2#Почти}")
        self.assertEqual(
            numbers(draft),
            [
                (Decimal(3), Decimal(0), True, Decimal(100), "Точно"),
                (Decimal(3), Decimal(2), True, Decimal(50), "Почти"),
            ],
        )

    def test_range_is_its_middle_and_half_width(self):
        self.assertEqual(numbers(only(self, "Сколько?{#1..5}"))[0][:2], (Decimal(3), Decimal(2)))
        draft = only(self, "Сколько?{#=%50%1..5#Близко}")
        self.assertEqual(numbers(draft), [(Decimal(3), Decimal(2), True, Decimal(50), "Близко")])


class FormatTests(SimpleTestCase):
    def test_each_format_is_kept_as_written(self):
        for name in ("moodle", "html", "markdown", "plain"):
            with self.subTest(format=name):
                draft = only(self, f"[{name}]Текст *как есть*{{T####Пояснение}}")
                self.assertEqual((draft.text, draft.text_format), ("Текст *как есть*", name))
                self.assertEqual(draft.explanation_format, name)

    def test_without_a_prefix_the_format_is_moodles(self):
        self.assertEqual(only(self, "Вопрос{T}").text_format, "moodle")

    def test_general_feedback_starts_at_the_last_four_hashes(self):
        draft = only(self, "Вопрос{=да#Верно ####почти ~нет ####Итог}")
        self.assertEqual(draft.explanation, "Итог")
        self.assertEqual([c.feedback for c in draft.choices], ["Верно ####почти", ""])

    def test_general_feedback_may_have_its_own_format(self):
        draft = only(self, "[plain]Вопрос{T####[html]<b>Почему</b>}")
        self.assertEqual((draft.text_format, draft.explanation_format), ("plain", "html"))
        self.assertEqual(draft.explanation, "<b>Почему</b>")

    def test_pre_keeps_its_line_breaks_and_the_rest_joins(self):
        draft = only(self, "[html]Код:<pre>def f():\n    return 1\n</pre>\nи далее\nтекст{T}")
        self.assertEqual(draft.text, "Код:<pre>def f():\n    return 1\n</pre> и далее текст")

    def test_multi_line_html_feedback_keeps_pre(self):
        draft = only(
            self,
            "[html]Вопрос{\n=да#<pre>a\n  b</pre>\n~нет\n####<p>Итог</p>\n<pre>x\n y</pre>\n}",
        )
        self.assertEqual(draft.choices[0].feedback, "<pre>a\n  b</pre>")
        self.assertEqual(draft.explanation, "<p>Итог</p> <pre>x\n y</pre>")

    def test_newline_escape_still_makes_a_line_break(self):
        self.assertEqual(only(self, "[plain]Первая\\nвторая{T}").text, "Первая\nвторая")


class MarkerTests(SimpleTestCase):
    def test_escaped_bracket_inside_id_and_tag(self):
        draft = only(self, "// [id:a\\]b] [tag:x\\]y] [tag:z]\nВопрос{T}")
        self.assertEqual((draft.source_id, draft.tags), ("a]b", ["x]y", "z"]))

    def test_id_is_any_string_and_the_first_counts(self):
        draft = only(self, "// [id:Q-12 вариант\\\\2]\n// [id:другой]\nВопрос{T}")
        self.assertEqual(draft.source_id, "Q-12 вариант\\2")

    def test_escape_reads_back(self):
        for value in ("a]b", "x\\", "\\]", "строка\nвторая", "c:\\path"):
            with self.subTest(value=value):
                self.assertEqual(gift.marker_unescape(gift.marker_escape(value)), value)
                marker = f"[tag:{gift.marker_escape(value.replace(chr(10), ' '))}]"
                draft = only(self, f"// {marker}\nВопрос{{T}}")
                self.assertEqual(draft.tags, [value.replace("\n", " ")])

    def test_categories_keep_escaped_characters(self):
        parsed = gift_parse("$CATEGORY: $course$/top/Продажи//B2B/Тарифы\\: 2026\n\nВопрос{T}")
        self.assertEqual(parsed.questions[0].category, "Продажи/B2B / Тарифы: 2026")
        for name in ("C:\\Отчёты", "a\\:b", "Тарифы: 2026 / B2B"):
            with self.subTest(name=name):
                self.assertEqual(gift.category_name(gift.category_path(name)), name)


class KindTests(SimpleTestCase):
    def test_missing_word_keeps_the_spacing_as_written(self):
        draft = only(self, "Столица России — {=Москва ~Казань}, а не Питер.")
        self.assertEqual(draft.kind, T.MISSING_WORD)
        self.assertEqual(draft.text, f"Столица России — {BLANK}, а не Питер.")
        self.assertEqual(
            [(c.text, c.right) for c in draft.choices], [("Москва", True), ("Казань", False)]
        )

    def test_missing_word_over_lines(self):
        draft = only(self, "Грант\n{~жив =похоронен}\nв гробнице.")
        self.assertEqual(draft.text, f"Грант {BLANK} в гробнице.")

    def test_essay_is_an_open_answer_with_notes_and_explanation(self):
        draft = only(
            self,
            "// [grading_notes:Назвать выгоду\\nи предложить тест-драйв]\n"
            "::Возражение::Клиент: у конкурента дешевле. Ваш ответ?{####Сравните ценность}",
        )
        self.assertEqual(draft.kind, T.OPEN_ANSWER)
        self.assertTrue(draft.supported)
        self.assertEqual(draft.explanation, "Сравните ценность")
        self.assertEqual(draft.grading_notes, "Назвать выгоду\nи предложить тест-драйв")
        self.assertIsNone(only(self, "Эссе{}").grading_notes)

    @translation.override("en")
    def test_description_is_refused_at_its_line(self):
        parsed = gift_parse("Вопрос{T}\n\n\n::Вступление::Сначала немного теории.\n")
        (draft,) = [d for d in parsed.questions if not d.supported]
        self.assertEqual(draft.kind, DESCRIPTION)
        (error,) = parsed.errors
        self.assertEqual(error.line, 4)
        self.assertIn(str(gift.ERROR_DESCRIPTION), error.message)
        self.assertIn("“Вступление”", error.message)


class ChoiceRuleTests(SimpleTestCase):
    def test_one_full_answer_with_a_partial_one_stays_single_choice(self):
        draft = only(self, "Тариф?{~Премиум ~%50%Базовый =Эконом}")
        self.assertEqual((draft.kind, draft.partial_credit), (T.SINGLE_CHOICE, False))
        self.assertEqual([c.weight for c in draft.choices], [None, Decimal(50), None])

    def test_full_weight_without_equals_is_the_one_right_answer(self):
        draft = only(self, "Тариф?{~%100%Эконом ~%-50%Премиум ~Базовый}")
        self.assertEqual(draft.kind, T.SINGLE_CHOICE)
        self.assertEqual(draft.choices[1].weight, Decimal(-50))

    def test_positive_weights_adding_up_to_100_make_multiple_choice(self):
        draft = only(self, "Что входит?{~%50%Звонки ~%50%SMS ~%-100%Роуминг}")
        self.assertEqual((draft.kind, draft.partial_credit), (T.MULTIPLE_CHOICE, True))

    def test_a_weight_after_equals_is_text_and_the_answer_gets_all_the_points(self):
        # Moodle's multichoice: "=" is full marks, "%50%" stays in the answer's text.
        draft = only(self, "Что входит?{=%50%Звонки ~SMS ~Роуминг}")
        self.assertEqual((draft.kind, draft.partial_credit), (T.SINGLE_CHOICE, False))
        self.assertEqual(
            [(c.text, c.right, c.weight) for c in draft.choices],
            [("%50%Звонки", True, None), ("SMS", False, None), ("Роуминг", False, None)],
        )
        with translation.override("en"):
            draft = only(self, "Что входит?{=%50%Звонки ~SMS}")
            self.assertEqual(
                draft.notes,
                [
                    "“=50%” is worth all the points, as Moodle reads it, and “50%” stays in "
                    "the answer's text; for part of the points write “~50%”"
                ],
            )

    def test_two_weighted_equals_are_two_full_answers(self):
        draft = only(self, "Что входит?{=%50%Звонки =%50%SMS ~%-100%Роуминг}")
        self.assertEqual(draft.kind, T.MULTIPLE_CHOICE)
        self.assertEqual(
            [(c.text, c.right, c.weight) for c in draft.choices],
            [
                ("%50%Звонки", True, None),
                ("%50%SMS", True, None),
                ("Роуминг", False, Decimal(-100)),
            ],
        )
        self.assertEqual(len(draft.notes), 2)

    def test_a_weight_after_tilde_and_on_short_answers_still_counts(self):
        draft = only(self, "Что входит?{=Звонки ~%50%SMS}")
        self.assertEqual([c.weight for c in draft.choices], [None, Decimal(50)])
        self.assertEqual(draft.notes, [])
        # Short answers (no "~"): Moodle weighs "=%50%".
        draft = only(self, "Откуда он?{=Назарет =%50%Назерет}")
        self.assertEqual(draft.kind, T.SHORT_TEXT)
        self.assertEqual(
            [(c.text, c.weight) for c in draft.choices],
            [("Назарет", None), ("Назерет", Decimal(50))],
        )


def import_gift(content: str):
    return questions_import(content=content, filename="bank.gift", user=None)


class ImportMappingTests(TestCase):
    def test_formats_are_stored_and_html_is_not_converted(self):
        import_gift(
            "::П::[plain]Текст *не* Markdown{T####[html]<pre>a\n  b</pre>}\n\n"
            "::Х::[html]<p>Код:</p><pre>x\n  y</pre>{F}"
        )
        plain, html = Question.objects.order_by("title")
        self.assertEqual((plain.text, plain.text_format), ("Текст *не* Markdown", "plain"))
        self.assertEqual(
            (plain.explanation, plain.explanation_format), ("<pre>a\n  b</pre>", "html")
        )
        self.assertEqual((html.text, html.text_format), ("<p>Код:</p><pre>x\n  y</pre>", "html"))

    def test_single_choice_keeps_partial_and_negative_weights(self):
        import_gift("Тариф?{~%-50%Премиум ~%50%Базовый =Эконом}")
        question = Question.objects.get()
        self.assertEqual(question.type, T.SINGLE_CHOICE)
        self.assertEqual(
            [(c.is_correct, c.weight) for c in question.choices.all()],
            [(False, Decimal(-50)), (False, Decimal(50)), (True, None)],
        )

    def test_full_weight_on_the_right_choice_reads_back_unchanged(self):
        import_gift("Тариф?{~%100%Эконом ~%-50%Премиум ~Базовый}")
        self.assertEqual(
            [(c.is_correct, c.weight) for c in Question.objects.get().choices.all()],
            [(True, None), (False, Decimal(-50)), (False, None)],
        )
        self.assertEqual([q.action for q in import_gift(exported()).questions], [UNCHANGED])

    def test_a_weight_after_equals_stays_text_through_export_and_reimport(self):
        import_gift("Что входит?{=%50%Звонки ~SMS}")
        question = Question.objects.get()
        self.assertEqual(
            [(c.text, c.is_correct, c.weight) for c in question.choices.all()],
            [("%50%Звонки", True, None), ("SMS", False, None)],
        )
        text = exported()
        # The export keeps the text from being read as a weight, and writes no "=%…%".
        self.assertIn("\t=[markdown]%50%Звонки\n", text)
        self.assertNotIn("=%", text)
        again = import_gift(text)
        self.assertEqual([q.action for q in again.questions], [UNCHANGED])
        self.assertEqual(again.notes, [])

    def test_missing_word_and_open_answer(self):
        import_gift(
            "::Слово::Столица — {=Москва#Да ~Казань}.\n\n"
            "// [grading_notes:Выгода и тест-драйв]\n::Открытый::У конкурента дешевле?{}"
        )
        open_answer, word = Question.objects.order_by("title")
        self.assertEqual((word.type, word.text), (T.MISSING_WORD, f"Столица — {BLANK}."))
        self.assertEqual(
            [(c.text, c.is_correct, c.feedback) for c in word.choices.all()],
            [("Москва", True, "Да"), ("Казань", False, "")],
        )
        self.assertEqual(open_answer.type, T.OPEN_ANSWER)
        self.assertEqual(open_answer.grading_notes, "Выгода и тест-драйв")

    def test_numbers_become_numeric_answers(self):
        result = import_gift("Сколько?{#=%100%3:0#Точно =%50%3:2#Почти ~#Нет}")
        self.assertEqual(result.questions[0].notes, (str(NOTE_OTHER_NUMBER_FEEDBACK),))
        question = Question.objects.get()
        self.assertEqual(
            [(n.value, n.tolerance, n.weight, n.feedback) for n in question.numeric_answers.all()],
            [
                (Decimal(3), Decimal(0), Decimal(100), "Точно"),
                (Decimal(3), Decimal(2), Decimal(50), "Почти"),
            ],
        )


# --- Writing -------------------------------------------------------------------------------------

EVERY_KIND = """\
$CATEGORY: $course$/top/Продукты

// [tag:тарифы] [tag:a\\]b]
::Одиночный::[html]<p>Какой тариф <b>дешевле</b>?</p>{
=Базовый#Верно ~%50%Эконом#Почти ~%-50%Премиум#Дороже ####<pre>цены\n  в прайсе</pre>}

::Несколько::[plain]Что входит в тариф?{~%50%Звонки ~%50%SMS ~%-100%Роуминг}

::Несколько без весов::[markdown]Что **входит**?{=Звонки =SMS =Интернет ~Роуминг}

::Верно::Небо синее.{TRUE####[markdown]Это *так*}

::Ответ::Как называется отказ от услуги?{=отток =churn}

::Число::Сколько дней на возврат?{#=%100%14:0#Точно =%50%14:2#Почти}

::Пары::Сопоставьте{=NPS -> лояльность =CSAT -> удовлетворённость}

// [type:ordering]
::Порядок::Расставьте шаги{=1 -> Поздороваться =2 -> Выяснить =3 -> Предложить}

::Слово::Столица России — {=Москва#Да ~Казань}, а не Питер.

// [type:missing_word]
::Слово в конце::[markdown]Выберите слово: _____{=Москва ~Казань}

// [grading_notes:Назвать выгоду \\] и\\nпредложить тест]
::Открытый::Клиент: у конкурента дешевле. Ваш ответ?{####Сравните ценность}
"""


def comparable(draft: gift.QuestionDraft) -> tuple:
    """What a draft means for the bank: kind, texts with formats, parts, notes."""
    choices = tuple((c.text, c.right, c.weight, c.feedback) for c in draft.choices)
    return (
        draft.kind,
        draft.title,
        draft.text,
        draft.text_format,
        draft.explanation,
        draft.explanation_format if draft.explanation else "",
        draft.category,
        tuple(sorted(draft.tags or ())),
        choices,
        tuple(draft.pairs),
        draft.correct_bool,
        tuple((n.value, n.tolerance, n.weight or Decimal(100), n.feedback) for n in draft.numbers),
        draft.grading_notes or "",
    )


def exported() -> str:
    questions = (
        Question.objects.order_by("pk")
        .select_related("category")
        .prefetch_related("choices", "accepted_answers", "numeric_answers", "pairs", "tags")
    )
    return questions_gift(questions)


class ExportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        import_gift(EVERY_KIND)
        cls.by_title = {q.title: q for q in Question.objects.all()}

    def test_never_a_weight_on_an_equals(self):
        text = exported()
        weighted_equals = [line for line in text.splitlines() if line.startswith("\t=%")]
        # Only numbers take a weight after "=" (Moodle's numeric form).
        self.assertEqual(weighted_equals, ["\t=%100%14:0#Точно", "\t=%50%14:2#Почти"])
        self.assertIn("\t~%50%Звонки\n\t~%50%SMS\n\t~%-100%Роуминг\n", text)
        # Unweighted options of a multiple choice: the share the bank grades them by.
        self.assertIn("\t~%33.33333%Звонки\n", text)
        self.assertIn("\t~%-33.33333%Роуминг\n", text)
        self.assertIn("\t=Базовый#Верно\n\t~%50%Эконом#Почти\n\t~%-50%Премиум#Дороже\n", text)

    def test_formats_are_written_per_question(self):
        text = exported()
        self.assertIn("::Одиночный::[html]<p>Какой тариф <b>дешевле</b>?</p>{", text)
        self.assertIn("::Несколько::[plain]Что входит в тариф?{", text)
        self.assertIn("::Верно::[moodle]Небо синее.{", text)
        self.assertIn("\t####[markdown]Это *так*\n", text)
        self.assertIn("\t####<pre>цены\\n  в прайсе</pre>\n", text)

    def test_several_numbers_in_moodles_form(self):
        self.assertIn("{\n\t#\n\t=%100%14:0#Точно\n\t=%50%14:2#Почти\n}", exported())

    def test_missing_word_has_its_answer_in_the_middle(self):
        self.assertIn(
            "[moodle]Столица России — {\n\t=Москва#Да\n\t~Казань\n}, а не Питер.", exported()
        )
        self.assertIn("[markdown]Выберите слово\\: _____{\n", exported())

    def test_open_answer_is_an_essay_with_notes_in_a_comment(self):
        text = exported()
        self.assertIn("// [grading_notes:Назвать выгоду \\] и\\nпредложить тест]", text)
        self.assertIn(
            "[moodle]Клиент\\: у конкурента дешевле. Ваш ответ?{\n\t####Сравните ценность\n}", text
        )

    def test_round_trip_gives_the_same_drafts_per_type(self):
        original = gift_parse(EVERY_KIND)
        again = gift_parse(exported())
        self.assertEqual(again.errors, [])
        by_title = {d.title: d for d in again.questions}
        for draft in original.questions:
            with self.subTest(question=draft.title):
                read = by_title[draft.title]
                if draft.kind == T.MULTIPLE_CHOICE and all(c.weight is None for c in draft.choices):
                    # Unweighted options come back with their shares (see above), worth the same.
                    rights = sum(1 for c in draft.choices if c.right)
                    for choice in draft.choices:
                        choice.weight = gift.shared_weight(choice.right, rights)
                        choice.right = choice.weight > 0 and choice.right
                    for choice in read.choices:
                        choice.right = choice.weight > 0
                self.assertEqual(comparable(read), comparable(draft))

    def test_reimporting_the_export_changes_nothing(self):
        result = import_gift(exported())
        self.assertEqual({q.action for q in result.questions}, {UNCHANGED})
        self.assertEqual(len(result.questions), Question.objects.count())

    @translation.override("en")
    def test_cloze_is_a_problem_not_a_silent_loss(self):
        cloze = Question.objects.create(
            type=T.CLOZE, title="Пропуски", text="Столица {1:SHORTANSWER:=Москва}"
        )
        text = exported()
        (problem,) = questions_gift_problems([cloze, *self.by_title.values()])
        self.assertIn("“Пропуски”", problem)
        self.assertIn(str(gift.ERROR_EXPORT_TYPE % {"type": cloze.get_type_display()}), problem)
        self.assertNotIn("SHORTANSWER", text)
        self.assertIn("// " + problem.replace("[", "(").replace("]", ")"), text.splitlines()[:3])
        self.assertEqual(gift_parse(text).errors, [])
        with self.assertRaises(ValueError):
            gift.question_gift(cloze)
