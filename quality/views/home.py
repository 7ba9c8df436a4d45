"""Quality control's own page (``/quality/``), where QA evaluators land after signing in, and the
mentor's list of their mentees' evaluations.

The page shows each reader what concerns them: evaluators (QA evaluators, managers, HR,
administrators) the way to evaluate a contact, the disputes waiting for them, the latest
evaluations they may see and the mystery-shopping waves; mentors their mentees' evaluations;
everyone their own.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from quality.selectors import user_evaluates
from quality.selectors_mystery import wave_reader_scope, waves_listed
from quality.selectors_reviews import (
    disputes_waiting_for,
    evaluations_for_mentor,
    evaluations_for_person,
    evaluations_visible_to,
    user_mentors,
)

PAGE_SIZE = 25
# How many rows each part of the landing page shows; the full lists are a link away.
RECENT = 5
WAVES = 3
ERROR_NOT_MENTOR = _("Only mentors see their mentees' evaluations.")


def _may_read_waves(user) -> bool:
    try:
        wave_reader_scope(user=user)
    except PermissionDenied:
        return False
    return True


@login_required
@require_GET
def home_view(request: HttpRequest) -> HttpResponse:
    """The reader's quality page; every part is a fixed number of queries."""
    user = request.user
    evaluator = user_evaluates(user=user)
    context = {
        "evaluator": evaluator,
        "mentor": user_mentors(user=user),
        "own": list(evaluations_for_person(person=user)[:RECENT]),
    }
    if evaluator:
        context["disputes"] = list(disputes_waiting_for(user=user)[:RECENT])
        context["recent"] = list(evaluations_visible_to(user=user)[:RECENT])
        if _may_read_waves(user):
            context["waves"] = list(waves_listed()[:WAVES])
            context["may_read_waves"] = True
    if context["mentor"]:
        context["mentees"] = list(evaluations_for_mentor(mentor=user)[:RECENT])
    return render(request, "quality/home.html", context)


@login_required
@require_GET
def mentee_evaluations_view(request: HttpRequest) -> HttpResponse:
    """The evaluations of the reader's active mentees, newest contact first; 403 for anyone
    who mentors nobody. Each opens read-only (``evaluation_for_reader`` lets the mentor in)."""
    if not user_mentors(user=request.user):
        raise PermissionDenied(ERROR_NOT_MENTOR)
    paginator = Paginator(evaluations_for_mentor(mentor=request.user), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "quality/evaluations/mentees.html",
        {"page_obj": page, "evaluations": list(page.object_list)},
    )
