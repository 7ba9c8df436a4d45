from django.urls import path

from lms.people import views

urlpatterns = [
    path("profile/", views.profile_view, name="profile"),
]
