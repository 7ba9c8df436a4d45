"""Scoring an evaluation: the pure computation over a version's criteria, and
``evaluation_create`` that checks the answers against the version and stores the score.

The score is the weighted mean of the criteria's scores (yes = 1, no = 0, points / N) as a
percentage; a criterion answered "not applicable" takes its weight out; a "no" or 0 points on a
critical criterion makes the whole evaluation 0 % and marks it ``critical_failed``; when every
criterion is "not applicable" there is no score (None). Decimal, rounded half up to 2 places.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Case, ExpressionWrapper, F, FloatField, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from lms.people import roles
from lms.people.selectors import (
    staff_profiles_managed_by,
    user_has_role,
    user_is_administrator,
)
from quality.models import (
    CalibrationSession,
    Channel,
    Evaluation,
    EvaluationAnswer,
    Scorecard,
)
from quality.notifications import evaluation_notify
from quality.services.versions import scorecard_version_current

ERROR_MAY_NOT_EVALUATE = _("Only QA evaluators, administrators and the person's managers may "
                           "evaluate their contacts.")  # fmt: skip
ERROR_OWN_CONTACT = _("Nobody evaluates their own contacts.")
ERROR_SCORECARD_INACTIVE = _("This scorecard is not active.")
ERROR_CHANNEL = _("This scorecard is not used for this channel.")
ERROR_FUTURE_DATE = _("The contact cannot be in the future.")
ERROR_UNKNOWN_CRITERION = _("No such criterion in this scorecard.")
ERROR_ANSWERED_TWICE = _("This criterion is answered more than once.")
ERROR_NOT_ANSWERED = _("Answer every criterion: “%(code)s” has no answer.")
ERROR_NA_NOT_ALLOWED = _("“Not applicable” is not allowed for this criterion.")
ERROR_YES_NO = _("Answer yes, no or not applicable.")
# The Russian text names the points after the number, so its form follows the maximum.
ERROR_POINTS = ngettext_lazy(
    "Give points from 0 to %(max)s.", "Give points from 0 to %(max)s.", "max"
)

HUNDRED = Decimal("100")
CENT = Decimal("0.01")
NA = "na"
YES = "yes"
NO = "no"

# An answer as given: "yes", "no", "na", or points (an int).
AnswerValue = str | int


@dataclass(frozen=True)
class Score:
    score: Decimal | None
    critical_failed: bool


def criterion_fraction(criterion: dict, value: AnswerValue) -> Decimal | None:
    """How well one criterion scored, 0–1, or None for "not applicable". ``value`` must be
    valid for the criterion (see ``answer_check``)."""
    if value == NA:
        return None
    if criterion["scale"] == "points":
        return Decimal(value) / Decimal(criterion["max_points"])
    return Decimal(1) if value == YES else Decimal(0)


def answer_percent_expression(
    *,
    max_points: dict[int, dict[int, list[int]]],
    prefix: str = "",
    version_field: str | None = None,
) -> Case:
    """``criterion_fraction`` × 100 as a database expression over ``EvaluationAnswer`` rows, so
    a trend averages millions of answers without reading them into Python: yes = 100, no = 0,
    points = points × 100 / the criterion's maximum in the evaluation's version, "not
    applicable" = NULL (aggregates leave it out). ``max_points`` maps a criterion id to its
    maximum and the ids of the versions that have it (``points_maxima``); ``prefix`` is the path
    from the queried model to the answer ("" on ``EvaluationAnswer`` itself), ``version_field``
    the path to the evaluation's version (by default through the answer's evaluation)."""
    version_field = version_field or f"{prefix}evaluation__scorecard_version_id"
    whens = [
        When(Q(**{f"{prefix}value": YES}), then=Value(100.0)),
        When(Q(**{f"{prefix}value": NO}), then=Value(0.0)),
    ]
    maxima = [
        When(
            Q(**{
                f"{prefix}criterion_id": criterion_id,
                f"{version_field}__in": versions,
            }),
            then=Value(float(maximum)),
        )
        for criterion_id, by_maximum in sorted(max_points.items())
        for maximum, versions in sorted(by_maximum.items())
    ]  # fmt: skip
    if maxima:
        whens.append(
            When(
                Q(**{f"{prefix}value": "points"}),
                then=ExpressionWrapper(
                    F(f"{prefix}points") * Value(100.0) / Case(*maxima, output_field=FloatField()),
                    output_field=FloatField(),
                ),
            )
        )
    return Case(*whens, default=Value(None), output_field=FloatField())


def points_maxima(snapshots) -> dict[int, dict[int, list[int]]]:
    """For ``answer_percent_expression``: from (version id, snapshot) pairs, each points-scale
    criterion's id → its maximum → the versions with that maximum."""
    result: dict[int, dict[int, list[int]]] = {}
    for version_id, snapshot in snapshots:
        for criterion in snapshot["criteria"]:
            if criterion["scale"] == "points" and criterion["max_points"]:
                by_maximum = result.setdefault(criterion["id"], {})
                by_maximum.setdefault(criterion["max_points"], []).append(version_id)
    return result


