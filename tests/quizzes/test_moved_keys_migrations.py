"""The moves of the lesson gate from ``courses.LessonPage.gate_quiz`` to ``quizzes.LessonGate``
(quizzes 0009, courses 0013) and of a change's quiz from ``courses.ContentChange.quiz`` to
``quizzes.ChangeQuiz`` (quizzes 0010, courses 0014) keep every key (and every gate in the
lessons' revisions), both ways. Runs the real migrations with Django's ``MigrationExecutor``, on
SQLite and on PostgreSQL."""

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase

from wagtail.models import Revision

from courses.models import ContentChange, LessonPage, ProductCardPage
from quizzes.models import ChangeQuiz, LessonGate
from tests.courses.factories import course_create, course_lessons
from tests.quizzes.factories import quiz_create, true_false_create

BEFORE = [("quizzes", "0008_question_import_identity"), ("courses", "0010_dashboard_indexes")]
GATE_MOVED = [("quizzes", "0009_lesson_gate"), ("courses", "0013_lessonpage_gate_quiz_remove")]
CHANGE_QUIZ_MOVED = [("quizzes", "0010_change_quiz"), ("courses", "0014_contentchange_quiz_remove")]


def latest():
    return list(MigrationExecutor(connection).loader.graph.leaf_nodes())


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


class LessonGateMigrationTests(TransactionTestCase):
    def setUp(self):
        self.quiz = quiz_create(questions=[true_false_create()], title="Проверка: тарифы")
        self.other = quiz_create(questions=[true_false_create()], title="Проверка: скидки")
        self.course = course_create(lessons=3)
        self.gated, self.drafted, self.plain = course_lessons(self.course)
        # Revisions as they were saved before the move; their contents are set below.
        self.gated_revision = self.gated.save_revision()
        self.draft_revision = self.drafted.save_revision()
        self.plain_revision = self.plain.save_revision()

    def tearDown(self):
        migrate(latest())

    def old_content(self, revision, gate_quiz_id):
        content = dict(revision.content)
        content.pop("quiz_gates", None)
        content["gate_quiz"] = gate_quiz_id
        return content

    def test_every_gate_moves_and_moves_back(self):
        old = migrate(BEFORE)
        OldLessonPage = old.get_model("courses", "LessonPage")
        OldRevision = old.get_model("wagtailcore", "Revision")
        OldLessonPage.objects.filter(pk=self.gated.pk).update(gate_quiz_id=self.quiz.pk)
        OldLessonPage.objects.filter(pk=self.drafted.pk).update(gate_quiz_id=self.quiz.pk)
        revisions = {
            self.gated_revision.pk: self.quiz.pk,
            # A draft that switched the gate to another quiz, not published yet.
            self.draft_revision.pk: self.other.pk,
            self.plain_revision.pk: None,
        }
        for pk, quiz_id in revisions.items():
            revision = OldRevision.objects.get(pk=pk)
            OldRevision.objects.filter(pk=pk).update(content=self.old_content(revision, quiz_id))

        migrate(latest())

        gates = dict(LessonGate.objects.values_list("lesson_id", "quiz_id"))
        self.assertEqual(gates, {self.gated.pk: self.quiz.pk, self.drafted.pk: self.quiz.pk})
        live_gate = LessonGate.objects.get(lesson=self.gated)
        content = Revision.objects.get(pk=self.gated_revision.pk).content
        self.assertNotIn("gate_quiz", content)
        self.assertEqual(
            content["quiz_gates"],
            [{"pk": live_gate.pk, "lesson": self.gated.pk, "quiz": self.quiz.pk}],
        )
        draft = Revision.objects.get(pk=self.draft_revision.pk)
        self.assertEqual([g.quiz_id for g in draft.as_object().quiz_gates.all()], [self.other.pk])
        self.assertEqual(Revision.objects.get(pk=self.plain_revision.pk).content["quiz_gates"], [])

        # Publishing the draft saved before the move brings its gate to learners.
        draft.publish()
        gates = dict(LessonGate.objects.values_list("lesson_id", "quiz_id"))
        self.assertEqual(gates, {self.gated.pk: self.quiz.pk, self.drafted.pk: self.other.pk})
        # Publishing the old revision of the gated lesson keeps its row.
        Revision.objects.get(pk=self.gated_revision.pk).publish()
        self.assertEqual(LessonGate.objects.get(lesson=self.gated).pk, live_gate.pk)
        self.assertTrue(LessonPage.objects.get(pk=self.plain.pk).live)

        old = migrate(BEFORE)

        OldLessonPage = old.get_model("courses", "LessonPage")
        OldRevision = old.get_model("wagtailcore", "Revision")
        self.assertEqual(
            dict(OldLessonPage.objects.values_list("pk", "gate_quiz_id")),
            {self.gated.pk: self.quiz.pk, self.drafted.pk: self.other.pk, self.plain.pk: None},
        )
        content = OldRevision.objects.get(pk=self.draft_revision.pk).content
        self.assertNotIn("quiz_gates", content)
        self.assertEqual(content["gate_quiz"], self.other.pk)
        self.assertIsNone(OldRevision.objects.get(pk=self.plain_revision.pk).content["gate_quiz"])

    def test_a_revision_naming_a_deleted_quiz_loses_only_its_gate(self):
        old = migrate(BEFORE)
        OldRevision = old.get_model("wagtailcore", "Revision")
        gone = quiz_create(title="Удалённая проверка")
        gone_pk = gone.pk
        revision = OldRevision.objects.get(pk=self.gated_revision.pk)
        OldRevision.objects.filter(pk=revision.pk).update(
            content=self.old_content(revision, gone_pk)
        )
        old.get_model("quizzes", "Quiz").objects.filter(pk=gone_pk).delete()

        migrate(latest())

        revision = Revision.objects.get(pk=self.gated_revision.pk)
        self.assertEqual(revision.content["quiz_gates"], [])
        revision.publish()
        self.assertFalse(LessonGate.objects.filter(lesson=self.gated).exists())


class ChangeQuizMigrationTests(TransactionTestCase):
    def setUp(self):
        self.quiz = quiz_create(questions=[true_false_create()], title="Что изменилось: тариф")
        card_type = ContentType.objects.get_for_model(ProductCardPage)
        self.changes = [
            ContentChange.objects.create(
                content_type=card_type, object_id="1", title=f"Изменение {n}", change_note="…"
            )
            for n in range(3)
        ]

    def tearDown(self):
        migrate(latest())

    def test_every_changes_quiz_moves_and_moves_back(self):
        with_quiz, without, withdrawn = self.changes
        old = migrate(GATE_MOVED)
        OldChange = old.get_model("courses", "ContentChange")
        OldChange.objects.filter(pk__in=[with_quiz.pk, withdrawn.pk]).update(quiz_id=self.quiz.pk)

        migrate(CHANGE_QUIZ_MOVED)

        links = set(ChangeQuiz.objects.values_list("change_id", "quiz_id"))
        self.assertEqual(links, {(with_quiz.pk, self.quiz.pk), (withdrawn.pk, self.quiz.pk)})
        self.assertEqual(with_quiz.change_quiz.quiz, self.quiz)
        self.assertFalse(ChangeQuiz.objects.filter(change=without).exists())
        ChangeQuiz.objects.filter(change=withdrawn).delete()

        old = migrate(GATE_MOVED)

        OldChange = old.get_model("courses", "ContentChange")
        self.assertEqual(
            dict(OldChange.objects.values_list("pk", "quiz_id")),
            {with_quiz.pk: self.quiz.pk, without.pk: None, withdrawn.pk: None},
        )
