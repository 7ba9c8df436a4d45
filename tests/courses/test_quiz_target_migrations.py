"""The migrations that turn the foreign keys to quizzes.Quiz of a refresher policy (and of an
assignment) into plain ``quiz_id`` columns keep every existing value, drop the database's
foreign-key constraint, and undo cleanly. Run by hand with ``MigrationExecutor`` on the test
database, SQLite or PostgreSQL alike (the tests commit: ``TransactionTestCase``)."""

from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase

# The quizzes' and the people's tables are the same before and after: made with today's models.
from tests.factories import UserFactory
from tests.quizzes.factories import quiz_create

BEFORE = [("courses", "0010_dashboard_indexes")]
POLICY = [("courses", "0011_refresher_policy_quiz_id")]
ASSIGNMENT = [("courses", "0012_assignment_quiz_id")]


def migrate(targets):
    """Migrate the test database to ``targets``; return the apps of that state."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def leaves():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


class RefresherPolicyQuizMigrationTests(TransactionTestCase):
    def tearDown(self):
        migrate(leaves())  # the rest of the suite runs on the latest schema

    def test_every_quiz_id_is_kept_both_ways(self):
        old = migrate(BEFORE)
        Policy = old.get_model("courses", "RefresherPolicy")
        quizzes = [quiz_create(title=f"Проверка {n}") for n in range(3)]
        by_quiz = {
            Policy.objects.create(
                title=f"Политика {q.pk}", quiz_id=q.pk, every_days=90, due_days=14
            ).pk: q.pk
            for q in quizzes
        }

        new = migrate(POLICY)
        Policy = new.get_model("courses", "RefresherPolicy")
        self.assertEqual(dict(Policy.objects.values_list("pk", "quiz_id")), by_quiz)
        # No foreign key any more: the database takes an id no quiz has (the quizzes app, not
        # the database, deletes a quiz's policies).
        with transaction.atomic():
            orphan = Policy.objects.create(title="x", quiz_id=10**9, every_days=90, due_days=14)
        # The rewritten check still wants a course or a quiz.
        with self.assertRaises(IntegrityError), transaction.atomic():
            Policy.objects.create(title="y", every_days=90, due_days=14)
        orphan.delete()

        old = migrate(BEFORE)
        Policy = old.get_model("courses", "RefresherPolicy")
        self.assertEqual(dict(Policy.objects.values_list("pk", "quiz_id")), by_quiz)
        self.assertEqual(Policy.objects.get(pk=next(iter(by_quiz))).quiz.title, "Проверка 0")


class AssignmentQuizMigrationTests(TransactionTestCase):
    def tearDown(self):
        migrate(leaves())

    def test_every_quiz_id_is_kept_both_ways_and_one_open_per_quiz_still_holds(self):
        old = migrate(POLICY)
        Assignment = old.get_model("courses", "Assignment")
        users = [UserFactory() for _ in range(2)]
        quizzes = [quiz_create(title=f"Проверка {n}") for n in range(2)]
        made = {}
        for user in users:
            for quiz in quizzes:
                for status in ("completed", "assigned"):
                    row = Assignment.objects.create(
                        user_id=user.pk, quiz_id=quiz.pk, source="manual", status=status
                    )
                    made[row.pk] = quiz.pk

        new = migrate(ASSIGNMENT)
        Assignment = new.get_model("courses", "Assignment")
        self.assertEqual(dict(Assignment.objects.values_list("pk", "quiz_id")), made)
        # Still one open assignment of a quiz per person…
        with self.assertRaises(IntegrityError), transaction.atomic():
            Assignment.objects.create(
                user_id=users[0].pk, quiz_id=quizzes[0].pk, source="refresher", status="overdue"
            )
        # …still exactly one target…
        with self.assertRaises(IntegrityError), transaction.atomic():
            Assignment.objects.create(user_id=users[0].pk, source="manual", status="assigned")
        # …and no foreign key: the quizzes app, not the database, deletes a quiz's assignments.
        with transaction.atomic():
            orphan = Assignment.objects.create(
                user_id=users[0].pk, quiz_id=10**9, source="manual", status="assigned"
            )
        orphan.delete()

        old = migrate(POLICY)
        Assignment = old.get_model("courses", "Assignment")
        self.assertEqual(dict(Assignment.objects.values_list("pk", "quiz_id")), made)
        self.assertEqual(Assignment.objects.get(pk=min(made)).quiz.title, "Проверка 0")
