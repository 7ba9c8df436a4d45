"""Writes for notifications: sending one for an event (once), marking them read, a person's
settings, and the daily email digest.

The daily digest, exactly once
------------------------------
``digests_prepare`` (after ``DIGEST_HOUR`` local time) makes one ``Digest`` per person and day
for the people with unread, unmuted notifications not yet in a digest, and attaches those
notifications to it, in one transaction: a digest is visible to the senders only with its
content complete, and its content never changes afterwards. The unique (user, day) constraint
keeps it to one a day, also when two workers prepare at once (the loser's insert is skipped and
it attaches nothing, because it attaches only to the digests stamped with its own start time).
Notifications arriving after a person's digest of the day wait for the next day's. A digest can
still end up with nothing attached: the person reads (or mutes) their notifications between the
moment the run picks them and the moment it attaches them. Such a digest is closed without an
email when it is claimed (``sent`` with no ``sent_at``), never sent as "0 new notifications".

``digests_deliver`` claims due digests in batches: ``SELECT … FOR UPDATE SKIP LOCKED`` (on
PostgreSQL; SQLite runs one writer at a time) and then ``UPDATE … SET status='sending', claim=<a
new token> WHERE status='pending'`` (or a stale claim), committed before anything is sent. Only
the worker whose token is on the row sends it, so two runs at once, or a run repeated, never
send one digest twice; ``sent`` is final. A failed send puts the digest back to ``pending`` with
a later ``next_attempt_at`` (backing off), so a later run retries it; after ``MAX_ATTEMPTS`` it is
``failed`` and its notifications are let go to a later digest.

The one gap: a worker that dies after the mail server accepted the message and before it
committed ``sent`` leaves a ``sending`` claim; after ``CLAIM_LEASE`` another run claims it again
and the person gets the digest twice. The window is the instant between the SMTP reply and the
commit; the alternative (never retrying a stale claim) would instead lose every digest whose
worker died before sending, which is the likelier crash. ``CLAIM_LEASE`` is far longer than
django-q's task timeout, so a live worker's claim is never taken over.
"""

import datetime
import logging
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.notifications.emails import digest_email_build
from lms.notifications.kinds import daily_digest_excluded_keys, kind_get, kinds_all
from lms.notifications.models import Digest, Notification, NotificationPreference
from lms.notifications.selectors import unmuted

logger = logging.getLogger(__name__)

ERROR_MANDATORY = _("“%(kind)s” cannot be muted: everyone gets it.")
ERROR_UNKNOWN_KIND = _("There is no kind of notification “%(kind)s”.")
ERROR_UNKNOWN_LANGUAGE = _("Choose one of the offered languages.")
ERROR_NO_ADDRESS = "The person has no email address or their account is closed."

# Digests of a day are made from this hour (local time) on; later runs that day make them
# only for people who had none yet.
DIGEST_HOUR = getattr(settings, "NOTIFICATION_DIGEST_HOUR", 7)
# Unread notifications older than this are not emailed any more (and the scan stays short).
DIGEST_LOOKBACK = datetime.timedelta(days=7)
# A send is tried this many times, the retries spaced RETRY_DELAY, 2×, 4×, … apart.
MAX_ATTEMPTS = 5
RETRY_DELAY = datetime.timedelta(minutes=15)
# A claim older than this is taken to belong to a dead worker (django-q's timeout is 5 min).
CLAIM_LEASE = datetime.timedelta(minutes=30)
# One run sends for at most this long, below django-q's task timeout; the next run goes on.
DELIVER_BUDGET_SECONDS = 240
CLAIM_BATCH = 100
ACTIVE_CHECK_CHUNK = 10_000


