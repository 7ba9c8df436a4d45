"""The gating quiz now lives in ``quizzes.LessonGate`` (copied there by quizzes 0009)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0012_assignment_quiz_id"),
        ("quizzes", "0009_lesson_gate"),
    ]

    operations = [
        migrations.RemoveField(model_name="lessonpage", name="gate_quiz"),
    ]
