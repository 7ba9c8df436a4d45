"""Exports from the site: the dashboard's "Download" button (``export_view``, the same rows and
filters as the API's endpoints, but a page for people: a big export sends them to their inbox
with a message instead of answering 202), and the download of a file written by a worker (the
link of the inbox notification)."""

import tempfile

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from reports.export_files import CONTENT_TYPES, csv_chunks, json_chunks, xlsx_write
from reports.models import ReportExport
from reports.selectors.exports import (
    EXPORT_REPORTS,
    ExportReport,
    export_report_get,
    report_export_downloadable,
    report_export_for_owner,
)
from reports.selectors.filters import ReportFilters, report_filters_read
from reports.services.exports import (
    ERROR_NOT_ALLOWED,
    export_allowed,
    export_file_name,
    report_export_request,
)

MESSAGE_QUEUED = _(
    "The export has too many rows to download at once: it is being prepared, and a "
    "notification with the link will arrive here when it is ready."
)


def _in_language(language: str, chunks):
    # The body is written after the view has returned: keep the request's language for it.
    with translation.override(language):
        yield from chunks


def export_response(
    request: HttpRequest, report: ExportReport, file_format: str, filters: ReportFilters
) -> HttpResponse:
    """The rows of ``report`` for the person asking, as a download: CSV and JSON streamed as
    they are read, XLSX streamed from the temporary file it was written to."""
    name = export_file_name(report=report, file_format=file_format, day=timezone.localdate())
    rows = report.rows(user=request.user, filters=filters)
    if file_format == ReportExport.Format.XLSX:
        # Written to an unnamed temporary file (openpyxl's write-only mode keeps no rows in
        # memory), then streamed from it; the file is gone when the response closes it.
        out = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
        xlsx_write(report.columns, rows, out, title=str(report.title))
        out.seek(0)
        return FileResponse(
            out, as_attachment=True, filename=name, content_type=CONTENT_TYPES[file_format]
        )
    chunks = csv_chunks if file_format == ReportExport.Format.CSV else json_chunks
    response = StreamingHttpResponse(
        _in_language(translation.get_language(), chunks(report.columns, rows)),
        content_type=CONTENT_TYPES[file_format],
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def export_inline_limit(file_format: str) -> int:
    """The most rows written in the request; more go to a worker."""
    if file_format == ReportExport.Format.XLSX:
        return min(
            settings.REPORTS_EXPORT_INLINE_MAX_ROWS, settings.REPORTS_EXPORT_INLINE_MAX_XLSX_ROWS
        )
    return settings.REPORTS_EXPORT_INLINE_MAX_ROWS


def export_or_queue(
    *, request: HttpRequest, report: ExportReport, file_format: str, filters: ReportFilters
) -> tuple[HttpResponse | None, ReportExport | None]:
    """The file as the answer when it has few enough rows (one COUNT query decides), else a
    ``ReportExport`` queued for a worker: ``(response, None)`` or ``(None, export)``."""
    if report.count(user=request.user, filters=filters) > export_inline_limit(file_format):
        export = report_export_request(
            owner=request.user,
            report=report,
            file_format=file_format,
            filters=filters,
            language=translation.get_language(),
        )
        return None, export
    return export_response(request, report, file_format, filters), None


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


@login_required
@require_GET
def export_view(request: HttpRequest, kind: str):
    """``/reports/<kind>.<format>?team=…``: the export as a download, for the people the
    API lets export (anyone else 403). Filters that do not validate are left out, as the
    dashboard leaves them out, never widened past the person's scope."""
    report = EXPORT_REPORTS.get(kind)
    file_format = request.GET.get("format", ReportExport.Format.CSV)
    if report is None or file_format not in ReportExport.Format.values:
        raise Http404
    if not export_allowed(user=request.user):
        raise PermissionDenied(ERROR_NOT_ALLOWED)
    _form, filters = report_filters_read(user=request.user, data=request.GET)
    response, export = export_or_queue(
        request=request, report=report, file_format=file_format, filters=filters
    )
    if export is None:
        return response
    messages.success(request, MESSAGE_QUEUED)
    return redirect("notifications:inbox")
