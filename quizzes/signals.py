"""Deleting a quiz deletes what names it in the courses app.

An assignment of a quiz and a quiz refresher policy name their quiz by a plain ``quiz_id``
column (courses' schema does not depend on this app's), so the database cannot cascade the
delete; this receiver does what ``on_delete=CASCADE`` did, in the transaction that deletes the
quiz. It keeps data consistent and is no domain flow: Django sends ``pre_delete`` for every
quiz deleted, one by one or through a queryset."""

from django.db.models.signals import pre_delete

from courses.models import Assignment, RefresherPolicy
from quizzes.models import Quiz


def quiz_targets_delete(sender, instance, **kwargs) -> None:
    """Delete the assignments and refresher policies of the quiz being deleted."""
    Assignment.objects.filter(quiz_id=instance.pk).delete()
    RefresherPolicy.objects.filter(quiz_id=instance.pk).delete()


def connect() -> None:
    pre_delete.connect(quiz_targets_delete, sender=Quiz, dispatch_uid="quiz_targets_delete")
