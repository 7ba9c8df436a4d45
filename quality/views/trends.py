"""The quality trends page (``/quality/trends/``): a score over time with the company average,
as a chart and a table, for the person, team, criterion and period in the URL.

Who may read which trend: ``quality.selectors_trends.trend_subject_for`` (404 for a person or
team out of the reader's reach). A filter that does not validate is shown with its message and
what was typed, and left out of the figures."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from quality.charts import period_label, trend_chart
from quality.forms_trends import TrendFiltersForm
from quality.selectors_trends import (
    MONTH,
    PERSON,
    criteria_for_trends,
    teams_for_trends,
    trend_read,
    trend_subject_for,
)
from quality.selectors_weak_spots import weak_spot_results, weak_spots_of_person


@login_required
@require_GET
def trends_view(request: HttpRequest) -> HttpResponse:
    """The trend for the filters in the URL. A fixed number of queries, whatever the number of
    evaluations or periods."""
    teams = teams_for_trends(user=request.user)
    criteria = criteria_for_trends()
    form = TrendFiltersForm(request.GET or None, teams=teams, criteria=criteria)
    cleaned = {}
    if form.is_bound:
        form.is_valid()  # the errors are shown; what validated applies
        cleaned = form.cleaned_data
    team = cleaned.get("team")
    team_id = team.pk if team else None
    raw_team = request.GET.get("team", "")
    if (
        team_id is None
        and "team" in form.errors
        and raw_team.isdigit()
        and not cleaned.get("person")
    ):
        # A team that is not among the reader's choices: out of their reach, or none at all.
        team_id = int(raw_team)
    subject = trend_subject_for(
        viewer=request.user, person_id=cleaned.get("person"), team_id=team_id
    )
    criterion = cleaned.get("criterion")
    by = cleaned.get("by") or MONTH
    trend = trend_read(
        subject=subject,
        by=by,
        criterion=criterion,
        start=cleaned.get("date_from"),
        end=cleaned.get("date_to"),
    )
    weak_spots = []
    if subject.kind == PERSON:
        # Where the rule sent the person to training, and their score before and after it.
        spots = weak_spots_of_person(
            person_id=subject.person.pk, criterion_code=criterion.code if criterion else None
        )
        weak_spots = weak_spot_results(spots=list(spots))
    return render(
        request,
        "quality/trends/trends.html",
        {
            "form": form,
            "subject": subject,
            "criterion": criterion,
            "trend": trend,
            "chart": trend_chart(trend, name=subject.label),
            "rows": [(period_label(p, by), p) for p in trend.points],
            "weak_spots": weak_spots,
        },
    )
