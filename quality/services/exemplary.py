"""Exemplary evaluations: a manager of the person or a QA evaluator holds an evaluation up as
best practice, with a note; the person decides, per evaluation, whether other staff may read it
(without their name, or with it) and may withdraw that at any time."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quality.models import Evaluation, EvaluationEvent, ExemplaryMark
from quality.services.reviews import ERROR_NOT_YOURS, evaluation_state
from quality.services.scoring import user_may_evaluate

ERROR_MAY_NOT_MARK = _(
    "Only the person's managers and QA evaluators mark an evaluation as exemplary."
)
ERROR_NOTE_REQUIRED = _("Say what makes it exemplary.")
ERROR_SUPERSEDED = _("This evaluation was changed after a dispute: mark the one that counts.")
ERROR_CALIBRATION = _("A calibration scoring is not an example: it does not count for the person.")
ERROR_NOT_MARKED = _("This evaluation is not marked as exemplary.")

Consent = ExemplaryMark.Consent


def user_may_mark(*, user: AbstractBaseUser, evaluation: Evaluation) -> bool:
    """Whether ``user`` may mark ``evaluation`` as exemplary or take the mark off: whoever may
    evaluate the person (their managers, QA evaluators, administrators), never the person."""
    return user_may_evaluate(user=user, person=evaluation.person)


@transaction.atomic
def exemplary_mark(*, evaluation: Evaluation, user: AbstractBaseUser, note: str) -> ExemplaryMark:
    """Mark ``evaluation`` as exemplary with ``note`` (required); marking it again updates the
    note. The person consented to share it with the note they read, so a changed note takes the
    consent back until they agree again (the same note keeps it). Raises ``PermissionDenied`` unless ``user_may_mark``,
    ``ValidationError`` keyed ``note`` without a note, unkeyed for a calibration scoring or a
    superseded evaluation."""
    if not user_may_mark(user=user, evaluation=evaluation):
        raise PermissionDenied(ERROR_MAY_NOT_MARK)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": [str(ERROR_NOTE_REQUIRED)]})
    if evaluation.calibration_id is not None:
        raise ValidationError(str(ERROR_CALIBRATION))
    if evaluation_state(evaluation=evaluation) == EvaluationEvent.Kind.CHANGED:
        raise ValidationError(str(ERROR_SUPERSEDED))
    mark = ExemplaryMark.objects.filter(evaluation=evaluation).first()
    if mark is None:
        mark = ExemplaryMark(evaluation=evaluation, marked_by=user)
    elif mark.note != note and mark.consent != Consent.NONE:
        mark.consent = Consent.NONE
        mark.consent_at = timezone.now()
    mark.note = note
    mark.full_clean()
    mark.save()
    return mark


@transaction.atomic
def exemplary_unmark(*, evaluation: Evaluation, user: AbstractBaseUser) -> None:
    """Take the exemplary mark off ``evaluation`` (and with it the person's consent): it leaves
    the best-practice page. Idempotent. Raises ``PermissionDenied`` unless ``user_may_mark``."""
    if not user_may_mark(user=user, evaluation=evaluation):
        raise PermissionDenied(ERROR_MAY_NOT_MARK)
    ExemplaryMark.objects.filter(evaluation=evaluation).delete()


@transaction.atomic
def exemplary_consent_set(
    *, evaluation: Evaluation, user: AbstractBaseUser, consent: str
) -> ExemplaryMark:
    """The person's answer whether their exemplary ``evaluation`` may be read by other staff:
    ``none`` (withdrawn or never given), ``anonymous`` or ``named``. Takes effect at once.
    Raises ``PermissionDenied`` for anyone but the person and ``ValidationError`` when the
    evaluation is not marked or ``consent`` is no such choice."""
    if user.pk != evaluation.person_id:
        raise PermissionDenied(ERROR_NOT_YOURS)
    mark = ExemplaryMark.objects.select_for_update().filter(evaluation=evaluation).first()
    if mark is None:
        raise ValidationError(str(ERROR_NOT_MARKED))
    mark.consent = consent
    mark.consent_at = timezone.now()
    mark.full_clean()
    mark.save(update_fields=["consent", "consent_at"])
    return mark
