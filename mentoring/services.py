"""Writes for mentoring: pairing newcomers with mentors, logging supervised sessions, signing
skills off (and revoking), and clearing a newcomer for solo work.

Who may do what:
- pair and end a pairing, confirm or decline a clearance: a manager of the newcomer (their team's
  manager or line manager, see ``lms.people.selectors.staff_profile_can_manage``) or an
  administrator;
- log a session: the newcomer's active mentor only;
- sign off, revoke, ask for clearance: the active mentor or an administrator, never the newcomer;
- acknowledge a session: its newcomer only.

What counts as evidence for a sign-off is described in ``mentoring.selectors``.
"""

import datetime
import uuid
from collections.abc import Iterable, Sequence

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from wagtail.models import Page

from lms.people.models import StaffProfile
from lms.people.selectors import staff_profile_can_manage, user_is_administrator
from lms.people.services import staff_profile_update
from mentoring import notifications
from mentoring.models import (
    MentorProfile,
    Pairing,
    PracticeSkill,
    SignOff,
    SkillRating,
    SoloClearance,
    SupervisedSession,
)
from mentoring.selectors import (
    OPEN_CLEARANCE_STATUSES,
    MissingItem,
    signoff_evidence,
    solo_readiness,
)

ERROR_NOT_MANAGER = _("Only a manager of the newcomer or an administrator may do this.")
ERROR_NOT_ACTIVE_MENTOR = _("Only the newcomer's active mentor may do this.")
ERROR_NOT_MENTOR_OR_ADMIN = _("Only the newcomer's active mentor or an administrator may do this.")
ERROR_OWN_SKILLS = _("You cannot sign off or clear yourself.")
ERROR_OWN_DECISION = _("You cannot pair or clear yourself: another manager decides.")
ERROR_BEFORE_PAIRING = _("A session cannot be logged for a time before the pairing started.")
ERROR_NOT_YOUR_SESSION = _("Only the newcomer of this session may acknowledge it.")
ERROR_NO_PROFILE = _("This person has no staff record.")
ERROR_NO_JOB_ROLE = _("The newcomer has no job role, so there are no practice skills for them.")
ERROR_NOT_ONBOARDING = _("Only a newcomer who is still onboarding can be paired with a mentor.")
ERROR_SELF_PAIRING = _("Nobody can mentor themselves.")
ERROR_NOT_A_MENTOR = _("This person is not an active mentor.")
ERROR_MENTOR_FULL = ngettext_lazy(
    "The mentor already has %(load)d of %(capacity)d mentee. Give a reason to pair anyway.",
    "The mentor already has %(load)d of %(capacity)d mentees. Give a reason to pair anyway.",
    "capacity",
)
ERROR_PAIRED_MEANWHILE = _("The newcomer was paired by someone else just now. Reload and check.")
ERROR_PAIRING_ENDED = _("This pairing has already ended.")
ERROR_NO_RATINGS = _("Rate at least one skill.")
ERROR_SKILL_RATED_TWICE = _("Rate each skill once per session.")
ERROR_SKILL_NOT_OF_ROLE = _("“%(skill)s” is not a practice skill of the newcomer's job role.")
ERROR_SESSION_IN_FUTURE = _("A session cannot be logged for a time in the future.")
ERROR_EVIDENCE_SHORT = ngettext_lazy(
    "“%(skill)s” cannot be signed off yet: it needs %(needed)d more session rated "
    "independent without the mentor stepping in.",
    "“%(skill)s” cannot be signed off yet: it needs %(needed)d more sessions rated "
    "independent without the mentor stepping in.",
    "needed",
)
ERROR_ALREADY_SIGNED_OFF = _("This skill is already signed off.")
ERROR_REASON_REQUIRED = _("Give a reason.")
ERROR_ALREADY_REVOKED = _("This sign-off has already been revoked.")
ERROR_NOT_READY = _("The newcomer is not ready for solo work yet.")
ERROR_ALREADY_SOLO = _("The newcomer already works solo.")
ERROR_CLEARANCE_OPEN = _("A clearance for this newcomer is already waiting or confirmed.")
ERROR_CLEARANCE_DECIDED = _("This clearance has already been decided.")
IMPORT_OVER_CAPACITY = _("Paired by a staff import beyond the mentor's capacity.")

