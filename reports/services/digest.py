"""Sending the managers' weekly digest: one email and one inbox item per manager and week.

``weekly_digests_prepare`` makes, for each manager with something to say (see
``reports.selectors.digest``), one ``WeeklyDigest`` row of the week, with its content, and the
inbox item, in one transaction. The unique (manager, week) constraint and the notification's
unique (recipient, kind, event) make a second run of the same week, a retried job or two
workers at once add nothing: a manager with a digest this week is skipped, and a concurrent
insert of the same row fails into the savepoint and is skipped too.

``weekly_digests_deliver`` claims due rows (``UPDATE … SET status='sending', claim=<token>
WHERE status='pending'``, committed before anything is sent, as the daily digest does in
``lms.notifications.services``); only the worker whose token is on the row sends it, and
``sent`` is final. A failed send is put back to ``pending`` with a later ``next_attempt_at``
(15 min, 30 min, 1 h, …) and retried by the delivery sweep; after ``MAX_ATTEMPTS`` it is
``failed``. The inbox item stays either way.
"""

import datetime
import logging
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext

from lms.core.site_url import absolute_url
from lms.notifications.emails import language_of
from lms.notifications.models import NotificationPreference
from lms.notifications.services import notification_send
from reports.models import WeeklyDigest
from reports.notifications import WEEKLY_DIGEST
from reports.selectors.digest import (
    DigestContent,
    digest_content_for,
    digest_managers,
    digest_week,
)

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
RETRY_DELAY = datetime.timedelta(minutes=15)
# A claim older than this belongs to a dead worker (django-q's task timeout is 5 minutes).
CLAIM_LEASE = datetime.timedelta(minutes=30)
CLAIM_BATCH = 100


def weekly_digest_event(*, week: datetime.date) -> str:
    """The inbox item's event id: one per manager and week."""
    return f"weekly-digest:{week.isoformat()}"


def _muted(manager: AbstractBaseUser) -> bool:
    return NotificationPreference.objects.filter(
        user=manager, kind=WEEKLY_DIGEST.key, muted=True
    ).exists()


def weekly_digest_prepare(
    *, manager: AbstractBaseUser, now: datetime.datetime | None = None
) -> WeeklyDigest | None:
    """Make ``manager``'s digest of the week of ``now`` and its inbox item, unless they have
    one this week already or there is nothing to say (then None; nothing is written).

    A manager who muted the weekly digest gets the inbox item and no email (status
    ``muted``)."""
    now = now or timezone.now()
    week = digest_week(now=now)
    if WeeklyDigest.objects.filter(manager=manager, week=week).exists():
        return None
    content = digest_content_for(manager=manager, now=now)
    if content.empty:
        return None
    muted = _muted(manager)
    try:
        with transaction.atomic():
            digest = WeeklyDigest.objects.create(
                manager=manager,
                week=week,
                content=content.as_dict(),
                status=WeeklyDigest.Status.MUTED if muted else WeeklyDigest.Status.PENDING,
                created_at=now,
                next_attempt_at=now,
            )
            notification_send(
                recipient=manager,
                kind=WEEKLY_DIGEST.key,
                event=weekly_digest_event(week=week),
                params={
                    "overdue": content.overdue.total,
                    "finished": content.finished.total,
                    "ready": content.ready.total,
                    "waiting": content.waiting,
                },
                # The manager's dashboard, where the digest leads.
                url=reverse("reports:dashboard"),
            )
    except IntegrityError:
        # Another run made this manager's digest of the week a moment ago.
        return None
    return digest


def weekly_digests_prepare(*, now: datetime.datetime | None = None) -> int:
    """Make this week's digests for every manager who has something to say and none yet;
    return how many were made. Safe to run any number of times."""
    now = now or timezone.now()
    week = digest_week(now=now)
    managers = digest_managers().exclude(weekly_digests__week=week)
    made = 0
    for manager in managers.iterator(chunk_size=200):
        made += weekly_digest_prepare(manager=manager, now=now) is not None
    return made


@dataclass(frozen=True)
class DeliveryResult:
    sent: int = 0
    retrying: int = 0
    failed: int = 0


def _claimable(now: datetime.datetime) -> Q:
    return Q(status=WeeklyDigest.Status.PENDING, next_attempt_at__lte=now) | Q(
        status=WeeklyDigest.Status.SENDING, claimed_at__lt=now - CLAIM_LEASE
    )


def _claim(*, now: datetime.datetime) -> list[WeeklyDigest]:
    token = uuid.uuid4()
    with transaction.atomic():
        ids = list(
            WeeklyDigest.objects.select_for_update(skip_locked=True)
            .filter(_claimable(now))
            .order_by("next_attempt_at", "pk")
            .values_list("pk", flat=True)[:CLAIM_BATCH]
        )
        if not ids:
            return []
        WeeklyDigest.objects.filter(_claimable(now), pk__in=ids).update(
            status=WeeklyDigest.Status.SENDING,
            claim=token,
            claimed_at=now,
            attempts=F("attempts") + 1,
        )
    return list(
        WeeklyDigest.objects.filter(claim=token)
        .select_related("manager", "manager__wagtail_userprofile")
        .order_by("pk")
    )


