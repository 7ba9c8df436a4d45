"""Calibration sessions: several evaluators score the same contact independently; once the
session is closed, the figures show where they agree and who scores too hard or too soft.

A session is created by someone who may evaluate the person (a QA evaluator or administrator
for anyone, a manager for the people they manage), who invites evaluators who may evaluate the
person too. Each invited evaluator scores the contact once, with the scorecard version frozen
for the session; the scorings are ``Evaluation``s with ``calibration`` set, never counted for
the person and never notified to them."""

import datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.people.models import person_name
from quality.models import CalibrationSession, Evaluation, Scorecard
from quality.services.scoring import (
    AnswerIn,
    contact_check,
    evaluation_create,
    user_may_evaluate,
    user_may_evaluate_anyone,
)
from quality.services.versions import scorecard_version_current

ERROR_MAY_NOT_CREATE = _(
    "Only QA evaluators, administrators and the person's managers calibrate on their contacts."
)
ERROR_TOO_FEW_EVALUATORS = _("Invite at least two evaluators.")
ERROR_EVALUATOR_MAY_NOT = _("%(name)s may not evaluate this person's contacts.")
ERROR_NOT_INVITED = _("Only the evaluators invited to this calibration score it.")
ERROR_CLOSED = _("This calibration is closed: it takes no more scorings.")
ERROR_SCORED_ALREADY = _("You have scored this contact already.")
ERROR_MAY_NOT_CLOSE = _("Only whoever created the calibration or a QA evaluator closes it.")
ERROR_TOO_FEW_SCORINGS = _("At least two evaluators must have scored before it can be closed.")

Status = CalibrationSession.Status


@transaction.atomic
def calibration_create(
    *,
    user: AbstractBaseUser,
    scorecard: Scorecard,
    person: AbstractBaseUser,
    channel: str,
    contact_date: datetime.date,
    evaluators: list[AbstractBaseUser],
    reference: str = "",
) -> CalibrationSession:
    """Open a calibration session on ``person``'s contact, scored with ``scorecard``'s current
    version by ``evaluators`` (at least two, each of whom may evaluate the person).

    Raises ``PermissionDenied`` when ``user`` may not evaluate ``person`` and
    ``ValidationError`` keyed by field (``channel``, ``contact_date``, ``evaluators`` …)."""
    if not user_may_evaluate(user=user, person=person):
        raise PermissionDenied(ERROR_MAY_NOT_CREATE)
    errors = contact_check(scorecard=scorecard, channel=channel, contact_date=contact_date)
    unique = list({e.pk: e for e in evaluators}.values())
    if len(unique) < 2:
        errors["evaluators"] = [str(ERROR_TOO_FEW_EVALUATORS)]
    refused = [e for e in unique if not user_may_evaluate(user=e, person=person)]
    if refused:
        errors.setdefault("evaluators", []).extend(
            str(ERROR_EVALUATOR_MAY_NOT % {"name": person_name(e)}) for e in refused
        )
    if errors:
        raise ValidationError(errors)
    session = CalibrationSession(
        scorecard_version=scorecard_version_current(scorecard=scorecard),
        person=person,
        channel=channel,
        contact_date=contact_date,
        reference=reference,
        created_by=user,
    )
    session.full_clean()
    session.save()
    session.evaluators.set(unique)
    return session


def _lock(session: CalibrationSession) -> CalibrationSession:
    # The status is read again under a row lock, so a scoring and the closing cannot cross.
    return CalibrationSession.objects.select_for_update().get(pk=session.pk)


@transaction.atomic
def calibration_score(
    *,
    session: CalibrationSession,
    user: AbstractBaseUser,
    answers: list[AnswerIn],
    comment: str = "",
) -> Evaluation:
    """``user``'s scoring of the session's contact, once per invited evaluator while the
    session is open. Returns the evaluation (``calibration`` set; the person is not notified).

    Raises ``PermissionDenied`` for anyone not invited, ``ValidationError`` when the session is
    closed, when ``user`` scored it already, and as ``evaluation_create`` for bad answers."""
    if not session.evaluators.filter(pk=user.pk).exists():
        raise PermissionDenied(ERROR_NOT_INVITED)
    locked = _lock(session)
    if locked.status != Status.OPEN:
        raise ValidationError(str(ERROR_CLOSED))
    if Evaluation.all_objects.filter(calibration=session, evaluator=user).exists():
        raise ValidationError(str(ERROR_SCORED_ALREADY))
    return evaluation_create(
        evaluator=user,
        person=session.person,
        scorecard=session.scorecard_version.scorecard,
        channel=session.channel,
        contact_date=session.contact_date,
        reference=session.reference,
        comment=comment,
        answers=answers,
        notify=False,
        calibration=session,
    )


def user_may_close(*, user: AbstractBaseUser, session: CalibrationSession) -> bool:
    """Whoever created the session, QA evaluators and administrators close it."""
    return user.pk == session.created_by_id or user_may_evaluate_anyone(user=user)


@transaction.atomic
def calibration_close(*, session: CalibrationSession, user: AbstractBaseUser) -> None:
    """Close the session: no more scorings, and the figures become visible to its readers.
    Idempotent. Raises ``PermissionDenied`` unless ``user_may_close`` and ``ValidationError``
    while fewer than two evaluators have scored."""
    if not user_may_close(user=user, session=session):
        raise PermissionDenied(ERROR_MAY_NOT_CLOSE)
    locked = _lock(session)
    if locked.status == Status.CLOSED:
        return
    if Evaluation.all_objects.filter(calibration=session).count() < 2:
        raise ValidationError(str(ERROR_TOO_FEW_SCORINGS))
    locked.status = Status.CLOSED
    locked.closed_at = timezone.now()
    locked.save(update_fields=["status", "closed_at"])
    session.status, session.closed_at = locked.status, locked.closed_at
