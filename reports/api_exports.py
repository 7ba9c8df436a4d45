"""Exports in the JSON API (mounted under /api/v1/reports): progress, quiz attempts and
supervised sessions as CSV, XLSX or JSON, with the dashboard's filters.

- ``GET /reports/{progress|attempts|mentoring}?format=csv|xlsx|json&team=&job_role=&cohort=
  &date_from=&date_to=``: the file, streamed (CSV, JSON) or written to a temporary file and
  streamed from it (XLSX), when it has at most ``REPORTS_EXPORT_INLINE_MAX_ROWS`` rows
  (``REPORTS_EXPORT_INLINE_MAX_XLSX_ROWS`` for XLSX, slower to write); above
  that, 202 with the id of an export a worker writes (the person gets an inbox notification
  with the download link when it is ready);
- ``GET /reports/exports/{id}``: where such an export stands;
- ``GET /reports/exports/{id}/file``: its file.

Who may call: HR, administrators, and anyone with somebody in their scope (managers); anyone
else gets 403, an anonymous caller 401. The rows are those of ``reports.selectors.exports``,
scoped like the dashboard. A filter that does not validate, a team outside the caller's scope
included, is 422 in the validation shape, located at ``["query", name]``. An export of someone
else is 404.
"""

import datetime
from typing import Literal

from django.http import HttpRequest
from django.urls import reverse

from ninja import Field, Query, Router, Schema, Status

from lms.api.errors import ERROR_NOT_FOUND, ApiError
from lms.api.registry import router_register
from lms.api.schemas import ErrorOut, ObjectId, ValidationErrorOut
from reports.models import ReportExport
from reports.selectors.exports import (
    EXPORT_REPORTS,
    ExportReport,
    report_export_downloadable,
    report_export_for_owner,
)
from reports.selectors.filters import ReportFilters, report_filters_read
from reports.services.exports import (
    ERROR_NOT_ALLOWED,
    export_allowed,
)
from reports.views.exports import export_file_response, export_or_queue

router = router_register(Router(tags=["reports"]), prefix="/reports")

FileFormat = Literal["csv", "xlsx", "json"]


class ExportQuery(Schema):
    format: FileFormat = Field("csv", description="csv (UTF-8 with BOM, “;”), xlsx or json.")
    team: str | None = Field(None, description="A team id, among the teams you may see.")
    job_role: str | None = Field(None, description="A job role id.")
    cohort: str | None = Field(None, description="The month people were hired in: YYYY-MM.")
    date_from: datetime.date | None = Field(None, description="First day of the period.")
    date_to: datetime.date | None = Field(None, description="Last day of the period.")


class ExportOut(Schema):
    id: int
    report: str
    format: str
    status: str
    rows: int | None
    created: datetime.datetime
    finished: datetime.datetime | None
    expires: datetime.datetime
    status_url: str
    download_url: str | None = Field(description="Set once the file is ready.")

    @staticmethod
    def from_export(export: ReportExport) -> "ExportOut":
        ready = report_export_downloadable(export)
        return ExportOut(
            id=export.pk,
            report=export.kind,
            format=export.format,
            status=export.status,
            rows=export.rows,
            created=export.created_at,
            finished=export.finished_at,
            expires=export.expires_at,
            status_url=reverse("api-v1:reports_export_status", args=[export.pk]),
            download_url=reverse("reports:export_download", args=[export.pk]) if ready else None,
        )


def _filters(request: HttpRequest) -> ReportFilters:
    """The filters of the request, or 422 listing every one that does not validate."""
    form, filters = report_filters_read(user=request.user, data=request.GET)
    if form.errors:
        detail = [
            {"type": "invalid", "loc": ["query", name], "msg": str(message)}
            for name, messages in form.errors.items()
            for message in messages
        ]
        raise ApiError(422, detail)
    return filters


def _export(request: HttpRequest, report: ExportReport, query: ExportQuery):
    if not export_allowed(user=request.user):
        raise ApiError(403, ERROR_NOT_ALLOWED)
    filters = _filters(request)
    response, export = export_or_queue(
        request=request, report=report, file_format=query.format, filters=filters
    )
    if export is not None:
        return Status(202, ExportOut.from_export(export))
    return response


def _endpoint(report: ExportReport):
    def export_view(request: HttpRequest, query: Query[ExportQuery]):
        return _export(request, report, query)

    export_view.__name__ = f"reports_export_{report.key}"
    return export_view


for _report in EXPORT_REPORTS.values():
    router.get(
        f"/{_report.key}",
        response={202: ExportOut, 403: ErrorOut, 422: ValidationErrorOut},
        summary=f"Export: {_report.key}",
        description=(
            f"{_report.__doc__.strip()} A file (CSV, XLSX, JSON), or 202 with an export "
            "written by a worker when the rows are too many to stream."
        ),
        url_name=f"reports_export_{_report.key}",
        operation_id=f"reports_export_{_report.key}",
    )(_endpoint(_report))


@router.get(
    "/exports/{export_id}",
    response={200: ExportOut, 404: ErrorOut},
    summary="Where an export stands",
    url_name="reports_export_status",
)
def export_status(request: HttpRequest, export_id: ObjectId):
    export = report_export_for_owner(owner=request.user, export_id=export_id)
    if export is None:
        raise ApiError(404, ERROR_NOT_FOUND)
    return ExportOut.from_export(export)


@router.get(
    "/exports/{export_id}/file",
    response={404: ErrorOut},
    summary="The file of an export",
    url_name="reports_export_file",
)
def export_file(request: HttpRequest, export_id: ObjectId):
    export = report_export_for_owner(owner=request.user, export_id=export_id)
    if export is None or not report_export_downloadable(export):
        raise ApiError(404, ERROR_NOT_FOUND)
    return export_file_response(export)
