"""A lesson's gating quiz moves from ``courses.LessonPage.gate_quiz`` to ``quizzes.LessonGate``
(a child of the lesson page), so the courses schema no longer points at quizzes.

Every live gate is copied, and every stored revision of a lesson is rewritten to carry its gate
as the ``quiz_gates`` child relation instead of the ``gate_quiz`` field: publishing or reverting
to a revision saved before the move keeps its gate. Reversible."""

import django.db.models.deletion
from django.db import migrations, models

import modelcluster.fields

BATCH = 500


def _lesson_revisions(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    lesson_type = ContentType.objects.filter(app_label="courses", model="lessonpage").first()
    if lesson_type is None:  # a fresh database: no lesson was ever saved
        return Revision.objects.none()
    return Revision.objects.filter(content_type=lesson_type).order_by("pk")


def _rewrite(revisions, Revision, change) -> None:
    batch = []
    for revision in revisions.iterator(chunk_size=BATCH):
        if change(revision):
            batch.append(revision)
        if len(batch) >= BATCH:
            Revision.objects.bulk_update(batch, ["content"])
            batch = []
    if batch:
        Revision.objects.bulk_update(batch, ["content"])


def gates_copy(apps, schema_editor):
    LessonPage = apps.get_model("courses", "LessonPage")
    LessonGate = apps.get_model("quizzes", "LessonGate")
    Quiz = apps.get_model("quizzes", "Quiz")
    Revision = apps.get_model("wagtailcore", "Revision")
    LessonGate.objects.bulk_create(
        LessonGate(lesson_id=lesson_id, quiz_id=quiz_id)
        for lesson_id, quiz_id in LessonPage.objects.filter(gate_quiz__isnull=False)
        .order_by("pk")
        .values_list("pk", "gate_quiz_id")
    )
    # A revision naming the gate the lesson has now keeps that row's id, so publishing it
    # updates the row instead of replacing it.
    current = {g.lesson_id: (g.pk, g.quiz_id) for g in LessonGate.objects.all()}
    quiz_ids = set(Quiz.objects.values_list("pk", flat=True))

    def change(revision) -> bool:
        content = revision.content
        if not isinstance(content, dict) or "gate_quiz" not in content:
            return False
        quiz_id = content.pop("gate_quiz")
        lesson_id = int(revision.object_id)
        gates = []
        # A quiz deleted since the revision was saved: the revision has no gate any more, as
        # the old ``SET_NULL`` key would have had.
        if quiz_id is not None and quiz_id in quiz_ids:
            pk, live_quiz_id = current.get(lesson_id, (None, None))
            gates.append(
                {
                    "pk": pk if live_quiz_id == quiz_id else None,
                    "lesson": lesson_id,
                    "quiz": quiz_id,
                }
            )
        content["quiz_gates"] = gates
        return True

    _rewrite(_lesson_revisions(apps), Revision, change)


def gates_uncopy(apps, schema_editor):
    LessonPage = apps.get_model("courses", "LessonPage")
    LessonGate = apps.get_model("quizzes", "LessonGate")
    Revision = apps.get_model("wagtailcore", "Revision")
    for gate in LessonGate.objects.order_by("pk").iterator(chunk_size=BATCH):
        LessonPage.objects.filter(pk=gate.lesson_id).update(gate_quiz_id=gate.quiz_id)

    def change(revision) -> bool:
        content = revision.content
        if not isinstance(content, dict) or "quiz_gates" not in content:
            return False
        gates = content.pop("quiz_gates") or []
        content["gate_quiz"] = gates[0].get("quiz") if gates else None
        return True

    _rewrite(_lesson_revisions(apps), Revision, change)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("courses", "0012_assignment_quiz_id"),
        ("quizzes", "0008_question_import_identity"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.CreateModel(
            name="LessonGate",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "lesson",
                    modelcluster.fields.ParentalKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="quiz_gates",
                        to="courses.lessonpage",
                        verbose_name="lesson",
                    ),
                ),
                (
                    "quiz",
                    models.ForeignKey(
                        help_text=(
                            "Shown at the end of the lesson. The next lesson stays locked until "
                            "the learner passes it."
                        ),
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="lesson_gates",
                        to="quizzes.quiz",
                        verbose_name="gating quiz",
                    ),
                ),
            ],
            options={
                "verbose_name": "gating quiz",
                "verbose_name_plural": "gating quizzes",
                "constraints": [
                    models.UniqueConstraint(fields=("lesson",), name="lesson_gate_once")
                ],
            },
        ),
        migrations.RunPython(gates_copy, gates_uncopy),
    ]
