"""The reports app's pages, mounted at the site root (``/team/``, ``/people/…``,
``/certificates/…``) before Wagtail's page tree."""

from django.urls import path

from reports.views.certificates import (
    certificate_pdf_view,
    certificate_revoke_view,
    certificate_verify_view,
    certificates_view,
)

app_name = "reports"

urlpatterns = [
    path("certificates/", certificates_view, name="certificates"),
    path("certificates/<str:code>/", certificate_verify_view, name="certificate_verify"),
    path("certificates/<str:code>/pdf/", certificate_pdf_view, name="certificate_pdf"),
    path("certificates/<str:code>/revoke/", certificate_revoke_view, name="certificate_revoke"),
]