def notification_send(
    *,
    recipient: AbstractBaseUser,
    kind: str,
    event: str,
    params: dict | None = None,
    url: str = "",
) -> Notification | None:
    """Notify ``recipient`` of ``event`` (a stable id of what happened, such as ``session:42``).

    Sending the same kind and event to the same person again returns the existing notification
    and changes nothing, also when two requests race (the unique constraint settles it). Returns
    None for an inactive recipient: nobody reads an inbox of an account that was closed."""
    if kind_get(kind) is None:
        raise ImproperlyConfigured(f"Unknown notification kind: {kind}")
    if not recipient.is_active:
        return None
    # get_or_create inserts in a savepoint and reads the winner's row on an IntegrityError.
    notification, _created = Notification.objects.get_or_create(
        recipient=recipient,
        kind=kind,
        event=event,
        defaults={"params": params or {}, "url": url, "created_at": timezone.now()},
    )
    return notification


def notification_read(*, notification: Notification, reader: AbstractBaseUser) -> Notification:
    """Mark one of the reader's notifications read; reading it again changes nothing. Only the
    recipient reads their notifications (the caller looks it up among the reader's own)."""
    if notification.recipient_id != reader.pk:
        raise PermissionDenied("Only the recipient reads a notification.")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_read_all(*, reader: AbstractBaseUser) -> int:
    """Mark every unread notification of the reader read; returns how many were unread."""
    return Notification.objects.filter(recipient=reader, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def notifications_send_bulk(*, kind: str, rows: Iterable[tuple[int, str, dict, str]]) -> int:
    """Send one kind of notification to many people at once: ``rows`` of (recipient id, event,
    params, url). Events already sent to a recipient are skipped (the unique constraint), as
    are inactive accounts; one query to find the active recipients, then batched inserts.
    Returns how many rows were offered for insertion after filtering (the database may skip
    some as already sent). For many recipients the active check runs per 10,000 of them."""
    if kind_get(kind) is None:
        raise ImproperlyConfigured(f"Unknown notification kind: {kind}")
    rows = list(rows)
    if not rows:
        return 0
    User = get_user_model()
    recipient_ids = sorted({row[0] for row in rows})
    active = set()
    # In chunks: SQLite refuses statements with more than 32,766 parameters.
    for start in range(0, len(recipient_ids), ACTIVE_CHECK_CHUNK):
        chunk = recipient_ids[start : start + ACTIVE_CHECK_CHUNK]
        active |= set(
            User.objects.filter(pk__in=chunk, is_active=True).values_list("pk", flat=True)
        )
    now = timezone.now()
    notifications = [
        Notification(
            recipient_id=recipient_id,
            kind=kind,
            event=event,
            params=params or {},
            url=url,
            created_at=now,
        )
        for recipient_id, event, params, url in rows
        if recipient_id in active
    ]
    Notification.objects.bulk_create(notifications, batch_size=2000, ignore_conflicts=True)
    return len(notifications)


class NotificationSettingsInvalid(ValidationError):
    """A settings change refused: ``field`` names the input at fault."""

    def __init__(self, message, *, field: str, params: dict | None = None):
        super().__init__(message, params=params)
        self.field = field


@transaction.atomic
def notification_settings_save(
    *, user: AbstractBaseUser, muted: Iterable[str], language: str | None = None
) -> None:
    """Mute exactly the kinds in ``muted`` for ``user`` (the others are unmuted) and, when
    ``language`` is given, set the language of their emails ("" for the site's default; it is
    the language of Wagtail's user profile, so the admin follows it too).

    Raises ``NotificationSettingsInvalid`` (and changes nothing) for a mandatory or unknown
    kind, or a language the site does not offer. A fixed number of queries, whatever the number
    of kinds."""
    kinds = {kind.key: kind for kind in kinds_all()}
    muted = set(muted)
    for key in sorted(muted):
        kind = kinds.get(key)
        if kind is None:
            raise NotificationSettingsInvalid(
                ERROR_UNKNOWN_KIND, field="muted", params={"kind": key}
            )
        if kind.mandatory:
            raise NotificationSettingsInvalid(
                ERROR_MANDATORY, field="muted", params={"kind": kind.label}
            )
    if language and language not in dict(settings.LANGUAGES):
        raise NotificationSettingsInvalid(ERROR_UNKNOWN_LANGUAGE, field="language")
    rows = [
        NotificationPreference(user=user, kind=key, muted=key in muted)
        for key, kind in sorted(kinds.items())
        if not kind.mandatory
    ]
    NotificationPreference.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["user", "kind"], update_fields=["muted"]
    )
    if language is not None:
        from wagtail.users.models import UserProfile

        UserProfile.objects.update_or_create(user=user, defaults={"preferred_language": language})


