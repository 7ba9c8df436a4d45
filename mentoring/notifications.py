"""What mentoring tells people, and when: each function sends for one event, once.

The services call these inside their transaction, so a notification exists exactly when the
event it reports was saved.
"""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.notifications.kinds import Kind, register
from lms.notifications.services import notification_send, notifications_send_bulk
from lms.people.models import StaffProfile, person_name
from mentoring.models import Pairing, SignOff, SoloClearance, SupervisedSession
from mentoring.selectors import active_pairing_for_mentee, solo_readiness

PAIRED = register(
    Kind(
        key="mentoring.paired",
        label=_("You were paired with a mentor or a newcomer"),
        title=_("%(mentee)s is paired with %(mentor)s as their mentor."),
        mandatory=True,
    )
)
SESSION_LOGGED = register(
    Kind(
        key="mentoring.session_logged",
        label=_("A supervised session to acknowledge"),
        title=_(
            "%(mentor)s logged your session of %(date)s: read the feedback and acknowledge it."
        ),
        mandatory=True,
    )
)
SIGNED_OFF = register(
    Kind(
        key="mentoring.signed_off",
        label=_("A skill of yours was signed off"),
        title=_("“%(skill)s” is signed off by %(mentor)s."),
    )
)
SIGNOFF_REVOKED = register(
    Kind(
        key="mentoring.signoff_revoked",
        label=_("A sign-off of yours was revoked"),
        title=_("The sign-off of “%(skill)s” was revoked: %(reason)s"),
        mandatory=True,
    )
)
READY_FOR_CLEARANCE = register(
    Kind(
        key="mentoring.ready_for_clearance",
        label=_("A mentee is ready for solo work"),
        title=_("%(mentee)s has everything required for solo work: ask the manager to clear them."),
        mandatory=True,
    )
)
CLEARANCE_REQUESTED = register(
    Kind(
        key="mentoring.clearance_requested",
        label=_("A newcomer waits for your solo clearance"),
        title=_("%(mentor)s asks you to clear %(mentee)s for solo work."),
        mandatory=True,
    )
)
CLEARANCE_CONFIRMED = register(
    Kind(
        key="mentoring.clearance_confirmed",
        label=_("A solo clearance was confirmed"),
        title=_("%(mentee)s is cleared for solo work."),
        mandatory=True,
    )
)
CLEARANCE_DECLINED = register(
    Kind(
        key="mentoring.clearance_declined",
        label=_("A solo clearance was declined"),
        title=_("The solo clearance of %(mentee)s was declined: %(reason)s"),
        mandatory=True,
    )
)


def pairings_notify(pairings: list[Pairing]) -> None:
    """``pairing_notify`` for many pairings at once (a staff import), in one insert."""
    items = []
    for pairing in pairings:
        params = {"mentee": person_name(pairing.mentee), "mentor": person_name(pairing.mentor)}
        event = f"pairing:{pairing.pk}"
        mentee_url = reverse("mentoring:mentee", args=[pairing.mentee_id])
        items.append((pairing.mentee_id, event, params, reverse("mentoring:practice")))
        items.append((pairing.mentor_id, event, params, mentee_url))
    notifications_send_bulk(kind=PAIRED.key, rows=items)


def pairing_notify(pairing: Pairing) -> None:
    params = {"mentee": person_name(pairing.mentee), "mentor": person_name(pairing.mentor)}
    event = f"pairing:{pairing.pk}"
    notification_send(
        recipient=pairing.mentee,
        kind=PAIRED.key,
        event=event,
        params=params,
        url=reverse("mentoring:practice"),
    )
    notification_send(
        recipient=pairing.mentor,
        kind=PAIRED.key,
        event=event,
        params=params,
        url=reverse("mentoring:mentee", args=[pairing.mentee_id]),
    )


def session_notify(session: SupervisedSession) -> None:
    notification_send(
        recipient=session.mentee,
        kind=SESSION_LOGGED.key,
        event=f"session:{session.pk}",
        params={
            "mentor": person_name(session.mentor),
            "date": timezone.localdate(session.occurred_at).strftime("%d.%m.%Y"),
        },
        url=reverse("mentoring:practice") + f"#session-{session.pk}",
    )