User = get_user_model()

# A session logged from a phone may carry a clock a little ahead of the server's.
FUTURE_TOLERANCE = datetime.timedelta(minutes=5)


class MentoringNotAllowed(PermissionDenied):
    """The acting person may not do this; ``.message`` says who may."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class MentoringInvalid(ValidationError):
    """A mentoring rule refused the request: ``.message`` says why, ``.field`` names the input
    at fault ("" when it is the request as a whole; then ``message_dict`` is keyed by it)."""

    def __init__(self, message, *, field: str = ""):
        super().__init__({field: message} if field else message)
        # Django keeps a keyed error as ``error_dict`` only; callers read one message alike.
        self.message = message
        self.field = field


class MentorAtCapacity(MentoringInvalid):
    """The mentor is full and no reason to override was given."""


class EvidenceShort(MentoringInvalid):
    """Not enough independent sessions for a sign-off; ``.needed`` is how many more."""

    def __init__(self, message, *, needed: int):
        super().__init__(message)
        self.needed = needed


class NotReadyForSolo(MentoringInvalid):
    """The newcomer cannot be cleared; ``.missing`` lists every ``MissingItem``."""

    def __init__(self, missing: list[MissingItem]):
        super().__init__(ERROR_NOT_READY)
        self.missing = missing


def _profile_or_error(user: AbstractBaseUser, *, lock: bool = False) -> StaffProfile:
    profiles = StaffProfile.objects.select_for_update() if lock else StaffProfile.objects
    profile = profiles.filter(user=user).first()
    if profile is None:
        raise MentoringInvalid(ERROR_NO_PROFILE)
    return profile


def _check_manager(*, user: AbstractBaseUser, profile: StaffProfile) -> None:
    # staff_profile_can_manage covers administrators, and their own record too: an
    # administrator who is onboarding themselves is still not their own manager.
    if not staff_profile_can_manage(user=user, profile=profile):
        raise MentoringNotAllowed(ERROR_NOT_MANAGER)
    if profile.user_id == user.pk:
        raise MentoringNotAllowed(ERROR_OWN_DECISION)


def _active_pairing(mentee: AbstractBaseUser, *, lock: bool = False) -> Pairing | None:
    pairings = Pairing.objects.filter(mentee=mentee, status=Pairing.Status.ACTIVE)
    if lock:
        pairings = pairings.select_for_update()
    return pairings.first()


def mentor_or_admin_refusal(*, user: AbstractBaseUser, mentee: AbstractBaseUser):
    """Why ``user`` may not sign off, revoke or ask for clearance for ``mentee``, or None when
    they may (the active mentor or an administrator, never the newcomer). Screens ask it before
    offering the action; the services raise it."""
    if user.pk == mentee.pk:
        return ERROR_OWN_SKILLS
    pairing = _active_pairing(mentee)
    is_mentor = pairing is not None and pairing.mentor_id == user.pk and user.is_active
    if not is_mentor and not user_is_administrator(user=user):
        return ERROR_NOT_MENTOR_OR_ADMIN
    return None


def _check_mentor_or_admin(*, user: AbstractBaseUser, mentee: AbstractBaseUser) -> None:
    refusal = mentor_or_admin_refusal(user=user, mentee=mentee)
    if refusal is not None:
        raise MentoringNotAllowed(refusal)


def _pairing_close(pairing: Pairing, *, at: datetime.datetime | None = None) -> Pairing:
    pairing.status = Pairing.Status.ENDED
    pairing.ended_at = at or timezone.now()
    pairing.full_clean()
    pairing.save(update_fields=["status", "ended_at"])
    return pairing


# --- Pairings --------------------------------------------------------------------------------


@transaction.atomic
def pairing_create(
    *,
    mentee: AbstractBaseUser,
    mentor: AbstractBaseUser,
    paired_by: AbstractBaseUser,
    override_reason: str = "",
) -> Pairing:
    """Pair ``mentee`` with ``mentor``; the newcomer's previous active pairing, if any, ends.

    Pairing again with the current mentor returns that pairing unchanged. Raises
    ``MentoringNotAllowed`` unless ``paired_by`` manages the newcomer or is an administrator;
    ``MentoringInvalid`` for a mentor pairing with themselves or someone without an active mentor
    profile; ``MentorAtCapacity`` when the mentor's active pairings already reach their capacity
    and no ``override_reason`` is given (the reason is stored only when it was needed)."""
    # The lock on the newcomer's profile makes two managers pairing them at once take turns.
    profile = _profile_or_error(mentee, lock=True)
    _check_manager(user=paired_by, profile=profile)
    if profile.status != StaffProfile.Status.ONBOARDING:
        raise MentoringInvalid(ERROR_NOT_ONBOARDING)
    if mentor.pk == mentee.pk:
        raise MentoringInvalid(ERROR_SELF_PAIRING)
    # The lock on the mentor's profile makes concurrent pairings count each other's load.
    mentor_profile = (
        MentorProfile.objects.select_for_update()
        .filter(user=mentor, is_active=True, user__is_active=True)
        .first()
    )
    if mentor_profile is None:
        raise MentoringInvalid(ERROR_NOT_A_MENTOR)
    previous = _active_pairing(mentee, lock=True)
    if previous is not None and previous.mentor_id == mentor.pk:
        return previous
    load = Pairing.objects.filter(mentor=mentor, status=Pairing.Status.ACTIVE).count()
    override_reason = override_reason.strip()
    over_capacity = load >= mentor_profile.capacity
    if over_capacity and not override_reason:
        raise MentorAtCapacity(
            ERROR_MENTOR_FULL % {"load": load, "capacity": mentor_profile.capacity}
        )
    now = timezone.now()
    if previous is not None:
        _pairing_close(previous, at=now)
    pairing = Pairing(
        mentee=mentee,
        mentor=mentor,
        paired_by=paired_by,
        started_at=now,
        override_reason=override_reason if over_capacity else "",
    )
    pairing.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            pairing.save()
    except IntegrityError:
        # Another pairing of the newcomer was saved in between (a database without row locks).
        raise MentoringInvalid(ERROR_PAIRED_MEANWHILE) from None
    notifications.pairing_notify(pairing)
    return pairing


@transaction.atomic
def pairing_end(*, pairing: Pairing, ended_by: AbstractBaseUser) -> Pairing:
    """End an active pairing. Raises ``MentoringNotAllowed`` unless ``ended_by`` manages the
    newcomer or is an administrator, ``MentoringInvalid`` if the pairing has already ended."""
    _check_manager(user=ended_by, profile=_profile_or_error(pairing.mentee))
    pairing = Pairing.objects.select_for_update().get(pk=pairing.pk)
    if pairing.status != Pairing.Status.ACTIVE:
        raise MentoringInvalid(ERROR_PAIRING_ENDED)
    return _pairing_close(pairing)


@transaction.atomic
def pairings_from_import(
    *, pairs: Sequence[tuple[int, int]], paired_by: AbstractBaseUser | None = None
) -> list[Pairing]:
    """Pair newcomers with the mentors a staff import names: ``pairs`` of (mentee's user id,
    mentor's user id). Returns the pairings made. Set-based, a few queries for any number.

    The import's own permission (administrators, and people who may add staff records) stands
    for the manager's decision that ``pairing_create`` asks for, and the HR file is the record
    of who mentors whom: a mentor without a mentor profile gets one, and a full mentor is
    paired anyway with the reason recorded. Still, only a newcomer who is onboarding and active
    is paired, never with themselves or a closed account; the newcomer's other active pairing
    ends; pairing again with the current mentor changes nothing. Both are notified."""
    wanted = dict(pairs)
    mentees = set(
        StaffProfile.objects.filter(
            user_id__in=wanted, status=StaffProfile.Status.ONBOARDING, user__is_active=True
        ).values_list("user_id", flat=True)
    )
    users = {u.pk: u for u in User.objects.filter(pk__in={*wanted, *wanted.values()})}
    wanted = {
        mentee: mentor
        for mentee, mentor in wanted.items()
        if mentee in mentees and mentor != mentee and users.get(mentor) and users[mentor].is_active
    }
    current = dict(
        Pairing.objects.select_for_update()
        .filter(mentee_id__in=wanted, status=Pairing.Status.ACTIVE)
        .values_list("mentee_id", "mentor_id")
    )
    wanted = {mentee: mentor for mentee, mentor in wanted.items() if current.get(mentee) != mentor}
    if not wanted:
        return []
    mentor_ids = set(wanted.values())
    has_profile = set(
        MentorProfile.objects.filter(user_id__in=mentor_ids).values_list("user_id", flat=True)
    )
    MentorProfile.objects.bulk_create(
        [MentorProfile(user_id=pk) for pk in mentor_ids - has_profile], ignore_conflicts=True
    )
    capacity = dict(
        MentorProfile.objects.filter(user_id__in=mentor_ids).values_list("user_id", "capacity")
    )
    now = timezone.now()
    Pairing.objects.filter(mentee_id__in=wanted, status=Pairing.Status.ACTIVE).update(
        status=Pairing.Status.ENDED, ended_at=now
    )
    load = dict(
        Pairing.objects.filter(mentor_id__in=mentor_ids, status=Pairing.Status.ACTIVE)
        .values("mentor_id")
        .annotate(count=Count("pk"))
        .values_list("mentor_id", "count")
    )
    made = []
    for mentee_id, mentor_id in wanted.items():
        load[mentor_id] = load.get(mentor_id, 0) + 1
        over = load[mentor_id] > capacity[mentor_id]
        made.append(
            Pairing(
                mentee=users[mentee_id],
                mentor=users[mentor_id],
                paired_by=paired_by,
                started_at=now,
                override_reason=str(IMPORT_OVER_CAPACITY) if over else "",
            )
        )
    Pairing.objects.bulk_create(made, batch_size=500)
    notifications.pairings_notify(made)
    return made


@transaction.atomic
def pairings_end_for_leavers(*, user_ids: Sequence[int]) -> int:
    """End every active pairing in which one of these people (who left) is the newcomer or the
    mentor; returns how many. The pairings and their sessions stay in the history."""
    return Pairing.objects.filter(
        Q(mentee_id__in=user_ids) | Q(mentor_id__in=user_ids), status=Pairing.Status.ACTIVE
    ).update(status=Pairing.Status.ENDED, ended_at=timezone.now())


# --- Supervised sessions -----------------------------------------------------------------------


@transaction.atomic
def session_log(
    *,
    mentor: AbstractBaseUser,
    mentee: AbstractBaseUser,
    channel: str,
    situation: str,
    ratings: Sequence[tuple[PracticeSkill, str]],
    occurred_at: datetime.datetime | None = None,
    mentor_stepped_in: bool = False,
    stepped_in_note: str = "",
    strengths: str = "",
    to_improve: str = "",
    suggested_pages: Iterable[Page] = (),
    submission_id: uuid.UUID | None = None,
) -> SupervisedSession:
    """Record a supervised session with its skill ratings and feedback.

    Raises ``MentoringNotAllowed`` unless ``mentor`` is the newcomer's active mentor (nobody
    else, administrators included, logs a session they did not supervise); ``MentoringInvalid``
    without ratings, with a skill rated twice or not of the newcomer's job role, with a time
    more than a few minutes ahead (all with ``.field``); a plain ``ValidationError`` from the
    model's own checks for an unknown channel or rating or an empty situation. A note on
    stepping in is kept and marks the session as one the mentor stepped into, whatever
    ``mentor_stepped_in`` says."""
    pairing = _active_pairing(mentee)
    if pairing is None or pairing.mentor_id != mentor.pk or not mentor.is_active:
        raise MentoringNotAllowed(ERROR_NOT_ACTIVE_MENTOR)
    if submission_id is not None:
        already = SupervisedSession.objects.filter(submission_id=submission_id).first()
        if already is not None and already.mentor_id == mentor.pk:
            return already
    profile = _profile_or_error(mentee)
    if profile.job_role_id is None:
        raise MentoringInvalid(ERROR_NO_JOB_ROLE, field="ratings")
    if not ratings:
        raise MentoringInvalid(ERROR_NO_RATINGS, field="ratings")
    skill_ids = [skill.pk for skill, _rating in ratings]
    if len(set(skill_ids)) != len(skill_ids):
        raise MentoringInvalid(ERROR_SKILL_RATED_TWICE, field="ratings")
    for skill, _rating in ratings:
        if skill.job_role_id != profile.job_role_id:
            raise MentoringInvalid(
                ERROR_SKILL_NOT_OF_ROLE % {"skill": skill.title}, field="ratings"
            )
    now = timezone.now()
    occurred_at = occurred_at or now
    if occurred_at > now + FUTURE_TOLERANCE:
        raise MentoringInvalid(ERROR_SESSION_IN_FUTURE, field="occurred_at")
    # Sessions are evidence for sign-offs: none may be dated before the pairing they belong to.
    if occurred_at < pairing.started_at:
        raise MentoringInvalid(ERROR_BEFORE_PAIRING, field="occurred_at")
    session = SupervisedSession(
        pairing=pairing,
        mentee=mentee,
        mentor=mentor,
        occurred_at=occurred_at,
        channel=channel,
        situation=situation.strip(),
        # A note on stepping in says the mentor did, even with the box left unticked on a
        # phone: keep what was typed rather than drop it.
        mentor_stepped_in=mentor_stepped_in or bool(stepped_in_note.strip()),
        stepped_in_note=stepped_in_note.strip(),
        strengths=strengths.strip(),
        to_improve=to_improve.strip(),
        submission_id=submission_id,
    )
    session.full_clean(validate_constraints=False, validate_unique=False)
    try:
        with transaction.atomic():
            session.save()
    except IntegrityError:
        # The same submission, saved by a concurrent request a moment ago.
        already = SupervisedSession.objects.filter(submission_id=submission_id).first()
        if already is None or already.mentor_id != mentor.pk:
            raise
        return already
    rows = [SkillRating(session=session, skill=skill, rating=rating) for skill, rating in ratings]
    for row in rows:
        row.full_clean(exclude=["session"], validate_constraints=False)
    SkillRating.objects.bulk_create(rows)
    session.suggested_lessons.set(list(suggested_pages))
    notifications.session_notify(session)
    return session


@transaction.atomic
def session_acknowledge(
    *, session: SupervisedSession, mentee: AbstractBaseUser, reflection: str = ""
) -> SupervisedSession:
    """The newcomer confirms they read the feedback, optionally with their reflection.
    Idempotent: a session acknowledged before is returned unchanged. Raises
    ``MentoringNotAllowed`` for anyone but the session's newcomer."""
    session = SupervisedSession.objects.select_for_update().get(pk=session.pk)
    if session.mentee_id != mentee.pk:
        raise MentoringNotAllowed(ERROR_NOT_YOUR_SESSION)
    if session.acknowledged_at is not None:
        return session
    session.acknowledged_at = timezone.now()
    session.mentee_reflection = reflection.strip()
    session.full_clean()
    session.save(update_fields=["acknowledged_at", "mentee_reflection"])
    return session


