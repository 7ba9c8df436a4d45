"""Recognition pages: the ranking of a period's most thanked and best-scoring employees (for QA
evaluators, HR, administrators and managers, each over the people they may read), publishing it
to a team (its managers and administrators), and the published lists a person's teams have."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from quality.forms_recognition import RankingForm
from quality.selectors import user_evaluates
from quality.selectors_mystery import wave_reader_scope
from quality.selectors_recognition import (
    recognition_for_team_and_period,
    recognition_ranking,
    recognition_teams,
    recognitions_visible_to,
)
from quality.services.recognition import recognition_publish, user_may_publish_recognition

PAGE_SIZE = 20
ERROR_CHOOSE_TEAM = _("Choose the team to publish the list to.")
MESSAGE_PUBLISHED = _("The list is published: the team sees it and is told in their inbox.")
MESSAGE_ALREADY = _("This team's list for this period was published on %(date)s; nothing changed.")


@login_required
@require_GET
def recognition_ranking_view(request: HttpRequest) -> HttpResponse:
    """The ranking for the chosen period and team (last month and everyone by default); a bad
    period comes back with what was typed and its error (status 400)."""
    wave_reader_scope(user=request.user)  # the same readers as the waves; 403 for the others
    form = RankingForm(request.GET, teams=recognition_teams(user=request.user))
    context = {"form": form, "ranking": None, "may_publish": False, "published": None}
    if not form.is_valid():
        return render(request, "quality/recognition/ranking.html", context, status=400)
    data = form.cleaned_data
    team = data["team"]
    ranking = recognition_ranking(
        user=request.user,
        start=data["start"],
        end=data["end"],
        team=team,
        min_evaluations=data["min_evaluations"],
    )
    context["ranking"] = ranking
    if team is not None and user_may_publish_recognition(user=request.user, team=team):
        context["may_publish"] = True
        context["published"] = recognition_for_team_and_period(
            team=team, start=data["start"], end=data["end"]
        )
    return render(request, "quality/recognition/ranking.html", context)


@login_required
@require_POST
def recognition_publish_view(request: HttpRequest) -> HttpResponse:
    """Publish the team's list of the period posted; once per team and period."""
    wave_reader_scope(user=request.user)
    form = RankingForm(request.POST, teams=recognition_teams(user=request.user))
    if form.is_valid() and form.cleaned_data["team"] is None:
        form.add_error("team", ERROR_CHOOSE_TEAM)
    if not form.is_valid():
        context = {"form": form, "ranking": None, "may_publish": False, "published": None}
        return render(request, "quality/recognition/ranking.html", context, status=400)
    data = form.cleaned_data
    try:
        recognition, created = recognition_publish(
            user=request.user,
            team=data["team"],
            start=data["start"],
            end=data["end"],
            min_evaluations=data["min_evaluations"],
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        query = {
            "team": data["team"].pk,
            "start": data["start"].isoformat(),
            "end": data["end"].isoformat(),
            "min_evaluations": data["min_evaluations"],
        }
        return redirect(f"{reverse('quality:recognition_ranking')}?{urlencode(query)}")
    if created:
        messages.success(request, MESSAGE_PUBLISHED)
    else:
        date = recognition.published_at.date().strftime("%d.%m.%Y")
        messages.info(request, MESSAGE_ALREADY % {"date": date})
    return redirect(f"{reverse('quality:recognition')}#recognition-{recognition.pk}")


@login_required
@require_GET
def recognition_list_view(request: HttpRequest) -> HttpResponse:
    """The published lists of the reader's teams (every team's for QA evaluators, HR and
    administrators), newest period first."""
    page = Paginator(recognitions_visible_to(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "quality/recognition/list.html",
        {
            "page_obj": page,
            "recognitions": list(page.object_list),
            "reads_ranking": user_evaluates(user=request.user),
        },
    )
