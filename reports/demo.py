"""Demo certificates: two courses and the operator's onboarding plan issue certificates, and the
people who completed them before (``staff`` months ago, ``cleared`` in their first weeks) hold
theirs.

Runs after the learning and mentoring demos, which complete the courses: the courses are marked
only now, so their certificates are issued here, through ``certificate_issue``, for the
completions that exist (later completions get theirs as they happen). ``staff`` finished the
operator plan about five months ago: her products certificate (a 90-day refresher policy) has
expired, her standards one (180 days) is still valid. Idempotent: a completion gives one
certificate, so a second run adds nothing.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from courses.demo import EDITOR_USERNAME
from courses.models import Assignment, CoursePage, OnboardingPlan
from lms.core.demo import register
from lms.notifications.models import Notification
from reports.models import Certificate
from reports.notifications import CERTIFICATE_ISSUED
from reports.services.certificates import certificate_issue

User = get_user_model()

CERTIFIED_COURSES = ("products-and-tariffs", "service-standards")
CERTIFIED_PLAN = "operator"
HOLDERS = ("staff", "cleared")
# The demo's people read the news the evening of the day they got it.
READ_AT = datetime.time(18, 30)


def _course_mark(course: CoursePage, *, editor) -> bool:
    """Publish the course with "issues a certificate" once; an editor's later choice stays."""
    if course.issues_certificate:
        return False
    editable = course.get_latest_revision_as_object()
    editable.issues_certificate = True
    editable.save_revision(user=editor).publish(user=editor)
    return True


def _notification_backdate(certificate: Certificate) -> None:
    at = timezone.make_aware(datetime.datetime.combine(certificate.issued_on, READ_AT))
    Notification.objects.filter(
        recipient=certificate.user,
        kind=CERTIFICATE_ISSUED.key,
        event=f"certificate:{certificate.pk}",
    ).update(created_at=at, read_at=at)


def _holder_certificates(user, *, courses: list[CoursePage], plan: OnboardingPlan | None) -> int:
    """Issue ``user`` the certificates of what they completed; returns how many are new."""
    before = Certificate.objects.filter(user=user).count()
    done = set(
        Assignment.objects.filter(
            user=user, course__in=courses, status=Assignment.Status.COMPLETED
        ).values_list("course_id", flat=True)
    )
    issued = [certificate_issue(user=user, course=c) for c in courses if c.pk in done]
    if plan is not None:
        issued.append(certificate_issue(user=user, plan=plan))
    new = Certificate.objects.filter(user=user).count() - before
    if new:
        for certificate in issued:
            if certificate is not None:
                _notification_backdate(certificate)
    return new


@register("reports")
def reports_demo_load(*, stdout) -> None:
    """Courses and the operator plan marked "issues a certificate"; ``staff`` and ``cleared``
    hold the certificates of what they completed. Idempotent."""
    editor = User.objects.filter(username=EDITOR_USERNAME).first()
    courses = list(CoursePage.objects.filter(slug__in=CERTIFIED_COURSES).order_by("path"))
    marked = sum(_course_mark(course, editor=editor) for course in courses)
    courses = list(CoursePage.objects.filter(pk__in=[c.pk for c in courses]))
    plan = OnboardingPlan.objects.filter(job_role__slug=CERTIFIED_PLAN).first()
    if plan is not None and not plan.issues_certificate:
        plan.issues_certificate = True
        plan.save(update_fields=["issues_certificate"])
        marked += 1
    new = 0
    for username in HOLDERS:
        user = User.objects.filter(username=username).first()
        if user is not None:
            new += _holder_certificates(user, courses=courses, plan=plan)
    total = Certificate.objects.filter(user__username__in=HOLDERS).count()
    stdout.write(
        f"  reports: {len(courses)} courses and the {CERTIFIED_PLAN} plan issue certificates "
        f"({marked} newly marked); {total} certificates of {', '.join(HOLDERS)} ({new} new)"
    )