def score_compute(*, criteria: list[dict], answers: dict[int, AnswerValue]) -> Score:
    """The score of ``answers`` (criterion id → value) over a version's ``criteria`` (its
    snapshot's list). Pure: no database."""
    total_weight = Decimal(0)
    earned = Decimal(0)
    critical_failed = False
    for criterion in criteria:
        fraction = criterion_fraction(criterion, answers[criterion["id"]])
        if fraction is None:
            continue
        if criterion["critical"] and fraction == 0:
            critical_failed = True
        weight = Decimal(criterion["weight"])
        total_weight += weight
        earned += weight * fraction
    if critical_failed:
        return Score(score=Decimal("0.00"), critical_failed=True)
    if total_weight == 0:
        return Score(score=None, critical_failed=False)
    score = (earned / total_weight * HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)
    return Score(score=score, critical_failed=False)


def answer_check(criterion: dict, value: AnswerValue) -> str | None:
    """The message refusing ``value`` for ``criterion``, or None when it is a valid answer."""
    if value == NA:
        return None if criterion["na_allowed"] else str(ERROR_NA_NOT_ALLOWED)
    if criterion["scale"] == "points":
        maximum = criterion["max_points"]
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= maximum:
            return str(ERROR_POINTS % {"max": maximum})
        return None
    if value not in (YES, NO):
        return str(ERROR_YES_NO)
    return None


