"""The reports app's pages, mounted at the site root (``/team/``, ``/people/…``,
``/certificates/…``) before Wagtail's page tree."""

from django.urls import path

from reports.views import exports, record
from reports.views.certificates import (
    certificate_pdf_view,
    certificate_revoke_view,
    certificate_verify_view,
    certificates_view,
)
from reports.views.dashboard import dashboard_view, overdue_remind_view

app_name = "reports"

urlpatterns = [
    # One employee's record; the id is the person's user id, as in the API.
    path("people/<id:person_id>/", record.person_record_view, name="person"),
    path("certificates/", certificates_view, name="certificates"),
    path("certificates/<str:code>/", certificate_verify_view, name="certificate_verify"),
    path("certificates/<str:code>/pdf/", certificate_pdf_view, name="certificate_pdf"),
    path("certificates/<str:code>/revoke/", certificate_revoke_view, name="certificate_revoke"),
    path("team/", dashboard_view, name="dashboard"),
    path("team/remind/", overdue_remind_view, name="overdue_remind"),
    path(
        "reports/<str:kind>/download/",
        exports.export_view,
        name="export",
    ),
    path(
        "reports/exports/<id:export_id>/",
        exports.export_download_view,
        name="export_download",
    ),
]
