"""Layering: the courses app imports nothing from quizzes (issue 17 §1). Quizzes builds on
courses and tells it what it needs through ``courses.hooks``; migrations (history) aside."""

import ast
import inspect
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import SimpleTestCase

from courses import hooks
from courses.models import Assignment, RefresherPolicy

COURSES = Path(settings.BASE_DIR) / "courses"


def _quizzes_uses(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [
                (node.lineno, f"import {a.name}")
                for a in node.names
                if a.name == "quizzes" or a.name.startswith("quizzes.")
            ]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "quizzes" or node.module.startswith("quizzes."):
                found.append((node.lineno, f"from {node.module} import …"))
        elif isinstance(node, ast.Call):
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
            first = node.args[0] if node.args else None
            if (
                name in {"get_model", "import_module", "__import__"}
                and isinstance(first, ast.Constant)
                and isinstance(first.value, str)
                and (first.value == "quizzes" or first.value.startswith("quizzes."))
            ):
                found.append((node.lineno, f"{name}({first.value!r}, …)"))
    return found


def _quizzes_strings(tree: ast.AST) -> list[tuple[int, str, str]]:
    """Each ``"quizzes.…"`` string in a class body: (line, class, attribute it is assigned to)."""
    found = []
    for cls in (node for node in ast.walk(tree) if isinstance(node, ast.ClassDef)):
        for statement in cls.body:
            if not isinstance(statement, ast.Assign | ast.AnnAssign):
                continue
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            name = next((t.id for t in targets if isinstance(t, ast.Name)), "?")
            for node in ast.walk(statement):
                if (
                    isinstance(node, ast.Constant)
                    and isinstance(node.value, str)
                    and node.value.startswith("quizzes.")
                ):
                    found.append((node.lineno, cls.name, name))
    return found


class CoursesSchemaNamesNoQuizTests(SimpleTestCase):
    """Courses' tables do not point at quizzes' (issue 17): quizzes points at courses."""

    def test_no_courses_model_has_a_key_to_a_quizzes_model(self):
        keys = {
            (model.__name__, field.name)
            for model in apps.get_app_config("courses").get_models()
            for field in model._meta.get_fields()
            if field.concrete
            and field.is_relation
            and field.related_model is not None
            and field.related_model._meta.app_label == "quizzes"
        }
        self.assertEqual(keys, set())

    def test_no_courses_module_names_a_quizzes_model_in_a_string(self):
        modules = [p for p in COURSES.rglob("*.py") if "migrations" not in p.parts]
        offences = [
            f"{path.relative_to(COURSES.parent)}:{line}: {cls}.{name}"
            for path in modules
            for line, cls, name in _quizzes_strings(ast.parse(path.read_text()))
        ]
        self.assertEqual(offences, [])

    def test_the_string_check_catches_a_key_to_quizzes(self):
        source = (
            "class LessonPage(Page):\n"
            "    gate_quiz = models.ForeignKey('quizzes.Quiz', on_delete=models.SET_NULL)\n"
            "    body = StreamField(blocks, verbose_name='quizzes are below')\n"
            "class ContentChange(models.Model):\n"
            "    quiz: object = models.ForeignKey(to='quizzes.Quiz')\n"
        )
        self.assertEqual(
            _quizzes_strings(ast.parse(source)),
            [(2, "LessonPage", "gate_quiz"), (5, "ContentChange", "quiz")],
        )


class CoursesImportsNothingFromQuizzesTests(SimpleTestCase):
    def test_no_module_under_courses_imports_quizzes_or_asks_for_its_models(self):
        modules = [p for p in COURSES.rglob("*.py") if "migrations" not in p.parts]
        self.assertGreater(len(modules), 20)  # the walk really sees the app
        offences = [
            f"{path.relative_to(COURSES.parent)}:{line}: {what}"
            for path in modules
            for line, what in _quizzes_uses(ast.parse(path.read_text(), filename=str(path)))
        ]
        self.assertEqual(offences, [])

    def test_the_check_catches_each_way_of_reaching_quizzes(self):
        source = (
            "import quizzes.models\n"
            "from quizzes.models import Quiz\n"
            "from django.apps import apps\n"
            "apps.get_model('quizzes', 'Attempt')\n"
            "from quizzesque import x\n"  # another package whose name starts alike
        )
        self.assertEqual([line for line, _ in _quizzes_uses(ast.parse(source))], [1, 2, 4])

    def test_the_quizzes_app_registered_its_hooks(self):
        passes = hooks.quiz_passes()
        self.assertEqual(passes.model._meta.label, "quizzes.Attempt")

    def test_without_the_quizzes_registration_a_hook_says_what_is_missing(self):
        saved = hooks._registered.pop("quizzes")
        try:
            with self.assertRaisesMessage(ImproperlyConfigured, "quiz_hooks_register"):
                hooks.quiz_passes()
        finally:
            hooks.quiz_hooks_register(saved)
        self.assertIs(hooks.quiz_hooks_register(saved), saved)


# The courses models that name a quiz by a plain ``quiz_id`` column, not a foreign key.
QUIZ_BY_ID = [Assignment, RefresherPolicy]


class QuizTargetsNameNoQuizzesModelTests(SimpleTestCase):
    """An assignment's and a refresher policy's quiz are plain ids: courses' schema does not
    point into quizzes through them."""

    def test_no_field_of_these_models_relates_to_a_quizzes_model(self):
        for model in QUIZ_BY_ID:
            with self.subTest(model=model.__name__):
                related = [
                    field.name
                    for field in model._meta.get_fields()
                    if field.related_model is not None
                    and field.related_model._meta.app_label == "quizzes"
                ]
                self.assertEqual(related, [])
                field = model._meta.get_field("quiz_id")
                self.assertIsNone(field.related_model)

    def test_their_source_names_no_quizzes_model(self):
        for model in QUIZ_BY_ID:
            with self.subTest(model=model.__name__):
                source = inspect.getsource(model)
                self.assertNotIn('"quizzes.', source)
                self.assertNotIn("'quizzes.", source)