def user_may_evaluate_anyone(*, user: AbstractBaseUser) -> bool:
    """QA evaluators and administrators evaluate everyone's contacts."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user_is_administrator(user=user):
        return True
    return user_has_role(user=user, role=roles.QA_EVALUATORS)


def user_may_evaluate(*, user: AbstractBaseUser, person: AbstractBaseUser) -> bool:
    """Whether ``user`` may evaluate ``person``'s contacts: QA evaluators and administrators
    anyone's but their own, everyone else only those they manage (``staff_profiles_managed_by``:
    their teams and direct reports; HR everyone)."""
    if not user.is_authenticated or user.pk == person.pk:
        return False
    if user_may_evaluate_anyone(user=user):
        return True
    return staff_profiles_managed_by(user=user).filter(user=person).exists()


@dataclass(frozen=True)
class AnswerIn:
    criterion_id: int
    value: AnswerValue
    comment: str = ""


def contact_check(
    *, scorecard: Scorecard, channel: str, contact_date: datetime.date
) -> dict[str, list[str]]:
    """The problems of scoring a contact on ``channel`` of ``contact_date`` with ``scorecard``,
    keyed by field (``scorecard_id``, ``channel``, ``contact_date``); empty when none."""
    errors: dict[str, list[str]] = {}
    if not scorecard.is_active:
        errors["scorecard_id"] = [str(ERROR_SCORECARD_INACTIVE)]
    if scorecard.channels and channel not in scorecard.channels:
        errors["channel"] = [str(ERROR_CHANNEL)]
    if channel not in Channel.values:
        errors["channel"] = [str(ERROR_CHANNEL)]
    if contact_date > timezone.localdate():
        errors["contact_date"] = [str(ERROR_FUTURE_DATE)]
    return errors


@transaction.atomic
def evaluation_create(
    *,
    evaluator: AbstractBaseUser,
    person: AbstractBaseUser,
    scorecard: Scorecard,
    channel: str,
    contact_date: datetime.date,
    answers: list[AnswerIn],
    reference: str = "",
    comment: str = "",
    notify: bool = True,
    calibration: CalibrationSession | None = None,
    replaces: Evaluation | None = None,
) -> Evaluation:
    """Score ``answers`` against the scorecard's current version and store the evaluation.

    Raises ``PermissionDenied`` when ``evaluator`` may not evaluate ``person``, and
    ``ValidationError`` keyed by field (``answers.<index>.value`` etc.) for bad answers: every
    criterion answered exactly once, "not applicable" only where allowed, points within 0..N.
    Notifies the person unless ``notify`` is False (a dispute's resolution says it instead).
    With ``calibration`` the evaluation is that session's scoring (scored with the session's
    version, never counted for the person); ``quality.services.calibration`` checks the rest.
    With ``replaces`` (a dispute's change, ``quality.services.reviews``) the new evaluation
    keeps what identifies that contact — a mystery-shopping visit's wave, location and source,
    scored with the wave's version — one ``revision`` up.
    After commit, a task applies the weak-spot rule to the person
    (``quality.tasks.weak_spots_check``); not for a calibration scoring."""
    if person.pk == evaluator.pk:
        raise PermissionDenied(ERROR_OWN_CONTACT)
    if not user_may_evaluate(user=evaluator, person=person):
        raise PermissionDenied(ERROR_MAY_NOT_EVALUATE)
    errors = contact_check(scorecard=scorecard, channel=channel, contact_date=contact_date)
    if calibration is not None:
        # Every scoring of a calibration session is made with the version frozen for it, so
        # the evaluators' answers compare criterion by criterion.
        version = calibration.scorecard_version
    elif replaces is not None and replaces.wave_id is not None:
        # A wave's visits are all read against the wave's version (``wave_comparison``).
        version = replaces.wave.scorecard_version
    else:
        version = scorecard_version_current(scorecard=scorecard)
    criteria = version.snapshot["criteria"]
    by_id = {c["id"]: c for c in criteria}
    given: dict[int, AnswerValue] = {}
    for index, answer in enumerate(answers):
        criterion = by_id.get(answer.criterion_id)
        if criterion is None:
            errors[f"answers.{index}.criterion_id"] = [str(ERROR_UNKNOWN_CRITERION)]
            continue
        if answer.criterion_id in given:
            errors[f"answers.{index}.criterion_id"] = [str(ERROR_ANSWERED_TWICE)]
            continue
        message = answer_check(criterion, answer.value)
        if message:
            errors[f"answers.{index}.value"] = [message]
        given[answer.criterion_id] = answer.value
    missing = [c["code"] for c in criteria if c["id"] not in given]
    if missing:
        errors["answers"] = [str(ERROR_NOT_ANSWERED % {"code": code}) for code in missing]
    if errors:
        raise ValidationError(errors)

    result = score_compute(criteria=criteria, answers=given)
    evaluation = Evaluation(
        person=person,
        evaluator=evaluator,
        scorecard_version=version,
        channel=channel,
        contact_date=contact_date,
        reference=reference,
        comment=comment,
        score=result.score,
        critical_failed=result.critical_failed,
        calibration=calibration,
    )
    if replaces is not None:
        evaluation.source = replaces.source
        evaluation.wave_id = replaces.wave_id
        evaluation.location = replaces.location
        evaluation.revision = replaces.revision + 1
    evaluation.full_clean()
    evaluation.save()
    rows = []
    for answer in answers:
        criterion = by_id[answer.criterion_id]
        is_points = answer.value != NA and criterion["scale"] == "points"
        rows.append(
            EvaluationAnswer(
                evaluation=evaluation,
                criterion_id=criterion["id"],
                criterion_code=criterion["code"],
                value=EvaluationAnswer.Value.POINTS if is_points else answer.value,
                points=answer.value if is_points else None,
                comment=answer.comment,
            )
        )
    EvaluationAnswer.objects.bulk_create(rows)
    if notify:
        evaluation_notify(evaluation=evaluation)
    if calibration is None:
        evaluation_id = evaluation.pk
        transaction.on_commit(lambda: _weak_spots_check_later(evaluation_id))
    return evaluation


def _weak_spots_check_later(evaluation_id: int) -> None:
    from django_q.tasks import async_task

    async_task("quality.tasks.weak_spots_check", evaluation_id, group="quality_weak_spots")
