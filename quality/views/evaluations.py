"""The evaluation screens of the site.

- Evaluators (QA evaluators, managers, HR, administrators): the form that scores a contact
  (``evaluate/``), the list of the evaluations they may see with the disputes waiting for them
  (``evaluations/``), and resolving a dispute (uphold it, or change the answers).
- The person evaluated: their own list (``my/``), and on the detail page, acknowledge or dispute.
- The detail page is for whoever may read the evaluation (``evaluation_for_reader``: 404 for
  anyone else); the person's mentor reads it only.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from quality.forms import (
    ConsentForm,
    DisputeForm,
    EvaluationForm,
    ExemplaryForm,
    UpholdForm,
    initial_from,
    person_label,
)
from quality.models import Evaluation, EvaluationEvent, ExemplaryMark, Scorecard
from quality.selectors import (
    evaluation_for_reader,
    people_search,
    people_to_evaluate,
    scorecards_active,
    user_evaluates,
)
from quality.selectors_reviews import (
    disputes_waiting_for,
    evaluations_for_person,
    evaluations_visible_to,
)
from quality.selectors_weak_spots import weak_spot_results, weak_spots_of_evaluation
from quality.services.exemplary import user_may_mark
from quality.services.reviews import (
    change_criteria,
    evaluation_acknowledge,
    evaluation_dispute,
    evaluation_dispute_change,
    evaluation_dispute_uphold,
    evaluation_state,
    user_may_resolve,
)
from quality.services.scoring import evaluation_create
from quality.services.versions import scorecard_snapshot

PAGE_SIZE = 25
# The picker's suggestions come with the form up to this many people; beyond, as one types.
PICKER_OPTIONS = 50
# How many people the picker's search returns.
PICKER_RESULTS = 20
ERROR_NOT_EVALUATOR = _("Only QA evaluators and managers evaluate contacts.")
MESSAGE_SAVED = _("The evaluation is saved: %(score)s.")
MESSAGE_ACKNOWLEDGED = _("Thank you: the evaluator can see that you read it.")
MESSAGE_DISPUTED = _("Your dispute is sent: your manager or a QA evaluator will answer it.")
MESSAGE_UPHELD = _("The evaluation stands; the person is told why.")
MESSAGE_CHANGED = _("The evaluation is changed; the person is told why.")
Kind = EvaluationEvent.Kind


def _require_evaluator(user) -> None:
    if not user_evaluates(user=user):
        raise PermissionDenied(ERROR_NOT_EVALUATOR)


def scorecard_chosen(request: HttpRequest) -> tuple[list[Scorecard], Scorecard | None]:
    """The active scorecards and the one ``?scorecard=`` (or the posted ``scorecard``) names,
    or the only one when there is one; None when the reader must choose."""
    scorecards = list(scorecards_active())
    chosen = request.POST.get("scorecard") or request.GET.get("scorecard")
    scorecard = next((s for s in scorecards if str(s.pk) == chosen), None)
    if scorecard is None and len(scorecards) == 1:
        scorecard = scorecards[0]
    return scorecards, scorecard


def _score_text(evaluation: Evaluation) -> str:
    return "—" if evaluation.score is None else f"{evaluation.score} %"


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_new_view(request: HttpRequest) -> HttpResponse:
    """Pick a scorecard (``?scorecard=``), then score a contact with it. On an error the form
    comes back with what was typed and each error beside its criterion (status 400)."""
    _require_evaluator(request.user)
    scorecards, scorecard = scorecard_chosen(request)
    if scorecard is None:
        return render(request, "quality/evaluations/choose.html", {"scorecards": scorecards})
    people = people_to_evaluate(user=request.user)
    criteria = scorecard_snapshot(scorecard=scorecard)["criteria"]
    initial = {}
    if request.method == "GET" and (person_id := request.GET.get("person", "")).isdigit():
        initial["person"] = int(person_id)
    form = EvaluationForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        criteria=criteria,
        channels=scorecard.channels,
        people=people,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            evaluation = evaluation_create(
                evaluator=request.user,
                person=data["person"],
                scorecard=scorecard,
                channel=data["channel"],
                contact_date=data["contact_date"],
                reference=data["reference"],
                comment=data["comment"],
                answers=form.answers(),
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        except PermissionDenied as exc:
            form.add_error("person", str(exc))
        else:
            messages.success(request, MESSAGE_SAVED % {"score": _score_text(evaluation)})
            return redirect("quality:evaluation_detail", evaluation.pk)
    return render(
        request,
        "quality/evaluations/form.html",
        {
            "form": form,
            "scorecard": scorecard,
            "scorecards": scorecards,
            **picker_options(people),
        },
        status=400 if form.is_bound else 200,
    )


def picker_options(people) -> dict:
    """The suggestions the person picker starts with: everyone when they are few (a manager's
    team), else the first ones, the rest found by ``people_search_view`` as one types."""
    first = list(people[: PICKER_OPTIONS + 1])
    return {
        "person_options": [_person_row(person) for person in first[:PICKER_OPTIONS]],
        "person_options_complete": len(first) <= PICKER_OPTIONS,
    }


def _person_row(person) -> dict:
    profile = getattr(person, "staff_profile", None)
    team = profile.team.name if profile is not None and profile.team_id else ""
    return {"id": person.pk, "label": person_label(person), "team": team}


@login_required
@require_GET
def people_search_view(request: HttpRequest) -> JsonResponse:
    """The people the reader may evaluate whose name, login, email or employee ID contain
    every word of ``?q=``: ``{"results": [{"id", "label", "team"}]}``, at most
    ``PICKER_RESULTS``, by name. 403 for anyone who evaluates nobody."""
    _require_evaluator(request.user)
    query = request.GET.get("q", "")[:100]
    people = people_search(people=people_to_evaluate(user=request.user), query=query)
    return JsonResponse({"results": [_person_row(p) for p in people[:PICKER_RESULTS]]})


@login_required
@require_GET
def evaluation_list_view(request: HttpRequest) -> HttpResponse:
    """The evaluations the reader may see, newest first and paginated, with the disputes
    waiting for them above."""
    _require_evaluator(request.user)
    paginator = Paginator(evaluations_visible_to(user=request.user), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "quality/evaluations/list.html",
        {
            "page_obj": page,
            "evaluations": list(page.object_list),
            "disputes": list(disputes_waiting_for(user=request.user)[:PAGE_SIZE]),
        },
    )


@login_required
@require_GET
def my_evaluations_view(request: HttpRequest) -> HttpResponse:
    """The reader's own evaluations, newest contact first."""
    paginator = Paginator(evaluations_for_person(person=request.user), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "quality/evaluations/my.html",
        {"page_obj": page, "evaluations": page.object_list},
    )


