from django.urls import path

from quizzes import views

app_name = "quizzes"
urlpatterns = [
    path("<int:quiz_id>/", views.quiz_detail_view, name="quiz"),
    path("<int:quiz_id>/start/", views.attempt_start_view, name="attempt_start"),
    path("attempts/<int:attempt_id>/", views.attempt_view, name="attempt"),
    path("attempts/<int:attempt_id>/submit/", views.attempt_submit_view, name="attempt_submit"),
    path(
        "attempts/<int:attempt_id>/answers/<int:question_id>/",
        views.answer_save_view,
        name="answer_save",
    ),
    path("attempts/<int:attempt_id>/result/", views.attempt_result_view, name="attempt_result"),
]
