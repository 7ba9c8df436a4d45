import datetime
from unittest import mock

from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from django_q.models import Schedule

from lms.core import scheduling
from lms.core.scheduling import NAME_PREFIX, Job, declared_jobs, schedules_sync

HEARTBEAT = Job(name="test-heartbeat", func="lms.core.tasks.worker_heartbeat", minutes=1)
PUBLISH = Job(name="test-publish", func="lms.core.tasks.publish_scheduled", minutes=1)
HOURLY = Job(
    name="test-hourly", func="lms.core.tasks.publish_scheduled", schedule_type=Schedule.HOURLY
)


def _jobs(*jobs: Job):
    """Replace the declared jobs for the duration of a ``with`` block."""
    return mock.patch.dict(scheduling._jobs, {job.name: job for job in jobs}, clear=True)


def _rows() -> dict[str, tuple]:
    return {
        row.name: (row.func, row.schedule_type, row.minutes, row.cron, row.repeats)
        for row in Schedule.objects.all()
    }


class SchedulesSyncTests(TestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Import every app's ``schedules`` module now, so that no later import registers the
        # real jobs into a patched (and then thrown away) registry.
        cls.real_jobs = declared_jobs()

    def test_the_platform_declares_its_jobs(self):
        names = {job.name for job in self.real_jobs}

        self.assertLessEqual({"worker-heartbeat", "publish-scheduled"}, names)

    def test_creates_one_prefixed_schedule_per_declared_job(self):
        counts = schedules_sync()

        self.assertEqual(
            counts,
            {"created": len(self.real_jobs), "updated": 0, "deleted": 0, "unchanged": 0},
        )
        self.assertEqual(
            _rows(),
            {
                NAME_PREFIX + job.name: (job.func, job.schedule_type, job.minutes, None, -1)
                for job in self.real_jobs
            },
        )

    def test_declared_job_functions_exist(self):
        from django.utils.module_loading import import_string

        for job in self.real_jobs:
            with self.subTest(job=job.name):
                self.assertTrue(callable(import_string(job.func)))

    def test_second_run_changes_nothing(self):
        schedules_sync()
        before = {row.pk: row for row in Schedule.objects.all()}

        counts = schedules_sync()

        self.assertEqual(
            counts,
            {"created": 0, "updated": 0, "deleted": 0, "unchanged": len(self.real_jobs)},
        )
        self.assertEqual(set(Schedule.objects.values_list("pk", flat=True)), set(before))

    def test_changed_declaration_updates_the_row(self):
        with _jobs(HEARTBEAT, PUBLISH):
            schedules_sync()
        row_pk = Schedule.objects.get(name=NAME_PREFIX + "test-heartbeat").pk

        changed = Job(name="test-heartbeat", func="lms.core.tasks.worker_heartbeat", minutes=5)
        with _jobs(changed, PUBLISH):
            counts = schedules_sync()

        self.assertEqual(counts, {"created": 0, "updated": 1, "deleted": 0, "unchanged": 1})
        row = Schedule.objects.get(name=NAME_PREFIX + "test-heartbeat")
        self.assertEqual(row.pk, row_pk)
        self.assertEqual(row.minutes, 5)

    def test_changed_schedule_type_updates_the_row(self):
        with _jobs(HEARTBEAT):
            schedules_sync()

        hourly = Job(
            name="test-heartbeat", func="lms.core.tasks.worker_heartbeat",
            schedule_type=Schedule.HOURLY,
        )  # fmt: skip
        with _jobs(hourly):
            counts = schedules_sync()

        self.assertEqual(counts["updated"], 1)
        row = Schedule.objects.get(name=NAME_PREFIX + "test-heartbeat")
        self.assertEqual((row.schedule_type, row.minutes), (Schedule.HOURLY, None))

    def test_a_row_edited_by_hand_is_put_back(self):
        with _jobs(HEARTBEAT):
            schedules_sync()
        Schedule.objects.filter(name=NAME_PREFIX + "test-heartbeat").update(
            func="somewhere.else", repeats=3
        )

        with _jobs(HEARTBEAT):
            counts = schedules_sync()

        self.assertEqual(counts["updated"], 1)
        row = Schedule.objects.get(name=NAME_PREFIX + "test-heartbeat")
        self.assertEqual((row.func, row.repeats), (HEARTBEAT.func, -1))

    def test_removed_declaration_deletes_only_prefixed_rows(self):
        operators = Schedule.objects.create(
            name="operator-weekly-report", func="lms.core.tasks.worker_heartbeat",
            schedule_type=Schedule.DAILY,
        )  # fmt: skip
        with _jobs(HEARTBEAT, PUBLISH, HOURLY):
            schedules_sync()

        with _jobs(PUBLISH):
            counts = schedules_sync()

        self.assertEqual(counts, {"created": 0, "updated": 0, "deleted": 2, "unchanged": 1})
        self.assertEqual(
            set(Schedule.objects.values_list("name", flat=True)),
            {NAME_PREFIX + "test-publish", "operator-weekly-report"},
        )
        operators.refresh_from_db()
        self.assertEqual(operators.func, "lms.core.tasks.worker_heartbeat")

    def test_operator_schedule_with_a_job_name_but_no_prefix_is_left_alone(self):
        Schedule.objects.create(
            name="test-heartbeat", func="operators.own.function", schedule_type=Schedule.HOURLY
        )

        with _jobs(HEARTBEAT):
            counts = schedules_sync()

        self.assertEqual(counts["created"], 1)
        self.assertEqual(Schedule.objects.get(name="test-heartbeat").func, "operators.own.function")

    def test_register_replaces_a_job_of_the_same_name(self):
        with _jobs():
            scheduling.register(HEARTBEAT)
            scheduling.register(Job(name="test-heartbeat", func="x.y", minutes=2))

            self.assertEqual(declared_jobs(), [Job(name="test-heartbeat", func="x.y", minutes=2)])

    def test_patched_registry_is_restored(self):
        with _jobs(HEARTBEAT):
            pass

        self.assertEqual(declared_jobs(), self.real_jobs)

    def test_management_command_reports_the_counts(self):
        from io import StringIO

        out = StringIO()
        with _jobs(HEARTBEAT, PUBLISH):
            call_command("sync_schedules", stdout=out)

        self.assertIn("schedules: 2 created, 0 updated, 0 deleted, 0 unchanged", out.getvalue())


class SchedulesRetimingTests(TestCase):
    def test_changing_the_interval_runs_the_job_on_the_new_timing_soon(self):
        every_hour = Job(name="test-retime", func="lms.core.tasks.worker_heartbeat", minutes=60)
        every_five = Job(name="test-retime", func="lms.core.tasks.worker_heartbeat", minutes=5)
        with _jobs(every_hour):
            schedules_sync()
        row = Schedule.objects.get(name=NAME_PREFIX + "test-retime")
        row.next_run = timezone.now() + timezone.timedelta(minutes=59)
        row.save()

        with _jobs(every_five):
            schedules_sync()

        row.refresh_from_db()
        self.assertEqual(row.minutes, 5)
        self.assertLessEqual(row.next_run, timezone.now())


class AnchoredJobTests(TestCase):
    """Jobs at a fixed local time: the first run is the next such moment, a second sync keeps
    it, and a row moved off its time is put back."""

    WEEKLY = Job(
        name="test-weekly", func="lms.core.tasks.worker_heartbeat",
        schedule_type=Schedule.WEEKLY, weekday=2, at=datetime.time(9, 30),
    )  # fmt: skip

    def test_next_anchor(self):
        # Wednesday 25 November 2026, in the company's time zone.
        wednesday = timezone.make_aware(datetime.datetime(2026, 11, 25, 9, 0))

        self.assertEqual(
            self.WEEKLY.next_anchor(wednesday),
            timezone.make_aware(datetime.datetime(2026, 11, 25, 9, 30)),
        )
        self.assertEqual(
            self.WEEKLY.next_anchor(wednesday + datetime.timedelta(hours=1)),
            timezone.make_aware(datetime.datetime(2026, 12, 2, 9, 30)),
        )
        self.assertIsNone(HEARTBEAT.next_anchor(wednesday))

    def test_sync_sets_and_keeps_the_time(self):
        with _jobs(self.WEEKLY):
            schedules_sync()
            row = Schedule.objects.get(name=NAME_PREFIX + "test-weekly")
            local = timezone.localtime(row.next_run)
            self.assertEqual((local.weekday(), local.time()), (2, datetime.time(9, 30)))

            self.assertEqual(schedules_sync()["unchanged"], 1)

            Schedule.objects.filter(pk=row.pk).update(next_run=timezone.now())
            self.assertEqual(schedules_sync()["updated"], 1)
            row.refresh_from_db()
            self.assertEqual(timezone.localtime(row.next_run).time(), datetime.time(9, 30))
