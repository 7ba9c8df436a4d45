"""The question editor shows each type's own parts: the server marks every part panel and tells
the browser which parts each type uses; its errors speak the author's language."""

import json
import re

from django.test import TestCase
from django.urls import reverse

from lms.people import roles
from quizzes.models import Question
from quizzes.types import question_type, question_types
from tests.factories import staff_user
from tests.quizzes.test_admin_forms import ADD_URL, question_form

PARTS = re.compile(r'data-question-part="([a-z_]+)"')
TYPE_MAP = re.compile(r"data-question-type-parts=\"([^\"]+)\"")


class EditorPartsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.author = staff_user(roles=[roles.AUTHORS])
        cls.manager = staff_user(roles=[roles.MANAGERS])

    def test_anonymous_is_sent_to_log_in(self):
        response = self.client.get(reverse(ADD_URL))

        self.assertEqual(response.status_code, 302)
        self.assertIn("login", response["Location"])

    def test_a_person_who_does_not_author_questions_is_refused(self):
        self.client.force_login(self.manager)

        response = self.client.get(reverse(ADD_URL))

        self.assertIn(response.status_code, (302, 403))
        self.assertNotIn("data-question-type-parts", response.content.decode())

    def test_every_part_panel_is_marked_and_each_type_names_its_parts(self):
        self.client.force_login(self.author)

        response = self.client.get(reverse(ADD_URL))

        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        marked = set(PARTS.findall(html))
        type_map = json.loads(TYPE_MAP.search(html).group(1).replace("&quot;", '"'))
        self.assertEqual(set(type_map), {t.code for t in question_types()})
        for code, names in type_map.items():
            with self.subTest(code=code):
                expected = question_type(code)
                self.assertEqual(names, [*expected.parts, *expected.fields])
                # Every part a type uses has a panel the script can show.
                self.assertLessEqual(set(names), marked)
        self.assertEqual(type_map["true_false"], ["correct_bool"])
        self.assertIn("quizzes/question_editor.js", html)

    def test_the_editor_script_is_a_static_file_not_inline(self):
        self.client.force_login(self.author)

        html = self.client.get(reverse(ADD_URL)).content.decode()

        self.assertNotIn(
            "data-question-type-parts", "".join(re.findall(r"<script>.*?</script>", html, re.S))
        )


class EditorErrorsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.author = staff_user(roles=[roles.AUTHORS])

    def setUp(self):
        self.client.force_login(self.author)

    def test_a_multiple_choice_question_without_a_right_choice_is_refused_in_words(self):
        response = self.client.post(
            reverse(ADD_URL),
            question_form("multiple_choice", choices=[("A", False), ("B", False)]),
        )

        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Отметьте хотя бы один правильный вариант")
        self.assertFalse(Question.objects.exists())

    def test_an_ordering_question_with_one_item_is_refused_in_words(self):
        response = self.client.post(
            reverse(ADD_URL), question_form("ordering", choices=[("Первый", False)])
        )

        self.assertContains(response, "Добавьте хотя бы два элемента в правильном порядке.")
        self.assertFalse(Question.objects.exists())

    def test_parts_of_another_type_do_not_stop_a_question(self):
        # A true/false question saved with stray choices left in the hidden panel: the type
        # reads only its own parts.
        response = self.client.post(
            reverse(ADD_URL),
            question_form("true_false", choices=[("A", True)], correct_bool="true"),
        )

        self.assertEqual(response.status_code, 302)
        self.assertTrue(Question.objects.filter(type="true_false").exists())


class EditorWeightsTests(TestCase):
    """Partial credit as Moodle has it: right choices together are worth everything, a wrong
    choice never adds."""

    @classmethod
    def setUpTestData(cls):
        cls.author = staff_user(roles=[roles.AUTHORS])

    def setUp(self):
        self.client.force_login(self.author)

    def post(self, weights, *, partial="on"):
        data = question_form(
            "multiple_choice",
            choices=[("A", True), ("B", True), ("C", False)],
            partial_credit=partial,
        )
        for index, weight in enumerate(weights):
            data[f"choices-{index}-weight"] = weight
        return self.client.post(reverse(ADD_URL), data)

    def test_right_weights_that_do_not_make_the_whole_are_refused_with_their_sum(self):
        response = self.post(["50", "30", ""])

        self.assertContains(response, "веса правильных вариантов в сумме должны давать 100")
        self.assertContains(response, "сейчас 80")
        self.assertFalse(Question.objects.exists())

    def test_a_wrong_choice_that_adds_points_is_refused(self):
        response = self.post(["50", "50", "10"])

        self.assertContains(response, "Неправильный вариант не может добавлять баллы")
        self.assertFalse(Question.objects.exists())

    def test_weights_that_follow_the_rule_are_saved(self):
        response = self.post(["70", "30", "-50"])

        self.assertEqual(response.status_code, 302)
        self.assertEqual(Question.objects.get().choices.filter(weight__lt=0).count(), 1)

    def test_without_partial_credit_weights_are_not_checked(self):
        response = self.post(["50", "30", ""], partial="")

        self.assertEqual(response.status_code, 302)
