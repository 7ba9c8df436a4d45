"""The quality screens of the site: the quality page, evaluating a contact (with its person
search), the evaluators' list, the person's own evaluations, the mentor's list of their
mentees' evaluations, and acknowledging, disputing and resolving an evaluation; calibration
sessions; exemplary evaluations and the best-practice page; the mystery-shopping waves;
customer feedback; the recognition lists; trends; the training assigned by the weak-spot rule."""

from django.urls import path

from quality.views import calibration, evaluations, exemplary, feedback, home, recognition
from quality.views.mystery import wave_view, waves_view
from quality.views.trends import trends_view
from quality.views.weak_spots import weak_spots_view

app_name = "quality"

urlpatterns = [
    path("", home.home_view, name="home"),
    path("mentees/", home.mentee_evaluations_view, name="mentee_evaluations"),
    path("people/", evaluations.people_search_view, name="people_search"),
    path("trends/", trends_view, name="trends"),
    path("waves/", waves_view, name="waves"),
    path("waves/<int:wave_id>/", wave_view, name="wave"),
    path("feedback/", feedback.feedback_list_view, name="feedback"),
    path("recognition/", recognition.recognition_list_view, name="recognition"),
    path(
        "recognition/ranking/",
        recognition.recognition_ranking_view,
        name="recognition_ranking",
    ),
    path(
        "recognition/publish/",
        recognition.recognition_publish_view,
        name="recognition_publish",
    ),
    path("weak-spots/", weak_spots_view, name="weak_spots"),
    path("evaluate/", evaluations.evaluation_new_view, name="evaluation_new"),
    path("evaluations/", evaluations.evaluation_list_view, name="evaluations"),
    path("my/", evaluations.my_evaluations_view, name="my_evaluations"),
    path("calibration/", calibration.calibration_list_view, name="calibrations"),
    path("calibration/new/", calibration.calibration_new_view, name="calibration_new"),
    path(
        "calibration/<id:session_id>/",
        calibration.calibration_detail_view,
        name="calibration_detail",
    ),
    path(
        "calibration/<id:session_id>/score/",
        calibration.calibration_score_view,
        name="calibration_score",
    ),
    path(
        "calibration/<id:session_id>/close/",
        calibration.calibration_close_view,
        name="calibration_close",
    ),
    path("examples/", exemplary.examples_view, name="examples"),
    path(
        "evaluations/<id:evaluation_id>/exemplary/",
        exemplary.exemplary_mark_view,
        name="exemplary_mark",
    ),
    path(
        "evaluations/<id:evaluation_id>/exemplary/remove/",
        exemplary.exemplary_unmark_view,
        name="exemplary_unmark",
    ),
    path(
        "evaluations/<id:evaluation_id>/consent/",
        exemplary.exemplary_consent_view,
        name="exemplary_consent",
    ),
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
