"""The quality screens of the site: the quality page, evaluating a contact (with its person
search), the evaluators' list, the person's own evaluations, the mentor's list of their
mentees' evaluations, and acknowledging, disputing and resolving an evaluation; the
mystery-shopping waves."""

from django.urls import path

from quality.views import evaluations, home
from quality.views.mystery import wave_view, waves_view

app_name = "quality"

urlpatterns = [
    path("", home.home_view, name="home"),
    path("mentees/", home.mentee_evaluations_view, name="mentee_evaluations"),
    path("people/", evaluations.people_search_view, name="people_search"),
    path("waves/", waves_view, name="waves"),
    path("waves/<int:wave_id>/", wave_view, name="wave"),
    path("evaluate/", evaluations.evaluation_new_view, name="evaluation_new"),
    path("evaluations/", evaluations.evaluation_list_view, name="evaluations"),
    path("my/", evaluations.my_evaluations_view, name="my_evaluations"),
    path(
        "evaluations/<id:evaluation_id>/",
        evaluations.evaluation_detail_view,
        name="evaluation_detail",
    ),
    path(
        "evaluations/<id:evaluation_id>/acknowledge/",
        evaluations.evaluation_acknowledge_view,
        name="evaluation_acknowledge",
    ),
    path(
        "evaluations/<id:evaluation_id>/dispute/",
        evaluations.evaluation_dispute_view,
        name="evaluation_dispute",
    ),
    path(
        "evaluations/<id:evaluation_id>/resolve/",
        evaluations.evaluation_resolve_view,
        name="evaluation_resolve",
    ),
]
