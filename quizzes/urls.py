from django.urls import path

from quizzes import views

app_name = "quizzes"
urlpatterns = [
    path("<id:quiz_id>/", views.quiz_detail_view, name="quiz"),
    path("<id:quiz_id>/start/", views.attempt_start_view, name="attempt_start"),
    path("attempts/<id:attempt_id>/", views.attempt_view, name="attempt"),
    path("attempts/<id:attempt_id>/submit/", views.attempt_submit_view, name="attempt_submit"),
    path(
        "attempts/<id:attempt_id>/answers/<id:question_id>/",
        views.answer_save_view,
        name="answer_save",
    ),
    path("attempts/<id:attempt_id>/result/", views.attempt_result_view, name="attempt_result"),
]
