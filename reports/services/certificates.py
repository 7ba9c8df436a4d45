"""Writes for certificates: issuing one when a marked course or onboarding plan is completed,
and revoking one.

``certificate_issue`` runs inside the transaction that completes the course (it is called from
the ``courses.signals.course_completed`` receiver in ``reports.apps``), so a certificate and its
notification exist exactly when the completion does.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.models import Assignment, CoursePage, OnboardingPlan
from courses.selectors import course_validity_days, lesson_list, onboarding_plan_completed_by
from quizzes.selectors import best_percent_by_quiz
from reports.models import Certificate
from reports.notifications import certificate_issued_send, certificate_revoked_send
from reports.selectors.scope import staff_in_scope

ERROR_NOT_IN_SCOPE = _("Only the person's managers, HR and administrators can revoke it.")
ERROR_REASON_REQUIRED = _("Say why the certificate is revoked.")
ERROR_ALREADY_REVOKED = _("This certificate is already revoked.")

REASON_MAX_LENGTH = 500


def _score(*, user_id: int, course: CoursePage, since: datetime.datetime | None) -> Decimal | None:
    """The mean of the person's best percent at the course's gating quizzes among the attempts
    submitted ``since`` the assignment began (a refresher's certificate shows the refresher's
    results, not an earlier pass's); None without any."""
    quiz_ids = sorted({lesson.gate_quiz_id for lesson in lesson_list(course=course)} - {None})
    best = best_percent_by_quiz(user_id=user_id, quiz_ids=quiz_ids, since=since)
    if not best:
        return None
    mean = sum(best.values()) / len(best)
    return Decimal(mean).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _course_certificate(*, user: AbstractBaseUser, course: CoursePage) -> Certificate | None:
    assignment = (
        Assignment.objects.filter(user=user, course=course, status=Assignment.Status.COMPLETED)
        .order_by("-completed_at", "-pk")
        .first()
    )
    if assignment is None:
        return None
    existing = Certificate.objects.filter(assignment=assignment).first()
    if existing is not None:
        return existing
    issued_on = timezone.localdate(assignment.completed_at or timezone.now())
    days = course_validity_days(course_id=course.pk, user=user)
    certificate, created = Certificate.objects.get_or_create(
        assignment=assignment,
        defaults={
            "user": user,
            "kind": Certificate.Kind.COURSE,
            "course": course,
            "title": course.title,
            "issued_on": issued_on,
            "score": _score(user_id=user.pk, course=course, since=assignment.assigned_at),
            "expires_on": issued_on + datetime.timedelta(days=days) if days else None,
        },
    )
    if created:
        certificate_issued_send(certificate=certificate)
    return certificate


def _plan_certificate(*, user: AbstractBaseUser, plan: OnboardingPlan) -> Certificate | None:
    if onboarding_plan_completed_by(user=user) != plan:
        return None
    existing = Certificate.objects.filter(user=user, plan=plan).first()
    if existing is not None:
        return existing
    # The plan is completed on the day its last course was.
    last = Assignment.objects.filter(
        user=user,
        course_id__in=plan.items.values("course_id"),
        status=Assignment.Status.COMPLETED,
    ).aggregate(last=Max("completed_at"))["last"]
    certificate, created = Certificate.objects.get_or_create(
        user=user,
        plan=plan,
        defaults={
            "kind": Certificate.Kind.PLAN,
            "title": str(plan.job_role),
            "issued_on": timezone.localdate(last or timezone.now()),
        },
    )
    if created:
        certificate_issued_send(certificate=certificate)
    return certificate


@transaction.atomic
def certificate_issue(
    *,
    user: AbstractBaseUser,
    course: CoursePage | None = None,
    plan: OnboardingPlan | None = None,
) -> Certificate | None:
    """Issue ``user`` the certificate of their completion of ``course`` (their latest completed
    assignment of it) or of the whole onboarding ``plan``; give exactly one of the two.

    Idempotent: a completion gives one certificate however often this runs, also when two
    requests race (the unique constraints settle it); a refresher completion is a new
    assignment and so gives a new certificate. A course certificate carries the mean of the
    person's best scores at the course's gating quizzes in attempts submitted since the
    assignment's ``assigned_at`` (none without gates or such attempts) and expires
    after the shortest period of the course's refresher policies that reach the person (never
    without one). Returns the certificate, or None when nothing is to be issued: the course
    or plan is not marked "issues a certificate", or is not completed. Notifies the person of
    a new certificate (inbox), in this transaction."""
    if (course is None) == (plan is None):
        raise ValueError("Give a course or a plan.")
    if course is not None:
        if not course.issues_certificate:
            return None
        return _course_certificate(user=user, course=course)
    if not plan.issues_certificate:
        return None
    return _plan_certificate(user=user, plan=plan)


def certificates_on_course_completed(*, user: AbstractBaseUser, course: CoursePage) -> list:
    """What a completed course brings: its certificate if the course issues one, and the
    plan's if this completion finished a plan that issues one. Returns the certificates
    issued or found."""
    issued = [certificate_issue(user=user, course=course)]
    plan = onboarding_plan_completed_by(user=user)
    if (
        plan is not None
        and plan.issues_certificate
        and plan.items.filter(course_id=course.pk).exists()
    ):
        issued.append(certificate_issue(user=user, plan=plan))
    return [certificate for certificate in issued if certificate is not None]


def certificate_revocable_by(*, certificate: Certificate, user: AbstractBaseUser) -> bool:
    """Whether ``user`` may revoke the certificate: the holder is in their reports scope (their
    managers, HR and administrators). One query."""
    if not user.is_authenticated:
        return False
    return staff_in_scope(user=user).filter(user_id=certificate.user_id).exists()


@transaction.atomic
def certificate_revoke(
    *, certificate: Certificate, revoked_by: AbstractBaseUser, reason: str
) -> Certificate:
    """Revoke the certificate for ``reason``; the verification page says so from now on and the
    holder is notified. Never undone: a new completion gives a new certificate.

    Raises ``PermissionDenied`` (``ERROR_NOT_IN_SCOPE``) unless ``revoked_by`` has the holder in
    their scope, ``ValidationError`` for an empty reason or a certificate already revoked."""
    if not certificate_revocable_by(certificate=certificate, user=revoked_by):
        raise PermissionDenied(ERROR_NOT_IN_SCOPE)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ERROR_REASON_REQUIRED})
    locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if locked.revoked_at is not None:
        raise ValidationError(ERROR_ALREADY_REVOKED)
    locked.revoked_at = timezone.now()
    locked.revoked_by = revoked_by
    locked.revoke_reason = reason[:REASON_MAX_LENGTH]
    locked.full_clean()
    locked.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    certificate_revoked_send(certificate=locked)
    return locked