# --- The daily digest ---------------------------------------------------------------------------


def digests_prepare(*, now: datetime.datetime | None = None) -> int:
    """Make today's digests (once ``DIGEST_HOUR`` has come) for the people who have unread,
    unmuted notifications of the last ``DIGEST_LOOKBACK`` not in a digest yet (of the kinds the
    daily digest carries, see ``Kind.daily_digest``), an email address
    and an open account, and no digest today; attach those notifications. Returns how many
    digests were made. A fixed number of queries, whatever the number of people; safe to run
    any number of times and concurrently (see the module's docstring)."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    if local.hour < DIGEST_HOUR:
        return 0
    day = local.date()
    waiting = Notification.objects.filter(
        unmuted(),
        digest__isnull=True,
        read_at__isnull=True,
        created_at__gt=now - DIGEST_LOOKBACK,
        created_at__lte=now,
        recipient__is_active=True,
    ).exclude(recipient__email="")
    excluded = daily_digest_excluded_keys()
    if excluded:
        waiting = waiting.exclude(kind__in=excluded)
    with transaction.atomic():
        recipients = list(
            waiting.exclude(Exists(Digest.objects.filter(user=OuterRef("recipient"), day=day)))
            .order_by()
            .values_list("recipient_id", flat=True)
            .distinct()
        )
        if not recipients:
            return 0
        Digest.objects.bulk_create(
            [Digest(user_id=pk, day=day, created_at=now, next_attempt_at=now) for pk in recipients],
            batch_size=2000,
            ignore_conflicts=True,
        )
        # Only the digests this run made (stamped with its start): a concurrent run's, made a
        # moment earlier with their own notifications attached, are not touched.
        ours = Digest.objects.filter(user=OuterRef("recipient"), day=day, created_at=now)
        waiting.filter(Exists(ours)).update(digest=Subquery(ours.values("pk")[:1]))
        return Digest.objects.filter(day=day, created_at=now).count()


@dataclass(frozen=True)
class DeliveryResult:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    # Digests left with nothing to carry, closed without an email.
    empty: int = 0


# The outcome of a digest closed without an email because nothing was attached to it.
DIGEST_EMPTY = "empty"


def digests_deliver(
    *, now: datetime.datetime | None = None, budget_seconds: float = DELIVER_BUDGET_SECONDS
) -> DeliveryResult:
    """Send the digests that are due, batch by batch, for at most ``budget_seconds``; the rest
    wait for the next run. Each digest is sent by the one worker that claimed it (see the
    module's docstring); a failed send is retried by a later run. ``now`` fixes the clock (for
    tests); otherwise each batch reads it afresh."""
    deadline = time.monotonic() + budget_seconds
    sent = retrying = failed = empty = 0
    while time.monotonic() < deadline:
        at = now or timezone.now()
        batch = _digests_claim(now=at, limit=CLAIM_BATCH)
        if not batch:
            break
        connection = get_connection()
        try:
            # One connection for the batch; if it cannot be opened now, each send tries again
            # on its own and fails into a retry.
            connection.open()
        except Exception:
            logger.warning("Opening the mail connection failed.", exc_info=True)
        try:
            for digest in batch:
                outcome = _digest_send(digest=digest, connection=connection, now=at)
                sent += outcome == Digest.Status.SENT
                retrying += outcome == Digest.Status.PENDING
                failed += outcome == Digest.Status.FAILED
                empty += outcome == DIGEST_EMPTY
        finally:
            _connection_close(connection)
    return DeliveryResult(sent=sent, retrying=retrying, failed=failed, empty=empty)


def digests_run(*, now: datetime.datetime | None = None) -> DeliveryResult:
    """What the scheduled job does: make today's digests if it is time, then send what is due."""
    digests_prepare(now=now)
    return digests_deliver(now=now)


