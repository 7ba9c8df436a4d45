"""The review workflow and its task get Russian names: Wagtail shows them as stored."""

from django.db import migrations

TASK = ("Content lead approval", "Одобрение ведущим контента")
WORKFLOW = ("Review by a content lead", "Проверка ведущим контента")


def _rename(apps, pairs):
    Task = apps.get_model("wagtailcore", "Task")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    (task_from, task_to), (workflow_from, workflow_to) = pairs
    if not Task.objects.filter(name=task_to).exists():
        Task.objects.filter(name=task_from).update(name=task_to)
    if not Workflow.objects.filter(name=workflow_to).exists():
        Workflow.objects.filter(name=workflow_from).update(name=workflow_to)


def forwards(apps, schema_editor):
    _rename(apps, (TASK, WORKFLOW))


def backwards(apps, schema_editor):
    _rename(apps, (TASK[::-1], WORKFLOW[::-1]))


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0006_staffprofile_updated_at"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
