"""The mentor's screens: my mentees, one mentee's practice, the quick session form, sign-offs
and their revocation, and asking the manager to clear a mentee for solo work.

Who may do what is decided by ``mentoring.services``; the checks made here before a page is
shown follow the same rules, so a page never offers what the service would refuse:

- "my mentees": anyone with an active mentor profile or with mentees (403 for others);
- one mentee: their active mentor or an administrator (404 for anyone else, so the page does
  not tell whether the person exists);
- the session form: the newcomer's active mentor only (403 for an administrator or the
  newcomer);
- sign off, revoke, ask for clearance: the active mentor or an administrator (403 for the
  newcomer, with the reason).

Anyone else gets 404 on every page that names a newcomer, a sign-off or a skill, so an id
tells them nothing.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from lms.people.models import person_name
from lms.people.selectors import user_is_administrator
from mentoring.forms import ReasonForm, SessionLogForm
from mentoring.models import MentorProfile, Pairing, PracticeSkill, SignOff
from mentoring.selectors import (
    active_pairing_for_mentee,
    mentees_for_mentor,
    practice_for_mentee,
    skills_for_mentee,
)
from mentoring.services import (
    ERROR_NOT_ACTIVE_MENTOR,
    MentoringInvalid,
    MentoringNotAllowed,
    NotReadyForSolo,
    clearance_request,
    mentor_or_admin_refusal,
    session_log,
    signoff_create,
    signoff_revoke,
)
from mentoring.views import refused

ERROR_NOT_A_MENTOR = _(
    "This page is for mentors, and you have no mentor profile. If you should mentor "
    "newcomers, ask your manager to add you as a mentor."
)
ERROR_NOT_READY_LIST = _("The newcomer is not ready for solo work yet. Still missing: %(missing)s")
MESSAGE_SESSION_LOGGED = _("The session is saved. %(name)s will see your feedback.")
MESSAGE_SIGNED_OFF = _("“%(skill)s” is signed off.")
MESSAGE_REVOKED = _("The sign-off of “%(skill)s” is revoked.")
MESSAGE_CLEARANCE_REQUESTED = _(
    "The manager is asked to clear %(name)s for solo work. You will see their decision here."
)


def _person_or_404(user_id: int) -> AbstractBaseUser:
    return get_object_or_404(get_user_model(), pk=user_id)


def _mentee_or_404(user: AbstractBaseUser, mentee_id: int) -> AbstractBaseUser:
    """The newcomer, for the people who may know of them here: their active mentor, an
    administrator, or the newcomer themselves (whom the services then refuse with the reason).
    Anyone else gets 404, so an id tells them nothing."""
    mentee = _person_or_404(mentee_id)
    if user.pk == mentee.pk or user_is_administrator(user=user):
        return mentee
    if not _is_active_mentor(user, active_pairing_for_mentee(mentee=mentee)):
        raise Http404
    return mentee


def _is_active_mentor(user: AbstractBaseUser, pairing: Pairing | None) -> bool:
    return pairing is not None and pairing.mentor_id == user.pk and user.is_active


def _to_mentee(mentee_id: int) -> HttpResponse:
    return redirect("mentoring:mentee", mentee_id=mentee_id)


@login_required
def mentee_list_view(request: HttpRequest) -> HttpResponse:
    """My mentees, each with their skills matrix, what they need next, sign-offs due, sessions
    not yet acknowledged and readiness for solo work. A fixed number of queries whatever the
    number of mentees. Someone who is not a mentor gets 403 with the reason; a mentor whose
    profile no longer takes mentees still sees the mentees they have."""
    mentees = mentees_for_mentor(mentor=request.user)
    if not mentees:
        is_mentor = MentorProfile.objects.filter(user=request.user, is_active=True).exists()
        if not is_mentor:
            return refused(request, ERROR_NOT_A_MENTOR)
    return render(request, "mentoring/mentor/mentee_list.html", {"mentees": mentees})


@login_required
def mentee_detail_view(request: HttpRequest, mentee_id: int) -> HttpResponse:
    """One mentee's practice for their active mentor (or an administrator): skills with sign-off
    buttons, readiness for solo work, sessions with feedback and the sign-off history. 404 for
    anyone else. A fixed number of queries whatever the number of sessions and sign-offs."""
    mentee = _person_or_404(mentee_id)
    pairing = active_pairing_for_mentee(mentee=mentee)
    is_mentor = _is_active_mentor(request.user, pairing)
    if not is_mentor and not user_is_administrator(user=request.user):
        raise Http404
    practice = practice_for_mentee(mentee=mentee)
    can_act = request.user.pk != mentee.pk
    return render(
        request,
        "mentoring/mentor/mentee_detail.html",
        {
            "mentee": mentee,
            "practice": practice,
            "is_mentor": is_mentor,
            "can_act": can_act,
            "can_request_clearance": can_act and practice.can_request_clearance,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_log_view(request: HttpRequest, mentee_id: int) -> HttpResponse:
    """The quick session form (made for a phone) and its saving. Only the newcomer's active
    mentor may open or send it (403 for anyone else). A refused form comes back with
    everything typed and status 400; a saved one leads to the mentee's page."""
    mentee = _mentee_or_404(request.user, mentee_id)
    if not _is_active_mentor(request.user, active_pairing_for_mentee(mentee=mentee)):
        return refused(request, ERROR_NOT_ACTIVE_MENTOR)
    skills = skills_for_mentee(mentee=mentee)
    form = SessionLogForm(
        request.POST if request.method == "POST" else None, skills=[p.skill for p in skills]
    )
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            session_log(
                mentor=request.user,
                mentee=mentee,
                channel=data["channel"],
                situation=data["situation"],
                ratings=form.ratings(),
                occurred_at=data["occurred_at"],
                mentor_stepped_in=data["mentor_stepped_in"],
                stepped_in_note=data["stepped_in_note"],
                strengths=data["strengths"],
                to_improve=data["to_improve"],
                suggested_pages=data["suggested_lessons"],
                submission_id=data["submission_id"],
            )
        except MentoringNotAllowed as refusal:
            return refused(request, refusal.message)
        except ValidationError as refusal:
            form.add_refusal(refusal)
        else:
            messages.success(request, MESSAGE_SESSION_LOGGED % {"name": person_name(mentee)})
            return _to_mentee(mentee.pk)
    rating_rows = [(p, form[form.rating_field_name(p.skill)]) for p in skills]
    return render(
        request,
        "mentoring/mentor/session_form.html",
        {"mentee": mentee, "form": form, "rating_rows": rating_rows},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def signoff_create_view(request: HttpRequest, mentee_id: int, skill_id: int) -> HttpResponse:
    """Sign a skill off, then back to the mentee's page with what happened: a sign-off refused
    for too few sessions (or any other rule) is said in an error message and nothing is saved.
    403 for anyone but the active mentor or an administrator."""
    mentee = _mentee_or_404(request.user, mentee_id)
    skill = get_object_or_404(PracticeSkill, pk=skill_id)
    try:
        signoff_create(mentee=mentee, skill=skill, signed_by=request.user)
    except MentoringNotAllowed as refusal:
        return refused(request, refusal.message)
    except MentoringInvalid as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, MESSAGE_SIGNED_OFF % {"skill": skill.title})
    return _to_mentee(mentee.pk)


