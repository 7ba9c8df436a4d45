"""The quality screens of the site: evaluating a contact, the evaluators' list, the person's
own evaluations, and acknowledging, disputing and resolving an evaluation."""

from django.urls import path

from quality.views import evaluations

app_name = "quality"
urlpatterns = [
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