# --- Sign-offs --------------------------------------------------------------------------------


@transaction.atomic
def signoff_create(
    *, mentee: AbstractBaseUser, skill: PracticeSkill, signed_by: AbstractBaseUser
) -> SignOff:
    """Sign ``skill`` off for ``mentee``, with every qualifying session attached as evidence.

    Raises ``MentoringNotAllowed`` for the newcomer themselves and for anyone but their active
    mentor or an administrator; ``MentoringInvalid`` for a skill of another job role or one
    already signed off (live); ``EvidenceShort`` (saying how many sessions are missing) when
    fewer than ``skill.sessions_required`` sessions qualify (see ``mentoring.selectors``)."""
    _check_mentor_or_admin(user=signed_by, mentee=mentee)
    profile = _profile_or_error(mentee)
    if skill.job_role_id != profile.job_role_id:
        raise MentoringInvalid(ERROR_SKILL_NOT_OF_ROLE % {"skill": skill.title})
    if SignOff.objects.filter(mentee=mentee, skill=skill, revoked_at__isnull=True).exists():
        raise MentoringInvalid(ERROR_ALREADY_SIGNED_OFF)
    evidence = list(signoff_evidence(mentee=mentee, skill=skill))
    needed = skill.sessions_required - len(evidence)
    if needed > 0:
        raise EvidenceShort(
            ERROR_EVIDENCE_SHORT % {"skill": skill.title, "needed": needed}, needed=needed
        )
    sign_off = SignOff(mentee=mentee, skill=skill, signed_by=signed_by, signed_at=timezone.now())
    sign_off.full_clean(validate_constraints=False)
    try:
        # The partial unique constraint settles two mentors signing off at the same moment.
        with transaction.atomic():
            sign_off.save()
    except IntegrityError:
        raise MentoringInvalid(ERROR_ALREADY_SIGNED_OFF) from None
    sign_off.evidence.set(evidence)
    notifications.signoff_notify(sign_off)
    notifications.readiness_notify(mentee=mentee)
    return sign_off


