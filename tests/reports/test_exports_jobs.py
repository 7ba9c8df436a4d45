"""Exports too big to stream (``reports/services/exports.py``, the task, the download view):
202 and a worker's file, the notification with its link, the file only for its owner and
only for a week, nothing twice when the task runs again."""

import datetime
import io
import shutil
from pathlib import Path

from django.conf import settings
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

import openpyxl

from lms.notifications.models import Notification
from reports.models import ReportExport
from reports.notifications_exports import EXPORT_FAILED, EXPORT_READY
from reports.services.exports import report_export_build, report_exports_expire
from tests.reports.exports_world import INJECTED_NAME, export_world
from tests.reports.test_exports_api import API, body

# Alice has two assignments: above one row the export goes to a worker.
SMALL = override_settings(REPORTS_EXPORT_INLINE_MAX_ROWS=1)


def export_dir(export: ReportExport) -> Path:
    return Path(settings.REPORTS_EXPORT_ROOT) / "exports" / str(export.pk)


@SMALL
class BigExportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = export_world()

    def setUp(self):
        # Files outlive a test's rolled-back rows, whose ids the next test may get again.
        shutil.rmtree(Path(settings.REPORTS_EXPORT_ROOT) / "exports", ignore_errors=True)

    def ask(self, user, kind="progress", query="format=xlsx"):
        self.client.force_login(user)
        with self.captureOnCommitCallbacks(execute=True):  # the task runs here (sync cluster)
            response = self.client.get(f"{API}/{kind}?{query}")
        self.assertEqual(response.status_code, 202, response.content[:300])
        return response.json(), ReportExport.objects.get(pk=response.json()["id"])

    def test_202_then_the_worker_writes_the_file_and_notifies_the_owner(self):
        answer, export = self.ask(self.w.manager)
        self.assertEqual((answer["report"], answer["format"]), ("progress", "xlsx"))
        self.assertEqual((export.status, export.rows), (ReportExport.Status.DONE, 2))
        # Written privately, not under MEDIA_ROOT.
        path = Path(export.file.path)
        self.assertTrue(path.is_relative_to(settings.REPORTS_EXPORT_ROOT))
        self.assertFalse(path.is_relative_to(settings.MEDIA_ROOT))
        notification = Notification.objects.get(recipient=self.w.manager)
        self.assertEqual(notification.kind, EXPORT_READY.key)
        link = reverse("reports:export_download", args=[export.pk])
        self.assertEqual(notification.url, link)
        self.assertIn("2", notification.title)

        response = self.client.get(link)
        self.assertEqual(response.status_code, 200)
        self.assertIn("progress-", response["Content-Disposition"])
        sheet = openpyxl.load_workbook(io.BytesIO(body(response))).active
        self.assertEqual(sheet.freeze_panes, "A2")
        names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
        self.assertEqual(names, [f"{INJECTED_NAME} Алиса Ивановна"] * 2)

        status = self.client.get(answer["status_url"]).json()
        self.assertEqual((status["status"], status["download_url"]), ("done", link))
        response = self.client.get(f"{API}/exports/{export.pk}/file")
        self.assertEqual(response.status_code, 200)

    def test_the_worker_keeps_the_scope_and_the_filters(self):
        _answer, export = self.ask(self.w.hr, "attempts", f"format=csv&team={self.w.team_a.pk}")
        self.assertEqual(export.filters, {"team": str(self.w.team_a.pk)})
        content = body(self.client.get(reverse("reports:export_download", args=[export.pk])))
        text = content.decode("utf-8-sig")
        self.assertIn("Алиса", text)
        self.assertNotIn("Борис", text)
        self.assertEqual(export.rows, 2)

    def test_only_the_owner_may_download_or_see_it(self):
        _answer, export = self.ask(self.w.manager, query="format=json")
        link = reverse("reports:export_download", args=[export.pk])
        for other in (self.w.other_manager, self.w.hr, self.w.admin, self.w.alice):
            self.client.force_login(other)
            self.assertEqual(self.client.get(link).status_code, 404, other)
            self.assertEqual(self.client.get(f"{API}/exports/{export.pk}").status_code, 404)
            self.assertEqual(self.client.get(f"{API}/exports/{export.pk}/file").status_code, 404)
        self.client.logout()
        response = self.client.get(link)
        self.assertEqual(response.status_code, 302)
        self.assertIn(settings.LOGIN_URL, response["Location"])
        self.assertEqual(self.client.get(f"{API}/exports/{export.pk}").status_code, 401)

    def test_the_link_expires_after_the_keeping_time_and_the_cleanup_deletes_the_file(self):
        _answer, export = self.ask(self.w.manager, query="format=csv")
        link = reverse("reports:export_download", args=[export.pk])
        path = Path(export.file.path)
        self.assertTrue(path.exists())
        ReportExport.objects.filter(pk=export.pk).update(
            created_at=timezone.now()
            - datetime.timedelta(days=settings.REPORTS_EXPORT_KEEP_DAYS, minutes=1)
        )
        # Refused at once, before the cleanup has run.
        self.assertEqual(self.client.get(link).status_code, 404)
        self.assertEqual(report_exports_expire(), 1)
        self.assertFalse(path.exists())
        export.refresh_from_db()
        self.assertEqual((export.status, export.file.name), (ReportExport.Status.EXPIRED, ""))
        self.assertEqual(report_exports_expire(), 0)

    def test_running_the_task_again_makes_no_second_file_or_notification(self):
        _answer, export = self.ask(self.w.manager, query="format=csv")
        first = export.file.name
        # Redelivered after it finished: nothing happens.
        self.assertEqual(report_export_build(export_id=export.pk).file.name, first)
        # Redelivered after a worker died half-way (the export still "running"): written again
        # under the same name, the one notification kept.
        ReportExport.objects.filter(pk=export.pk).update(status=ReportExport.Status.RUNNING)
        again = report_export_build(export_id=export.pk)
        self.assertEqual((again.status, again.file.name), (ReportExport.Status.DONE, first))
        self.assertEqual([p.name for p in export_dir(export).iterdir()], [Path(first).name])
        self.assertEqual(Notification.objects.filter(recipient=self.w.manager).count(), 1)
        # The task of an export whose owner was deleted since does nothing.
        self.assertIsNone(report_export_build(export_id=export.pk + 1000))

    def test_an_owner_who_lost_their_scope_gets_a_failure_not_a_file(self):
        self.client.force_login(self.w.manager)
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            response = self.client.get(f"{API}/progress?format=csv")
        self.assertEqual(response.status_code, 202)
        self.w.team_a.managers.remove(self.w.manager)
        self.w.alice.staff_profile.line_manager = None
        self.w.alice.staff_profile.save()
        for callback in callbacks:
            callback()
        export = ReportExport.objects.get()
        self.assertEqual((export.status, export.file.name), (ReportExport.Status.FAILED, ""))
        self.assertTrue(export.error)
        notification = Notification.objects.get(recipient=self.w.manager)
        self.assertEqual(notification.kind, EXPORT_FAILED.key)
        self.client.force_login(self.w.manager)
        self.assertEqual(
            self.client.get(reverse("reports:export_download", args=[export.pk])).status_code, 404
        )

    def test_a_small_export_streams_without_a_job(self):
        self.client.force_login(self.w.manager)
        with self.settings(REPORTS_EXPORT_INLINE_MAX_ROWS=2):
            response = self.client.get(f"{API}/progress?format=csv")
        self.assertEqual(response.status_code, 200)
        self.assertFalse(ReportExport.objects.exists())


class InlineLimitTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = export_world()

    def test_xlsx_goes_to_a_worker_sooner_than_csv(self):
        self.client.force_login(self.w.manager)
        with self.settings(
            REPORTS_EXPORT_INLINE_MAX_ROWS=100, REPORTS_EXPORT_INLINE_MAX_XLSX_ROWS=1
        ):
            with self.captureOnCommitCallbacks(execute=True):
                xlsx = self.client.get(f"{API}/progress?format=xlsx")
            csv_ = self.client.get(f"{API}/progress?format=csv")
        self.assertEqual((xlsx.status_code, csv_.status_code), (202, 200))
        self.assertEqual(ReportExport.objects.get().format, "xlsx")


class SiteExportTests(TestCase):
    """``/reports/<kind>/download/``, the dashboard's "Download" button: the API's rows, a page
    for people."""

    @classmethod
    def setUpTestData(cls):
        cls.w = export_world()

    def url(self, kind="progress", query="format=csv"):
        return reverse("reports:export", args=[kind]) + "?" + query

    def test_who_may_download(self):
        response = self.client.get(self.url())
        self.assertEqual(response.status_code, 302)
        self.assertIn(settings.LOGIN_URL, response["Location"])
        for user in (self.w.learner, self.w.mentor):
            self.client.force_login(user)
            self.assertEqual(self.client.get(self.url()).status_code, 403)
        self.client.force_login(self.w.manager)
        self.assertEqual(self.client.get(self.url("nothing")).status_code, 404)
        self.assertEqual(self.client.get(self.url(query="format=pdf")).status_code, 404)

    def test_a_manager_gets_their_team_whatever_the_team_in_the_url(self):
        self.client.force_login(self.w.manager)
        response = self.client.get(self.url("mentoring", f"format=csv&team={self.w.team_b.pk}"))
        self.assertEqual(response.status_code, 200)
        text = body(response).decode("utf-8-sig")
        self.assertIn("Алиса", text)
        self.assertNotIn("Борис", text)

    @SMALL
    def test_a_big_export_goes_to_the_inbox_with_a_message(self):
        self.client.force_login(self.w.manager)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.get(self.url(query="format=xlsx"))
        self.assertEqual(response.status_code, 302, response.content[:200])
        self.assertEqual(response["Location"], reverse("notifications:inbox"))
        # The worker has written the file since: the inbox shows the message and the link.
        response = self.client.get(response["Location"])
        self.assertEqual(len(list(response.context["messages"])), 1)
        export = ReportExport.objects.get()
        self.assertEqual((export.owner, export.status), (self.w.manager, ReportExport.Status.DONE))
        notification = Notification.objects.get(recipient=self.w.manager)
        self.assertContains(response, reverse("notifications:open", args=[notification.pk]))
        opened = self.client.post(reverse("notifications:open", args=[notification.pk]))
        self.assertEqual(opened["Location"], reverse("reports:export_download", args=[export.pk]))
