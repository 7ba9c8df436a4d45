from django.urls import path

from courses import views

app_name = "courses"
urlpatterns = [
    path("lessons/<id:lesson_id>/complete/", views.lesson_complete_view, name="lesson_complete"),
    path("changes/<id:assignment_id>/", views.change_view, name="change"),
]
