"""The reports app's pages, mounted at the site root (``/team/``, ``/people/…``,
``/certificates/…``) before Wagtail's page tree."""

from django.urls import path

from reports.views.dashboard import dashboard_view, overdue_remind_view

app_name = "reports"

urlpatterns = [
    path("team/", dashboard_view, name="dashboard"),
    path("team/remind/", overdue_remind_view, name="overdue_remind"),
]
