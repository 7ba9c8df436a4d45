"""A content change's quiz moves from ``courses.ContentChange.quiz`` to ``quizzes.ChangeQuiz``,
so the courses schema no longer points at quizzes for it. Every link is copied; reversible."""

import django.db.models.deletion
from django.db import migrations, models

BATCH = 500


def links_copy(apps, schema_editor):
    ContentChange = apps.get_model("courses", "ContentChange")
    ChangeQuiz = apps.get_model("quizzes", "ChangeQuiz")
    rows = (
        ContentChange.objects.filter(quiz__isnull=False).order_by("pk").values_list("pk", "quiz_id")
    )
    ChangeQuiz.objects.bulk_create(
        (ChangeQuiz(change_id=change_id, quiz_id=quiz_id) for change_id, quiz_id in rows),
        batch_size=BATCH,
    )


def links_uncopy(apps, schema_editor):
    ContentChange = apps.get_model("courses", "ContentChange")
    ChangeQuiz = apps.get_model("quizzes", "ChangeQuiz")
    for link in ChangeQuiz.objects.order_by("pk").iterator(chunk_size=BATCH):
        ContentChange.objects.filter(pk=link.change_id).update(quiz_id=link.quiz_id)


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0013_lessonpage_gate_quiz_remove"),
        ("quizzes", "0009_lesson_gate"),
    ]

    operations = [
        migrations.CreateModel(
            name="ChangeQuiz",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "change",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="change_quiz",
                        to="courses.contentchange",
                        verbose_name="content change",
                    ),
                ),
                (
                    "quiz",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="change_quizzes",
                        to="quizzes.quiz",
                        verbose_name="questions",
                    ),
                ),
            ],
            options={
                "verbose_name": "questions on a change",
                "verbose_name_plural": "questions on changes",
            },
        ),
        migrations.RunPython(links_copy, links_uncopy),
    ]
