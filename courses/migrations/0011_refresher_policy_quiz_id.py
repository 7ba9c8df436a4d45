# A refresher policy names its quiz by a plain ``quiz_id`` column instead of a foreign key to
# quizzes.Quiz: the courses schema no longer depends on the quizzes app's. The column, its
# values and its index stay where they are; only the foreign-key constraint goes (and comes back
# on reversal). The quizzes app deletes a quiz's policies with the quiz (quizzes.signals).

import django.db.models.deletion
from django.db import migrations, models

QUIZ_HELP = "Or a quiz people retake instead of a course. Each pass certifies them anew."


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0010_dashboard_indexes"),
        ("people", "0007_review_workflow_russian_names"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="refresherpolicy",
            name="refresher_policy_course_or_quiz",
        ),
        # Drop the database's foreign-key constraint, keeping the column and its index.
        migrations.AlterField(
            model_name="refresherpolicy",
            name="quiz",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text=QUIZ_HELP,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="refresher_policies",
                to="quizzes.quiz",
                verbose_name="quiz",
            ),
        ),
        # The same column (``quiz_id``, bigint, nullable, indexed) is now a plain integer field.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="refresherpolicy", name="quiz"),
                migrations.AddField(
                    model_name="refresherpolicy",
                    name="quiz_id",
                    field=models.BigIntegerField(
                        blank=True,
                        db_index=True,
                        help_text=QUIZ_HELP,
                        null=True,
                        verbose_name="quiz",
                    ),
                ),
            ],
        ),
        migrations.AddConstraint(
            model_name="refresherpolicy",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("course__isnull", False), ("quiz_id__isnull", True)),
                    models.Q(("course__isnull", True), ("quiz_id__isnull", False)),
                    _connector="OR",
                ),
                name="refresher_policy_course_or_quiz",
            ),
        ),
    ]
