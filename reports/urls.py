"""The reports app's pages, mounted at the site root (``/team/``, ``/people/…``,
``/certificates/…``) before Wagtail's page tree."""

from django.urls import path

from reports.views import record

app_name = "reports"

urlpatterns = [
    # One employee's record; the id is the person's user id, as in the API.
    path("people/<id:person_id>/", record.person_record_view, name="person"),
]