def _history(evaluation: Evaluation) -> list[tuple[Evaluation, list[EvaluationEvent]]]:
    """The chain of evaluations of this contact, oldest first, each with its events: the ones
    this evaluation superseded, itself, and the ones that superseded it."""
    chain = [evaluation]
    current = evaluation
    while (event := EvaluationEvent.objects.filter(new_evaluation=current).first()) is not None:
        current = event.evaluation
        chain.insert(0, current)
    current = evaluation
    while (
        event := EvaluationEvent.objects.filter(evaluation=current, kind=Kind.CHANGED)
        .select_related("new_evaluation")
        .first()
    ) is not None:
        current = event.new_evaluation
        chain.append(current)
    ids = [e.pk for e in chain]
    events: dict[int, list[EvaluationEvent]] = {pk: [] for pk in ids}
    for event in EvaluationEvent.objects.filter(evaluation__in=ids).select_related("actor"):
        events[event.evaluation_id].append(event)
    return [(e, events[e.pk]) for e in chain]


def _detail(
    request, evaluation: Evaluation, *, dispute_form=None, exemplary_form=None, status=200
) -> HttpResponse:
    version = evaluation.scorecard_version
    criteria = {c["id"]: c for c in version.snapshot["criteria"]}
    answers = [(criteria.get(a.criterion_id, {}), a) for a in evaluation.answers.all()]
    state = evaluation_state(evaluation=evaluation)
    is_person = request.user.pk == evaluation.person_id
    history = _history(evaluation)
    mark = ExemplaryMark.objects.select_related("marked_by").filter(evaluation=evaluation).first()
    may_mark = state != Kind.CHANGED and user_may_mark(user=request.user, evaluation=evaluation)
    weak_spots = weak_spot_results(spots=list(weak_spots_of_evaluation(evaluation=evaluation)))
    return render(
        request,
        "quality/evaluations/detail.html",
        {
            "evaluation": evaluation,
            "answers": answers,
            "state": state,
            "history": history if len(history) > 1 or evaluation.events.all() else [],
            "superseded": state == Kind.CHANGED,
            "weak_spots": weak_spots,
            "can_acknowledge": is_person and state in (None, Kind.UPHELD),
            "can_dispute": is_person and state is None,
            "dispute_form": dispute_form or DisputeForm(),
            "can_resolve": state == Kind.DISPUTED
            and user_may_resolve(user=request.user, evaluation=evaluation),
            "exemplary": mark,
            "can_mark": may_mark,
            "exemplary_form": exemplary_form
            or ExemplaryForm(initial={"note": mark.note if mark else ""}),
            "consent_form": ConsentForm(initial={"consent": mark.consent}) if mark else None,
        },
        status=status,
    )


