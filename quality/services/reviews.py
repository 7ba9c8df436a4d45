"""After an evaluation: the person acknowledges or disputes it; a dispute is resolved by the
person's manager or a QA evaluator other than the original evaluator, who upholds it or changes
the answers. Nothing is edited in place: each step is an ``EvaluationEvent`` with who and why,
and a change is a new ``Evaluation`` that supersedes the disputed one."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from quality.models import Evaluation, EvaluationEvent
from quality.notifications import dispute_notify, resolution_notify
from quality.services.scoring import AnswerIn, evaluation_create, user_may_evaluate
from quality.services.versions import scorecard_snapshot

ERROR_NOT_YOURS = _("Only the person evaluated acknowledges or disputes an evaluation.")
ERROR_REASON_REQUIRED = _("Say why.")
ERROR_NOT_OPEN = _("This evaluation can no longer be acknowledged or disputed.")
ERROR_NOT_DISPUTED = _("This evaluation has no dispute waiting.")
ERROR_MAY_NOT_RESOLVE = _(
    "A dispute is resolved by the person's manager or a QA evaluator, not by the original "
    "evaluator."
)

Kind = EvaluationEvent.Kind


def evaluation_state(*, evaluation: Evaluation) -> str | None:
    """The kind of the evaluation's latest event (None when nothing happened yet). Reads
    ``evaluation.events.all()``, so prefetched events cost no query."""
    events = list(evaluation.events.all())
    return events[-1].kind if events else None


def user_may_resolve(*, user: AbstractBaseUser, evaluation: Evaluation) -> bool:
    """Whether ``user`` may resolve a dispute of ``evaluation``: someone who may evaluate the
    person (their manager, a QA evaluator, an administrator) other than the original evaluator."""
    if not user.is_authenticated or user.pk == evaluation.evaluator_id:
        return False
    return user_may_evaluate(user=user, person=evaluation.person)


def _event(evaluation: Evaluation, kind: str, actor, reason: str = "", new=None):
    event = EvaluationEvent(
        evaluation=evaluation, kind=kind, actor=actor, reason=reason, new_evaluation=new
    )
    event.full_clean()
    event.save()
    return event


def _lock(evaluation: Evaluation) -> None:
    # Two clicks at once must not both pass the state check.
    Evaluation.objects.select_for_update().filter(pk=evaluation.pk).first()


@transaction.atomic
def evaluation_acknowledge(*, evaluation: Evaluation, user: AbstractBaseUser) -> EvaluationEvent:
    """The person says they read ``evaluation``. Idempotent: acknowledging again returns the
    first acknowledgement. Raises ``PermissionDenied`` for anyone but the person and
    ``ValidationError`` when a dispute waits or the evaluation was superseded."""
    if user.pk != evaluation.person_id:
        raise PermissionDenied(ERROR_NOT_YOURS)
    _lock(evaluation)
    events = list(evaluation.events.all())
    done = [e for e in events if e.kind == Kind.ACKNOWLEDGED]
    if done:
        return done[0]
    if events and events[-1].kind != Kind.UPHELD:
        raise ValidationError(str(ERROR_NOT_OPEN))
    return _event(evaluation, Kind.ACKNOWLEDGED, user)


@transaction.atomic
def evaluation_dispute(
    *, evaluation: Evaluation, user: AbstractBaseUser, reason: str
) -> EvaluationEvent:
    """The person disputes ``evaluation`` with a ``reason`` (required); the resolvers are
    notified. Once per evaluation, before it is acknowledged. Raises ``PermissionDenied`` for
    anyone but the person, ``ValidationError`` keyed ``reason`` for an empty reason and unkeyed
    when the evaluation is no longer open."""
    if user.pk != evaluation.person_id:
        raise PermissionDenied(ERROR_NOT_YOURS)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [str(ERROR_REASON_REQUIRED)]})
    _lock(evaluation)
    if evaluation.events.exists():
        raise ValidationError(str(ERROR_NOT_OPEN))
    event = _event(evaluation, Kind.DISPUTED, user, reason)
    dispute_notify(evaluation=evaluation)
    return event


def _resolvable(evaluation: Evaluation, user: AbstractBaseUser, reason: str) -> str:
    if not user_may_resolve(user=user, evaluation=evaluation):
        raise PermissionDenied(ERROR_MAY_NOT_RESOLVE)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [str(ERROR_REASON_REQUIRED)]})
    _lock(evaluation)
    if evaluation_state(evaluation=evaluation) != Kind.DISPUTED:
        raise ValidationError(str(ERROR_NOT_DISPUTED))
    return reason


@transaction.atomic
def evaluation_dispute_uphold(
    *, evaluation: Evaluation, user: AbstractBaseUser, reason: str
) -> EvaluationEvent:
    """Reject the dispute of ``evaluation``: it stands as it was, with ``reason`` (required);
    the person is notified and may then acknowledge it. Raises ``PermissionDenied`` unless
    ``user_may_resolve``, ``ValidationError`` without a reason or a dispute waiting."""
    reason = _resolvable(evaluation, user, reason)
    event = _event(evaluation, Kind.UPHELD, user, reason)
    resolution_notify(evaluation=evaluation, resolver=user, shown=evaluation)
    return event


def change_criteria(*, evaluation: Evaluation) -> list[dict]:
    """The criteria a change of ``evaluation`` answers: its wave's version for a
    mystery-shopping visit (the wave compares its visits criterion by criterion), else the
    scorecard as it is now. Reads only; no version is made."""
    if evaluation.wave_id is not None:
        return evaluation.wave.scorecard_version.snapshot["criteria"]
    return scorecard_snapshot(scorecard=evaluation.scorecard_version.scorecard)["criteria"]


@transaction.atomic
def evaluation_dispute_change(
    *,
    evaluation: Evaluation,
    user: AbstractBaseUser,
    reason: str,
    answers: list[AnswerIn],
    comment: str = "",
) -> Evaluation:
    """Accept the dispute of ``evaluation`` by scoring the same contact again with ``answers``
    (against ``change_criteria``): a new evaluation by ``user`` that supersedes the disputed
    one, which stays unchanged. The new one is the same contact: person, channel, date and
    reference, and for a mystery-shopping visit its wave, location and source, so it takes the
    visit's place in the wave (one ``revision`` up). Returns the new evaluation. Raises as
    ``evaluation_dispute_uphold`` does, and as ``evaluation_create`` for bad answers."""
    reason = _resolvable(evaluation, user, reason)
    new = evaluation_create(
        evaluator=user,
        person=evaluation.person,
        scorecard=evaluation.scorecard_version.scorecard,
        channel=evaluation.channel,
        contact_date=evaluation.contact_date,
        reference=evaluation.reference,
        comment=comment,
        answers=answers,
        notify=False,
        replaces=evaluation,
    )
    _event(evaluation, Kind.CHANGED, user, reason, new=new)
    resolution_notify(evaluation=evaluation, resolver=user, shown=new)
    return new