@transaction.atomic
def signoff_revoke(*, signoff: SignOff, revoked_by: AbstractBaseUser, reason: str) -> SignOff:
    """Revoke a live sign-off with a reason; the row stays (the history shows the sign-off and
    its revocation), and a new sign-off needs new sessions after this moment.

    Raises ``MentoringInvalid`` without a reason or if it is already revoked,
    ``MentoringNotAllowed`` for anyone but the newcomer's active mentor or an administrator."""
    signoff = SignOff.objects.select_for_update().select_related("mentee").get(pk=signoff.pk)
    _check_mentor_or_admin(user=revoked_by, mentee=signoff.mentee)
    reason = reason.strip()
    if not reason:
        raise MentoringInvalid(ERROR_REASON_REQUIRED, field="reason")
    if signoff.revoked_at is not None:
        raise MentoringInvalid(ERROR_ALREADY_REVOKED)
    signoff.revoked_at = timezone.now()
    signoff.revoked_by = revoked_by
    signoff.revoke_reason = reason
    signoff.full_clean(validate_constraints=False)
    signoff.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    notifications.revocation_notify(signoff)
    return signoff


# --- Solo clearance ----------------------------------------------------------------------------


@transaction.atomic
def clearance_request(*, mentee: AbstractBaseUser, requested_by: AbstractBaseUser) -> SoloClearance:
    """Ask the newcomer's manager to clear them for solo work.

    Raises ``MentoringNotAllowed`` for anyone but the active mentor or an administrator;
    ``MentoringInvalid`` if the newcomer already works solo or a clearance is waiting or
    confirmed; ``NotReadyForSolo`` with ``.missing`` (see ``mentoring.selectors.solo_readiness``)
    when something required is not done."""
    _check_mentor_or_admin(user=requested_by, mentee=mentee)
    profile = _profile_or_error(mentee)
    if profile.status == StaffProfile.Status.SOLO:
        raise MentoringInvalid(ERROR_ALREADY_SOLO)
    if SoloClearance.objects.filter(mentee=mentee, status__in=OPEN_CLEARANCE_STATUSES).exists():
        raise MentoringInvalid(ERROR_CLEARANCE_OPEN)
    readiness = solo_readiness(mentee=mentee)
    if not readiness.ready:
        raise NotReadyForSolo(readiness.missing)
    clearance = SoloClearance(mentee=mentee, requested_by=requested_by)
    clearance.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            clearance.save()
    except IntegrityError:
        raise MentoringInvalid(ERROR_CLEARANCE_OPEN) from None
    notifications.clearance_request_notify(clearance)
    return clearance


