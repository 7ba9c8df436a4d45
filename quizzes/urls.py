from django.urls import path

from quizzes import queue_views, review_views, views

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
    path("grading/", queue_views.grading_queue_view, name="grading_queue"),
    path("grading/<id:answer_id>/", queue_views.open_answer_grade_view, name="open_answer_grade"),
    path("review/", review_views.review_view, name="review"),
    path(
        "review/cards/<id:card_id>/answer/",
        review_views.review_answer_view,
        name="review_answer",
    ),
    path("review/cards/<id:card_id>/", review_views.review_result_view, name="review_result"),
]
