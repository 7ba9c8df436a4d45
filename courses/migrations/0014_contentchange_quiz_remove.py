"""A change's quiz now lives in ``quizzes.ChangeQuiz`` (copied there by quizzes 0010)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0013_lessonpage_gate_quiz_remove"),
        ("quizzes", "0010_change_quiz"),
    ]

    operations = [
        migrations.RemoveField(model_name="contentchange", name="quiz"),
    ]
