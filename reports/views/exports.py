"""Downloading an export written by a worker: the link of the inbox notification."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest
from django.utils import timezone
from django.views.decorators.http import require_GET

from reports.export_files import CONTENT_TYPES
from reports.models import ReportExport
from reports.selectors.exports import (
    export_report_get,
    report_export_downloadable,
    report_export_for_owner,
)
from reports.services.exports import export_file_name


def export_file_response(export: ReportExport) -> FileResponse:
    """The export's file as a download, read from its storage in chunks."""
    name = export_file_name(
        report=export_report_get(export.kind),
        file_format=export.format,
        day=timezone.localdate(export.created_at),
    )
    try:
        stream = export.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        stream, as_attachment=True, filename=name, content_type=CONTENT_TYPES[export.format]
    )


@login_required
@require_GET
def export_download_view(request: HttpRequest, export_id: int):
    """The file, to the person who asked for it and to nobody else (404), while it is kept."""
    export = report_export_for_owner(owner=request.user, export_id=export_id)
    if export is None or not report_export_downloadable(export):
        raise Http404
    return export_file_response(export)
