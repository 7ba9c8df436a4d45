"""The calibration screens (``/quality/calibration/``): the sessions the reader may see, opening
one on a contact, scoring it (the evaluation form of ``quality.forms``, without the contact's
facts), closing it and its figures.

Who: those who evaluate (QA evaluators, managers, HR, administrators; 403 for anyone else) see
the sessions of ``calibrations_visible_to``; a session they may not see is a 404. While a
session is open each evaluator sees only their own answers; the figures and everyone's answers
are shown once it is closed.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from quality.forms import CalibrationForm, EvaluationForm
from quality.models import CalibrationSession
from quality.selectors import people_to_evaluate
from quality.selectors_calibration import (
    calibration_evaluator_candidates,
    calibration_figures,
    calibration_for_reader,
    calibration_scorings,
    calibrations_visible_to,
)
from quality.services.calibration import (
    calibration_close,
    calibration_create,
    calibration_score,
    user_may_close,
)
from quality.views.evaluations import (
    PAGE_SIZE,
    _require_evaluator,
    picker_options,
    scorecard_chosen,
)

MESSAGE_CREATED = _("The calibration is open: the evaluators can score the contact now.")
MESSAGE_SCORED = _("Your scoring is saved. The others' answers are shown once it is closed.")
MESSAGE_CLOSED = _("The calibration is closed.")
HEADING_NEW = _("New calibration")
Status = CalibrationSession.Status


@login_required
@require_GET
def calibration_list_view(request: HttpRequest) -> HttpResponse:
    """The sessions the reader may see, newest first, paginated; those waiting for the
    reader's scoring are marked."""
    _require_evaluator(request.user)
    paginator = Paginator(calibrations_visible_to(user=request.user), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "quality/calibration/list.html",
        {"page_obj": page, "sessions": list(page.object_list)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def calibration_new_view(request: HttpRequest) -> HttpResponse:
    """Pick a scorecard (``?scorecard=``), then the contact and the evaluators. On an error the
    form comes back with what was typed (status 400)."""
    _require_evaluator(request.user)
    scorecards, scorecard = scorecard_chosen(request)
    if scorecard is None:
        return render(
            request,
            "quality/evaluations/choose.html",
            {"scorecards": scorecards, "heading": HEADING_NEW},
        )
    people = people_to_evaluate(user=request.user)
    form = CalibrationForm(
        request.POST if request.method == "POST" else None,
        channels=scorecard.channels,
        people=people,
        evaluators=calibration_evaluator_candidates(),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = calibration_create(
                user=request.user,
                scorecard=scorecard,
                person=data["person"],
                channel=data["channel"],
                contact_date=data["contact_date"],
                reference=data["reference"],
                evaluators=list(data["evaluators"]),
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        except PermissionDenied as exc:
            form.add_error("person", str(exc))
        else:
            messages.success(request, MESSAGE_CREATED)
            return redirect("quality:calibration_detail", session.pk)
    return render(
        request,
        "quality/calibration/new.html",
        {
            "form": form,
            "scorecard": scorecard,
            "scorecards": scorecards,
            **picker_options(people),
        },
        status=400 if form.is_bound else 200,
    )


def _answers_of(evaluation, criteria: list[dict]) -> list[tuple[dict, object]]:
    by_id = {a.criterion_id: a for a in evaluation.answers.all()}
    return [(c, by_id.get(c["id"])) for c in criteria]


@login_required
@require_GET
def calibration_detail_view(request: HttpRequest, session_id: int) -> HttpResponse:
    """The session: its contact, who has scored, the reader's own answers; once closed, the
    figures and everyone's answers."""
    session = calibration_for_reader(user=request.user, session_id=session_id)
    criteria = session.scorecard_version.snapshot["criteria"]
    scorings = calibration_scorings(session=session)
    mine = next((e for e in scorings if e.evaluator_id == request.user.pk), None)
    invited = list(session.evaluators.order_by("last_name", "first_name", "username"))
    scored_ids = {e.evaluator_id for e in scorings}
    closed = session.status == Status.CLOSED
    return render(
        request,
        "quality/calibration/detail.html",
        {
            "session": session,
            "invited": [(user, user.pk in scored_ids) for user in invited],
            "mine": mine,
            "my_answers": _answers_of(mine, criteria) if mine else [],
            "can_score": not closed and mine is None and request.user in invited,
            "can_close": not closed and user_may_close(user=request.user, session=session),
            # Independence: nobody sees the others' answers while the session is open.
            "figures": calibration_figures(criteria=criteria, scorings=scorings)
            if closed
            else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def calibration_score_view(request: HttpRequest, session_id: int) -> HttpResponse:
    """The invited evaluator's scoring: the scorecard's criteria and an overall comment."""
    session = calibration_for_reader(user=request.user, session_id=session_id)
    if session.status != Status.OPEN or session.scored_by_me:
        return redirect("quality:calibration_detail", session.pk)
    if not session.evaluators.filter(pk=request.user.pk).exists():
        raise PermissionDenied
    form = EvaluationForm(
        request.POST if request.method == "POST" else None,
        criteria=session.scorecard_version.snapshot["criteria"],
        channels=[],
        people=None,
        ask_reason=False,
    )
    if request.method == "POST" and form.is_valid():
        try:
            calibration_score(
                session=session,
                user=request.user,
                answers=form.answers(),
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, MESSAGE_SCORED)
            return redirect("quality:calibration_detail", session.pk)
    return render(
        request,
        "quality/calibration/score.html",
        {"session": session, "form": form},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def calibration_close_view(request: HttpRequest, session_id: int) -> HttpResponse:
    session = calibration_for_reader(user=request.user, session_id=session_id)
    try:
        calibration_close(session=session, user=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, MESSAGE_CLOSED)
    return redirect("quality:calibration_detail", session.pk)