def weekly_digests_deliver(*, now: datetime.datetime | None = None) -> DeliveryResult:
    """Send the weekly digests that are due (new ones and retries), batch by batch. Each is
    sent by the one worker that claimed it."""
    sent = retrying = failed = 0
    while True:
        at = now or timezone.now()
        batch = _claim(now=at)
        if not batch:
            break
        connection = get_connection()
        for digest in batch:
            outcome = _send(digest=digest, connection=connection, now=at)
            sent += outcome == WeeklyDigest.Status.SENT
            retrying += outcome == WeeklyDigest.Status.PENDING
            failed += outcome == WeeklyDigest.Status.FAILED
    return DeliveryResult(sent=sent, retrying=retrying, failed=failed)


def weekly_digests_run(*, now: datetime.datetime | None = None) -> DeliveryResult:
    """What the Monday job does: make this week's digests, then send what is due."""
    weekly_digests_prepare(now=now)
    return weekly_digests_deliver(now=now)


def _send(*, digest: WeeklyDigest, connection, now: datetime.datetime) -> str:
    manager = digest.manager
    if not manager.is_active or not manager.email:
        return _give_up(digest, "The manager has no email address or their account is closed.")
    try:
        weekly_digest_email_build(digest=digest, connection=connection).send()
    except Exception as error:  # SMTP refusals, lost connections, DNS: retried later
        logger.warning("Sending weekly digest %s failed: %s", digest.pk, error, exc_info=True)
        if digest.attempts >= MAX_ATTEMPTS:
            return _give_up(digest, repr(error))
        WeeklyDigest.objects.filter(pk=digest.pk, claim=digest.claim).update(
            status=WeeklyDigest.Status.PENDING,
            claim=None,
            next_attempt_at=now + RETRY_DELAY * 2 ** (digest.attempts - 1),
            last_error=repr(error)[:2000],
        )
        return WeeklyDigest.Status.PENDING
    updated = WeeklyDigest.objects.filter(pk=digest.pk, claim=digest.claim).update(
        status=WeeklyDigest.Status.SENT, sent_at=now, last_error=""
    )
    if not updated:
        logger.warning("Weekly digest %s was sent after its claim was taken over.", digest.pk)
    return WeeklyDigest.Status.SENT


def _give_up(digest: WeeklyDigest, error: str) -> str:
    WeeklyDigest.objects.filter(pk=digest.pk, claim=digest.claim).update(
        status=WeeklyDigest.Status.FAILED, last_error=error[:2000]
    )
    return WeeklyDigest.Status.FAILED


DATE_KEYS = ("due", "completed", "requested")


def _for_email(rows: list[dict]) -> list[dict]:
    """The stored rows with each person's absolute link and dates as dates (for the
    templates' localised ``date`` filter)."""
    shown = []
    for row in rows:
        row = {**row, "url": absolute_url(reverse("reports:person", args=[row["person_id"]]))}
        for key in DATE_KEYS:
            if row.get(key):
                row[key] = datetime.date.fromisoformat(row[key])
        shown.append(row)
    return shown


def weekly_digest_email_build(*, digest: WeeklyDigest, connection=None) -> EmailMultiAlternatives:
    """The email of ``digest`` in its manager's language, plain text and HTML, every link
    absolute (``settings.SITE_URL``)."""
    manager = digest.manager
    content = DigestContent.from_dict(digest.content)
    with translation.override(language_of(manager)):
        week = date_format(digest.week, "j E Y")
        subject = gettext("%(site)s: your team's week from %(week)s") % {
            "site": gettext("Nastavnik"),
            "week": week,
        }
        sections = {
            name: {
                "rows": _for_email(getattr(content, name).rows),
                "total": getattr(content, name).total,
                "more": getattr(content, name).more,
            }
            for name in ("overdue", "finished", "ready", "signoffs", "clearances")
        }
        context = {
            "user": manager,
            "subject": subject,
            "week": week,
            "questions": content.questions,
            "team_url": absolute_url(reverse("reports:dashboard")),
            "assignments_url": absolute_url(reverse("courses_admin:assignments"))
            + "?status=overdue",
            "mentoring_url": absolute_url(reverse("mentoring:team")),
            "settings_url": absolute_url(reverse("notifications:settings")),
            "site_url": settings.SITE_URL,
            **sections,
        }
        text = render_to_string("reports/digest/email.txt", context)
        html = render_to_string("reports/digest/email.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[manager.email],
        connection=connection,
        headers={"Auto-Submitted": "auto-generated", "X-Nastavnik-Weekly-Digest": str(digest.pk)},
    )
    message.attach_alternative(html, "text/html")
    return message
