# An assignment names its quiz by a plain ``quiz_id`` column instead of a foreign key to
# quizzes.Quiz: the courses schema no longer depends on the quizzes app's. The column, its
# values and its index stay where they are; only the foreign-key constraint goes (and comes back
# on reversal). The check that an assignment has exactly one target and the one open assignment
# per person and quiz are rewritten on the column, as before. The quizzes app deletes a quiz's
# assignments with the quiz (quizzes.signals).

import django.db.models.deletion
from django.db import migrations, models

OPEN = models.Q(("status__in", ["assigned", "in_progress", "overdue"]))


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0011_refresher_policy_quiz_id"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="assignment", name="assignment_one_target"),
        migrations.RemoveConstraint(model_name="assignment", name="assignment_one_open_per_quiz"),
        # Drop the database's foreign-key constraint, keeping the column and its index.
        migrations.AlterField(
            model_name="assignment",
            name="quiz",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="assignments",
                to="quizzes.quiz",
                verbose_name="quiz",
            ),
        ),
        # The same column (``quiz_id``, bigint, nullable, indexed) is now a plain integer field.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="assignment", name="quiz"),
                migrations.AddField(
                    model_name="assignment",
                    name="quiz_id",
                    field=models.BigIntegerField(
                        blank=True, db_index=True, null=True, verbose_name="quiz"
                    ),
                ),
            ],
        ),
        migrations.AddConstraint(
            model_name="assignment",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("content_change__isnull", True),
                        ("course__isnull", False),
                        ("quiz_id__isnull", True),
                    ),
                    models.Q(
                        ("content_change__isnull", True),
                        ("course__isnull", True),
                        ("quiz_id__isnull", False),
                    ),
                    models.Q(
                        ("content_change__isnull", False),
                        ("course__isnull", True),
                        ("quiz_id__isnull", True),
                    ),
                    _connector="OR",
                ),
                name="assignment_one_target",
            ),
        ),
        migrations.AddConstraint(
            model_name="assignment",
            constraint=models.UniqueConstraint(
                condition=OPEN,
                fields=("user", "quiz_id"),
                name="assignment_one_open_per_quiz",
            ),
        ),
    ]