def _connection_close(connection) -> None:
    try:
        connection.close()
    except Exception:  # a broken connection is closed already, as far as we care
        logger.debug("Closing the mail connection failed.", exc_info=True)


def _claimable(now: datetime.datetime) -> Q:
    return Q(status=Digest.Status.PENDING, next_attempt_at__lte=now) | Q(
        status=Digest.Status.SENDING, claimed_at__lt=now - CLAIM_LEASE
    )


def _digests_claim(*, now: datetime.datetime, limit: int) -> list[Digest]:
    """Claim up to ``limit`` due digests for this worker and return them with their recipients
    and notifications (three queries after the claim)."""
    token = uuid.uuid4()
    with transaction.atomic():
        # SKIP LOCKED: concurrent workers take different rows instead of queueing on the same
        # ones. The status condition in the UPDATE is what makes a row go to one worker only.
        ids = list(
            Digest.objects.select_for_update(skip_locked=True)
            .filter(_claimable(now))
            .order_by("next_attempt_at", "pk")
            .values_list("pk", flat=True)[:limit]
        )
        if not ids:
            return []
        Digest.objects.filter(_claimable(now), pk__in=ids).update(
            status=Digest.Status.SENDING, claim=token, claimed_at=now, attempts=F("attempts") + 1
        )
    return list(
        Digest.objects.filter(claim=token)
        .select_related("user", "user__wagtail_userprofile")
        .prefetch_related(
            Prefetch("notifications", queryset=Notification.objects.order_by("created_at", "pk"))
        )
        .order_by("pk")
    )


def _digest_send(*, digest: Digest, connection, now: datetime.datetime) -> str:
    """Send one claimed digest; return its new status (``DIGEST_EMPTY`` for one closed
    without an email because no notification is attached to it)."""
    user = digest.user
    if not user.is_active or not user.email:
        return _digest_give_up(digest=digest, error=ERROR_NO_ADDRESS)
    if not digest.notifications.all():  # prefetched: no query
        return _digest_close_empty(digest=digest)
    try:
        message = digest_email_build(digest=digest, connection=connection)
        message.send()
    except Exception as error:  # SMTP refusals, lost connections, DNS: retried later
        logger.warning("Sending digest %s failed: %s", digest.pk, error, exc_info=True)
        # A broken connection would fail the rest of the batch: the next send opens a new one.
        _connection_close(connection)
        if digest.attempts >= MAX_ATTEMPTS:
            return _digest_give_up(digest=digest, error=repr(error))
        Digest.objects.filter(pk=digest.pk, claim=digest.claim).update(
            status=Digest.Status.PENDING,
            claim=None,
            next_attempt_at=now + RETRY_DELAY * 2 ** (digest.attempts - 1),
            last_error=repr(error)[:2000],
        )
        return Digest.Status.PENDING
    updated = Digest.objects.filter(pk=digest.pk, claim=digest.claim).update(
        status=Digest.Status.SENT, sent_at=now, last_error=""
    )
    if not updated:
        # Another run took the claim over (its lease ran out): this person may get it twice.
        logger.warning("Digest %s was sent after its claim was taken over.", digest.pk)
    return Digest.Status.SENT


def _digest_close_empty(*, digest: Digest) -> str:
    """Mark a claimed digest that carries nothing as done, without an email: nobody wants a
    "0 new notifications" message. ``sent_at`` stays empty, as nothing went out."""
    Digest.objects.filter(pk=digest.pk, claim=digest.claim).update(
        status=Digest.Status.SENT, last_error=""
    )
    return DIGEST_EMPTY


@transaction.atomic
def _digest_give_up(*, digest: Digest, error: str) -> str:
    updated = Digest.objects.filter(pk=digest.pk, claim=digest.claim).update(
        status=Digest.Status.FAILED, last_error=error[:2000]
    )
    if updated:
        # Its notifications may still reach the person in a later digest.
        Notification.objects.filter(digest=digest).update(digest=None)
    return Digest.Status.FAILED
