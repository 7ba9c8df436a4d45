"""The manager's screens: their newcomers and pairings, the mentors' load, clearances waiting
for a decision, and time to solo; pairing a newcomer with a mentor, ending a pairing, and
confirming or declining a clearance.

A manager is anyone ``lms.people.selectors.staff_profiles_managed_by`` gives people to (an
administrator manages everyone). The team page is 403 for anyone else; a newcomer, pairing or
clearance of someone the person does not manage is a 404, so the page does not tell whether it
exists. The services decide the rest (see ``mentoring.services``).
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lms.people.models import StaffProfile, person_name
from mentoring.forms import PairingForm, ReasonForm
from mentoring.models import SoloClearance
from mentoring.selectors import (
    MissingItem,
    active_pairing_for_mentee,
    clearance_for_manager,
    mentor_suggestions,
    newcomer_for_manager,
    pairing_for_manager,
    team_for_manager,
    time_to_solo,
)
from mentoring.services import (
    ERROR_CLEARANCE_DECIDED,
    ERROR_NOT_A_MENTOR,
    ERROR_NOT_ONBOARDING,
    MentorAtCapacity,
    MentoringInvalid,
    MentoringNotAllowed,
    NotReadyForSolo,
    clearance_confirm,
    clearance_decline,
    pairing_create,
    pairing_end,
)
from mentoring.views import refused

ERROR_NOT_A_MANAGER = _(
    "This page is for managers: it shows the newcomers of the teams you manage and of your "
    "direct reports, and you manage nobody."
)
MESSAGE_PAIRED = _("%(mentee)s is now paired with %(mentor)s.")
MESSAGE_PAIRING_ENDED = _("The pairing of %(mentee)s with %(mentor)s has ended.")
MESSAGE_CLEARED = _("%(mentee)s is cleared for solo work.")
MESSAGE_DECLINED = _("The clearance of %(mentee)s is declined; their mentor sees your reason.")


def _team_page(
    request: HttpRequest,
    *,
    not_ready: tuple[SoloClearance, list[MissingItem]] | None = None,
) -> HttpResponse:
    team = team_for_manager(manager=request.user)
    if team is None:
        return refused(request, ERROR_NOT_A_MANAGER)
    context = {"team": team, "time_to_solo": time_to_solo(viewed_by=request.user)}
    if not_ready is not None:
        context["not_ready_clearance"], context["not_ready_missing"] = not_ready
    return render(
        request,
        "mentoring/manager/team.html",
        context,
        status=200 if not_ready is None else 400,
    )


@login_required
@require_GET
def team_view(request: HttpRequest) -> HttpResponse:
    """The manager's page: clearances waiting for them, their newcomers still onboarding with
    their mentor and readiness, the active pairings, the load of the mentors who concern them,
    and time to solo. 403 for someone who manages nobody. A fixed number of queries."""
    return _team_page(request)


@login_required
@require_http_methods(["GET", "POST"])
def pairing_create_view(request: HttpRequest, mentee_id: int) -> HttpResponse:
    """Pair a newcomer I manage with one of the suggested mentors (best first, each with the
    reasons in words). A mentor at capacity needs a reason: without one the form comes back
    with the refusal and what was typed (400). 404 for anyone I do not manage."""
    profile = newcomer_for_manager(manager=request.user, mentee_id=mentee_id)
    if profile is None:
        raise Http404
    mentee = profile.user
    if profile.status != StaffProfile.Status.ONBOARDING:
        return refused(request, ERROR_NOT_ONBOARDING)
    form = PairingForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        mentor = get_user_model().objects.filter(pk=form.cleaned_data["mentor"]).first()
        if mentor is None:
            form.add_error(None, ERROR_NOT_A_MENTOR)
        else:
            try:
                pairing_create(
                    mentee=mentee,
                    mentor=mentor,
                    paired_by=request.user,
                    override_reason=form.cleaned_data["override_reason"],
                )
            except MentoringNotAllowed as refusal:
                return refused(request, refusal.message)
            except MentorAtCapacity as refusal:
                form.add_error("override_reason", refusal.message)
            except MentoringInvalid as refusal:
                form.add_error(None, refusal.message)
            else:
                names = {"mentee": person_name(mentee), "mentor": person_name(mentor)}
                messages.success(request, MESSAGE_PAIRED % names)
                return redirect("mentoring:team")
    return render(
        request,
        "mentoring/manager/pair.html",
        {
            "mentee": mentee,
            "profile": profile,
            "current": active_pairing_for_mentee(mentee=mentee),
            "suggestions": mentor_suggestions(mentee=mentee),
            "form": form,
            # The mentor whose card shows the refusal and the reason typed.
            "chosen_id": form.cleaned_data.get("mentor") if form.is_bound else None,
        },
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def pairing_end_view(request: HttpRequest, pairing_id: int) -> HttpResponse:
    """End a pairing of a newcomer I manage and go back to the team page (a pairing that has
    already ended is said so there). 404 for anyone else's pairing."""
    pairing = pairing_for_manager(manager=request.user, pairing_id=pairing_id)
    if pairing is None:
        raise Http404
    try:
        pairing_end(pairing=pairing, ended_by=request.user)
    except MentoringNotAllowed as refusal:
        return refused(request, refusal.message)
    except MentoringInvalid as refusal:
        messages.error(request, refusal.message)
    else:
        names = {"mentee": person_name(pairing.mentee), "mentor": person_name(pairing.mentor)}
        messages.success(request, MESSAGE_PAIRING_ENDED % names)
    return redirect("mentoring:team")


@login_required
@require_POST
def clearance_confirm_view(request: HttpRequest, clearance_id: int) -> HttpResponse:
    """Confirm a clearance of a newcomer I manage: they work solo from now on. If something
    became missing since the mentor asked (a revoked sign-off), the team page lists it (400).
    404 for anyone else's clearance."""
    clearance = clearance_for_manager(manager=request.user, clearance_id=clearance_id)
    if clearance is None:
        raise Http404
    try:
        clearance_confirm(clearance=clearance, decided_by=request.user)
    except MentoringNotAllowed as refusal:
        return refused(request, refusal.message)
    except NotReadyForSolo as refusal:
        return _team_page(request, not_ready=(clearance, refusal.missing))
    except MentoringInvalid as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, MESSAGE_CLEARED % {"mentee": person_name(clearance.mentee)})
    return redirect("mentoring:team")


@login_required
@require_http_methods(["GET", "POST"])
def clearance_decline_view(request: HttpRequest, clearance_id: int) -> HttpResponse:
    """Decline a clearance of a newcomer I manage, with a reason the mentor will read. A
    clearance already decided sends me back to the team page with a note. 404 for anyone
    else's clearance."""
    clearance = clearance_for_manager(manager=request.user, clearance_id=clearance_id)
    if clearance is None:
        raise Http404
    if clearance.status != SoloClearance.Status.REQUESTED:
        messages.info(request, ERROR_CLEARANCE_DECIDED)
        return redirect("mentoring:team")
    form = ReasonForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            clearance_decline(
                clearance=clearance, decided_by=request.user, reason=form.cleaned_data["reason"]
            )
        except MentoringNotAllowed as refusal:
            return refused(request, refusal.message)
        except MentoringInvalid as refusal:
            form.add_error(refusal.field or None, refusal.message)
        else:
            messages.success(request, MESSAGE_DECLINED % {"mentee": person_name(clearance.mentee)})
            return redirect("mentoring:team")
    return render(
        request,
        "mentoring/manager/clearance_decline.html",
        {"clearance": clearance, "mentee": clearance.mentee, "form": form},
        status=400 if form.is_bound else 200,
    )
