"""The quality screens of the site: evaluating a contact, the evaluators' list, the person's
own evaluations, and acknowledging, disputing and resolving an evaluation; the mystery-shopping
waves; the training assigned by the weak-spot rule."""

from django.urls import path

from quality.views import evaluations
from quality.views.mystery import wave_view, waves_view
from quality.views.weak_spots import weak_spots_view

app_name = "quality"

urlpatterns = [
    path("waves/", waves_view, name="waves"),
    path("waves/<int:wave_id>/", wave_view, name="wave"),
    path("weak-spots/", weak_spots_view, name="weak_spots"),
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