def signoff_notify(sign_off: SignOff) -> None:
    notification_send(
        recipient=sign_off.mentee,
        kind=SIGNED_OFF.key,
        event=f"signoff:{sign_off.pk}",
        params={"skill": sign_off.skill.title, "mentor": person_name(sign_off.signed_by)},
        url=reverse("mentoring:practice"),
    )


def revocation_notify(sign_off: SignOff) -> None:
    notification_send(
        recipient=sign_off.mentee,
        kind=SIGNOFF_REVOKED.key,
        event=f"signoff:{sign_off.pk}",
        params={"skill": sign_off.skill.title, "reason": sign_off.revoke_reason},
        url=reverse("mentoring:practice"),
    )


def readiness_notify(*, mentee: AbstractBaseUser) -> None:
    """Tell the active mentor that the newcomer has just become ready for solo work. Call it
    after whatever may have completed the last requirement (a sign-off, a course); it sends
    only if the newcomer is ready now and has no clearance waiting or confirmed, and once per
    set of required sign-offs (a revoked and renewed one makes a new occasion)."""
    pairing = active_pairing_for_mentee(mentee=mentee)
    if pairing is None:
        return
    open_statuses = [SoloClearance.Status.REQUESTED, SoloClearance.Status.CONFIRMED]
    if SoloClearance.objects.filter(mentee=mentee, status__in=open_statuses).exists():
        return
    if not solo_readiness(mentee=mentee).ready:
        return
    # Only the required skills make the occasion: an optional sign-off given later is not news.
    latest = SignOff.objects.filter(
        mentee=mentee, revoked_at__isnull=True, skill__required_for_solo=True
    ).aggregate(latest=Max("pk"))["latest"]
    notification_send(
        recipient=pairing.mentor,
        kind=READY_FOR_CLEARANCE.key,
        event=f"ready:{mentee.pk}:{latest or 0}",
        params={"mentee": person_name(mentee)},
        url=reverse("mentoring:mentee", args=[mentee.pk]),
    )


def _managers_of(mentee: AbstractBaseUser) -> list[AbstractBaseUser]:
    profile = (
        StaffProfile.objects.select_related("line_manager", "team").filter(user=mentee).first()
    )
    if profile is None:
        return []
    managers = {}
    if profile.team is not None:
        for manager in profile.team.managers.filter(is_active=True):
            managers[manager.pk] = manager
    if profile.line_manager is not None and profile.line_manager.is_active:
        managers[profile.line_manager.pk] = profile.line_manager
    managers.pop(mentee.pk, None)
    return list(managers.values())


def clearance_request_notify(clearance: SoloClearance) -> None:
    params = {
        "mentee": person_name(clearance.mentee),
        "mentor": person_name(clearance.requested_by),
    }
    for manager in _managers_of(clearance.mentee):
        notification_send(
            recipient=manager,
            kind=CLEARANCE_REQUESTED.key,
            event=f"clearance:{clearance.pk}",
            params=params,
            url=reverse("mentoring:team") + "#clearances",
        )


def clearance_decision_notify(clearance: SoloClearance) -> None:
    confirmed = clearance.status == SoloClearance.Status.CONFIRMED
    kind = CLEARANCE_CONFIRMED if confirmed else CLEARANCE_DECLINED
    params = {"mentee": person_name(clearance.mentee), "reason": clearance.decline_reason}
    recipients = {clearance.mentee_id: clearance.mentee}
    if clearance.requested_by_id is not None:
        recipients[clearance.requested_by_id] = clearance.requested_by
    for recipient in recipients.values():
        url = (
            reverse("mentoring:practice")
            if recipient.pk == clearance.mentee_id
            else reverse("mentoring:mentees")
        )
        notification_send(
            recipient=recipient,
            kind=kind.key,
            event=f"clearance:{clearance.pk}",
            params=params,
            url=url,
        )
