"""The reports app's pages, mounted at the site root (``/team/``, ``/people/…``,
``/certificates/…``) before Wagtail's page tree."""

from django.urls import path

from reports.views import exports

app_name = "reports"

urlpatterns = [
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