def _clearance_for_decision(
    clearance: SoloClearance, decided_by: AbstractBaseUser
) -> tuple[SoloClearance, StaffProfile]:
    clearance = SoloClearance.objects.select_for_update().get(pk=clearance.pk)
    profile = _profile_or_error(clearance.mentee)
    _check_manager(user=decided_by, profile=profile)
    if clearance.status != SoloClearance.Status.REQUESTED:
        raise MentoringInvalid(ERROR_CLEARANCE_DECIDED)
    return clearance, profile


@transaction.atomic
def clearance_confirm(*, clearance: SoloClearance, decided_by: AbstractBaseUser) -> SoloClearance:
    """Confirm a requested clearance: the newcomer's status becomes "working solo", their
    active pairing ends, and ``days_to_solo`` (hire date → today) is stored.

    Readiness is checked again, since a sign-off may have been revoked after the request.
    Raises ``MentoringNotAllowed`` unless ``decided_by`` manages the newcomer or is an
    administrator; ``MentoringInvalid`` if the clearance was already decided;
    ``NotReadyForSolo`` if something is missing now."""
    clearance, profile = _clearance_for_decision(clearance, decided_by)
    readiness = solo_readiness(mentee=clearance.mentee)
    if not readiness.ready:
        raise NotReadyForSolo(readiness.missing)
    now = timezone.now()
    clearance.status = SoloClearance.Status.CONFIRMED
    clearance.decided_by = decided_by
    clearance.decided_at = now
    clearance.days_to_solo = max(0, (timezone.localdate(now) - profile.hire_date).days)
    clearance.full_clean(validate_constraints=False)
    clearance.save(update_fields=["status", "decided_by", "decided_at", "days_to_solo"])
    staff_profile_update(profile=profile, changed_by=decided_by, status=StaffProfile.Status.SOLO)
    pairing = _active_pairing(clearance.mentee, lock=True)
    if pairing is not None:
        _pairing_close(pairing, at=now)
    notifications.clearance_decision_notify(clearance)
    return clearance


@transaction.atomic
def clearance_decline(
    *, clearance: SoloClearance, decided_by: AbstractBaseUser, reason: str
) -> SoloClearance:
    """Decline a requested clearance with a reason; the mentor may ask again later.
    Raises ``MentoringNotAllowed`` unless ``decided_by`` manages the newcomer or is an
    administrator, ``MentoringInvalid`` without a reason or if already decided."""
    clearance, _profile = _clearance_for_decision(clearance, decided_by)
    reason = reason.strip()
    if not reason:
        raise MentoringInvalid(ERROR_REASON_REQUIRED, field="reason")
    clearance.status = SoloClearance.Status.DECLINED
    clearance.decided_by = decided_by
    clearance.decided_at = timezone.now()
    clearance.decline_reason = reason
    clearance.full_clean(validate_constraints=False)
    clearance.save(update_fields=["status", "decided_by", "decided_at", "decline_reason"])
    notifications.clearance_decision_notify(clearance)
    return clearance
