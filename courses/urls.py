from django.urls import path

from courses import views

app_name = "courses"
urlpatterns = [
    path("lessons/<id:lesson_id>/complete/", views.lesson_complete_view, name="lesson_complete"),
]
