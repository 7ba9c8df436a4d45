from django.urls import path

from quality.views.mystery import wave_view, waves_view

app_name = "quality"

urlpatterns = [
    path("waves/", waves_view, name="waves"),
    path("waves/<int:wave_id>/", wave_view, name="wave"),
]
