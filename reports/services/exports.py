"""Exports too big to stream in the request: asked for, written by a worker, downloaded by the
person who asked, deleted after ``REPORTS_EXPORT_KEEP_DAYS``.

``report_export_request`` stores what was asked (``ReportExport``, status ``pending``) and
queues ``reports.tasks.report_export_run`` after the commit. The task calls
``report_export_build``, which is safe to run again (a task redelivered after a worker died or
timed out): an export that is ``done``, ``failed`` or ``expired`` is left as it is; the file's
name is fixed by the export (``exports/<id>/…``) and the storage overwrites it, so a second run
never leaves a second file; the notification is sent once per export (``notification_send`` is
idempotent on its event, ``report_export:<id>``).
"""

import datetime
import logging
import tempfile
from typing import BinaryIO

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files import File
from django.db import transaction
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from django_q.tasks import async_task

from lms.notifications.services import notification_send
from reports.export_files import csv_chunks, json_chunks, xlsx_write
from reports.models import ReportExport
from reports.notifications_exports import EXPORT_FAILED, EXPORT_READY
from reports.selectors.exports import ExportReport, export_report_get
from reports.selectors.filters import ReportFilters, report_filters_read
from reports.selectors.scope import sees_all_staff, staff_in_scope

logger = logging.getLogger(__name__)

ERROR_NOT_ALLOWED = _(
    "Exports are for managers, HR and administrators: there is nobody whose records you see."
)

UNFINISHED = (ReportExport.Status.PENDING, ReportExport.Status.RUNNING)


def export_allowed(*, user: AbstractBaseUser) -> bool:
    """Whether ``user`` may export: HR and administrators, and anyone with somebody in their
    scope (the managers of a team, line managers). One query at most."""
    return sees_all_staff(user=user) or staff_in_scope(user=user).exists()


def export_file_name(*, report: ExportReport, file_format: str, day: datetime.date) -> str:
    """The name a downloaded file gets: ``progress-2026-09-14.xlsx``."""
    return f"{report.key}-{day.isoformat()}.{file_format}"


def export_file_write(
    *, report: ExportReport, rows, file_format: str, out: BinaryIO, title: str
) -> None:
    """Write ``rows`` of ``report`` to ``out`` (bytes) in ``file_format``."""
    if file_format == ReportExport.Format.XLSX:
        xlsx_write(report.columns, rows, out, title=title)
        return
    chunks = csv_chunks if file_format == ReportExport.Format.CSV else json_chunks
    for chunk in chunks(report.columns, rows):
        out.write(chunk)


def report_export_request(
    *,
    owner: AbstractBaseUser,
    report: ExportReport,
    file_format: str,
    filters: ReportFilters,
    language: str,
) -> ReportExport:
    """Store the export ``owner`` asked for and queue its task after the commit."""
    export = ReportExport.objects.create(
        owner=owner,
        kind=report.key,
        format=file_format,
        filters=filters.query(),
        language=language,
    )
    transaction.on_commit(lambda: async_task("reports.tasks.report_export_run", export.pk))
    return export


class _Counted:
    """Passes rows through and counts them."""

    def __init__(self, rows):
        self.rows = rows
        self.count = 0

    def __iter__(self):
        for row in self.rows:
            self.count += 1
            yield row


def _claim(export_id: int) -> ReportExport | None:
    with transaction.atomic():
        export = (
            ReportExport.objects.select_for_update()
            .select_related("owner")
            .filter(pk=export_id)
            .first()
        )
        if export is None or export.status not in UNFINISHED:
            return None
        export.status = ReportExport.Status.RUNNING
        export.save(update_fields=["status"])
    return export


def _fail(export: ReportExport, error: str) -> None:
    with transaction.atomic():
        locked = ReportExport.objects.select_for_update().get(pk=export.pk)
        if locked.status not in UNFINISHED:
            return
        locked.status = ReportExport.Status.FAILED
        locked.error = error
        locked.finished_at = timezone.now()
        locked.save(update_fields=["status", "error", "finished_at"])
        notification_send(
            recipient=export.owner,
            kind=EXPORT_FAILED.key,
            event=f"report_export:{export.pk}",
            params={"report": export.get_kind_display()},
            url="",
        )


def report_export_build(*, export_id: int) -> ReportExport | None:
    """Write the file of export ``export_id`` for its owner, as their scope is now, and tell
    them in their inbox (with the download link) when it is ready, or that it failed.

    Does nothing to an export that is done, failed or expired, and returns None for one that
    no longer exists (its owner's account was deleted). An error while writing marks
    the export failed (the owner is told) and is raised again for the worker's log."""
    export = _claim(export_id)
    if export is None:
        return ReportExport.objects.filter(pk=export_id).first()
    owner = export.owner
    if not owner.is_active or not export_allowed(user=owner):
        _fail(export, str(ERROR_NOT_ALLOWED))
        return ReportExport.objects.get(pk=export_id)
    report = export_report_get(export.kind)
    try:
        with translation.override(export.language), tempfile.TemporaryFile() as tmp:
            data = QueryDict(mutable=True)
            data.update(export.filters)
            _form, filters = report_filters_read(user=owner, data=data)
            rows = _Counted(report.rows(user=owner, filters=filters))
            export_file_write(
                report=report,
                rows=rows,
                file_format=export.format,
                out=tmp,
                title=str(report.title),
            )
            tmp.seek(0)
            day = timezone.localdate(export.created_at)
            name = f"exports/{export.pk}/" + export_file_name(
                report=report, file_format=export.format, day=day
            )
            stored = export.file.storage.save(name, File(tmp, name=name))
    except Exception as exc:
        logger.exception("Report export %s failed", export_id)
        _fail(export, f"{type(exc).__name__}: {exc}")
        raise
    with transaction.atomic():
        locked = ReportExport.objects.select_for_update().get(pk=export_id)
        if locked.status not in UNFINISHED:  # a parallel run finished it (the same file name)
            return locked
        locked.file.name = stored
        locked.rows = rows.count
        locked.status = ReportExport.Status.DONE
        locked.finished_at = timezone.now()
        locked.save(update_fields=["file", "rows", "status", "finished_at"])
        with translation.override(export.language):
            title = str(report.title)
        notification_send(
            recipient=owner,
            kind=EXPORT_READY.key,
            event=f"report_export:{export_id}",
            params={"report": title, "rows": rows.count},
            url=reverse("reports:export_download", args=[export_id]),
        )
    return locked


def report_exports_expire(*, now: datetime.datetime | None = None) -> int:
    """Delete the files of the exports asked for more than ``REPORTS_EXPORT_KEEP_DAYS`` ago and
    mark them expired (the row stays: who exported what, and when). Returns how many expired;
    running it again changes nothing."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.REPORTS_EXPORT_KEEP_DAYS)
    old = ReportExport.objects.filter(created_at__lt=cutoff).exclude(
        status=ReportExport.Status.EXPIRED
    )
    expired = 0
    for export in old.only("pk", "file").iterator(chunk_size=500):
        if export.file:
            export.file.delete(save=False)
        expired += ReportExport.objects.filter(pk=export.pk).update(
            status=ReportExport.Status.EXPIRED, file=""
        )
    return expired