@login_required
@require_http_methods(["GET", "POST"])
def signoff_revoke_view(request: HttpRequest, signoff_id: int) -> HttpResponse:
    """A sign-off and the form to revoke it with a reason (required; a refused form keeps what
    was typed, status 400). 403 for anyone but the active mentor or an administrator."""
    sign_off = get_object_or_404(
        SignOff.objects.select_related("mentee", "skill", "signed_by", "revoked_by"),
        pk=signoff_id,
    )
    refusal_message = mentor_or_admin_refusal(user=request.user, mentee=sign_off.mentee)
    if refusal_message is not None:
        if request.user.pk != sign_off.mentee_id:
            raise Http404  # nothing to tell an outsider, not even that the sign-off exists
        return refused(request, refusal_message)
    form = ReasonForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            signoff_revoke(
                signoff=sign_off, revoked_by=request.user, reason=form.cleaned_data["reason"]
            )
        except MentoringNotAllowed as refusal:
            return refused(request, refusal.message)
        except MentoringInvalid as refusal:
            form.add_error(refusal.field or None, refusal.message)
        else:
            messages.success(request, MESSAGE_REVOKED % {"skill": sign_off.skill.title})
            return _to_mentee(sign_off.mentee_id)
    return render(
        request,
        "mentoring/mentor/signoff_revoke.html",
        {"sign_off": sign_off, "form": form, "evidence_count": sign_off.evidence.count()},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def clearance_request_view(request: HttpRequest, mentee_id: int) -> HttpResponse:
    """Ask the newcomer's manager to clear them for solo work, then back to the mentee's page.
    A newcomer who is not ready gets an error message listing exactly what is missing. 403 for
    anyone but the active mentor or an administrator."""
    mentee = _mentee_or_404(request.user, mentee_id)
    try:
        clearance_request(mentee=mentee, requested_by=request.user)
    except MentoringNotAllowed as refusal:
        return refused(request, refusal.message)
    except NotReadyForSolo as refusal:
        missing = " ".join(str(item) for item in refusal.missing)
        messages.error(request, ERROR_NOT_READY_LIST % {"missing": missing})
    except MentoringInvalid as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, MESSAGE_CLEARANCE_REQUESTED % {"name": person_name(mentee)})
    return _to_mentee(mentee.pk)