@login_required
@require_GET
def evaluation_detail_view(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    evaluation = evaluation_for_reader(user=request.user, evaluation_id=evaluation_id)
    return _detail(request, evaluation)


@login_required
@require_POST
def evaluation_acknowledge_view(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    evaluation = evaluation_for_reader(user=request.user, evaluation_id=evaluation_id)
    try:
        evaluation_acknowledge(evaluation=evaluation, user=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, MESSAGE_ACKNOWLEDGED)
    return redirect("quality:evaluation_detail", evaluation.pk)


@login_required
@require_POST
def evaluation_dispute_view(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    evaluation = evaluation_for_reader(user=request.user, evaluation_id=evaluation_id)
    if request.user.pk != evaluation.person_id:
        raise PermissionDenied
    form = DisputeForm(request.POST)
    if form.is_valid():
        try:
            evaluation_dispute(
                evaluation=evaluation, user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages[0])
        else:
            messages.success(request, MESSAGE_DISPUTED)
            return redirect("quality:evaluation_detail", evaluation.pk)
    return _detail(request, evaluation, dispute_form=form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_resolve_view(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    """Resolve a dispute: ``action=uphold`` with a reason, or ``action=change`` with new answers
    and a reason (a new evaluation superseding this one)."""
    evaluation = evaluation_for_reader(user=request.user, evaluation_id=evaluation_id)
    if not user_may_resolve(user=request.user, evaluation=evaluation):
        raise PermissionDenied
    if evaluation_state(evaluation=evaluation) != Kind.DISPUTED:
        return redirect("quality:evaluation_detail", evaluation.pk)
    scorecard = get_object_or_404(Scorecard, pk=evaluation.scorecard_version.scorecard_id)
    criteria = change_criteria(evaluation=evaluation)
    posted = request.POST if request.method == "POST" else None
    action = request.POST.get("action")
    uphold_form = UpholdForm(posted if action == "uphold" else None, prefix="uphold")
    change_form = EvaluationForm(
        posted if action == "change" else None,
        initial=initial_from(evaluation),
        criteria=criteria,
        channels=[],
        people=None,
    )
    if action == "uphold" and uphold_form.is_valid():
        evaluation_dispute_uphold(
            evaluation=evaluation, user=request.user, reason=uphold_form.cleaned_data["reason"]
        )
        messages.success(request, MESSAGE_UPHELD)
        return redirect("quality:evaluation_detail", evaluation.pk)
    if action == "change" and change_form.is_valid():
        try:
            new = evaluation_dispute_change(
                evaluation=evaluation,
                user=request.user,
                reason=change_form.cleaned_data["reason"],
                comment=change_form.cleaned_data["comment"],
                answers=change_form.answers(),
            )
        except ValidationError as exc:
            change_form.add_service_errors(exc)
        else:
            messages.success(request, MESSAGE_CHANGED)
            return redirect("quality:evaluation_detail", new.pk)
    dispute = next(e for e in reversed(evaluation.events.all()) if e.kind == Kind.DISPUTED)
    return render(
        request,
        "quality/evaluations/resolve.html",
        {
            "evaluation": evaluation,
            "dispute": dispute,
            "uphold_form": uphold_form,
            "form": change_form,
            "scorecard": scorecard,
        },
        status=400 if posted else 200,
    )
