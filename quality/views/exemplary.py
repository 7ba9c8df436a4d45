"""Exemplary evaluations in the site: marking one (on the evaluation's page, for the person's
managers and QA evaluators), the person's consent (on the same page, in their own space), and
the best-practice page (``/quality/examples/``) every signed-in staff member reads."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from quality.forms import ConsentForm, ExemplaryForm
from quality.selectors import evaluation_for_reader
from quality.selectors_exemplary import examples_published
from quality.services.exemplary import (
    exemplary_consent_set,
    exemplary_mark,
    exemplary_unmark,
    user_may_mark,
)
from quality.views.evaluations import _detail

EXAMPLES_PAGE_SIZE = 10
MESSAGE_MARKED = _("Marked as exemplary. Colleagues read it once the person agrees.")
MESSAGE_UNMARKED = _("The exemplary mark is taken off.")
MESSAGE_CONSENT = _("Saved: your choice applies at once.")


@login_required
@require_POST
def exemplary_mark_view(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    """Mark the evaluation as exemplary with a note (or change the note)."""
    evaluation = evaluation_for_reader(user=request.user, evaluation_id=evaluation_id)
    if not user_may_mark(user=request.user, evaluation=evaluation):
        raise PermissionDenied
    form = ExemplaryForm(request.POST)
    if form.is_valid():
        try:
            exemplary_mark(evaluation=evaluation, user=request.user, note=form.cleaned_data["note"])
        except ValidationError as exc:
            form.add_error(None, exc.messages[0])
        else:
            messages.success(request, MESSAGE_MARKED)
            return redirect("quality:evaluation_detail", evaluation.pk)
    return _detail(request, evaluation, exemplary_form=form, status=400)


@login_required
@require_POST
def exemplary_unmark_view(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    evaluation = evaluation_for_reader(user=request.user, evaluation_id=evaluation_id)
    exemplary_unmark(evaluation=evaluation, user=request.user)
    messages.success(request, MESSAGE_UNMARKED)
    return redirect("quality:evaluation_detail", evaluation.pk)


@login_required
@require_POST
def exemplary_consent_view(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    """The person's choice: not shared, shared without their name, or with it."""
    evaluation = evaluation_for_reader(user=request.user, evaluation_id=evaluation_id)
    if request.user.pk != evaluation.person_id:
        raise PermissionDenied
    form = ConsentForm(request.POST)
    if form.is_valid():
        try:
            exemplary_consent_set(
                evaluation=evaluation, user=request.user, consent=form.cleaned_data["consent"]
            )
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, MESSAGE_CONSENT)
    else:
        messages.error(request, form.errors["consent"][0])
    return redirect("quality:evaluation_detail", evaluation.pk)


@login_required
@require_GET
def examples_view(request: HttpRequest) -> HttpResponse:
    """The best-practice page: the consented exemplary evaluations, newest first, each with
    its note, answers and comments; the person named only when they chose so; no scores."""
    paginator = Paginator(examples_published(), EXAMPLES_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    examples = []
    for mark in page.object_list:
        criteria = {c["id"]: c for c in mark.evaluation.scorecard_version.snapshot["criteria"]}
        answers = [(criteria.get(a.criterion_id, {}), a) for a in mark.evaluation.answers.all()]
        examples.append((mark, answers))
    return render(request, "quality/examples/list.html", {"page_obj": page, "examples": examples})
