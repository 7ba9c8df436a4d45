"""The weekly digest's schedule: after ``sync_schedules`` it runs on Mondays at 08:00 in the
company's time zone (``settings.TIME_ZONE``), and its retry sweep runs every 15 minutes."""

import datetime
import zoneinfo
from io import StringIO

from django.core.management import call_command
from django.test import TestCase, override_settings
from django.utils import timezone
from django.utils.module_loading import import_string

from django_q.models import Schedule

from lms.core.scheduling import NAME_PREFIX

WEEKLY = NAME_PREFIX + "weekly-digests"
RETRY = NAME_PREFIX + "weekly-digests-retry"


class WeeklyDigestScheduleTests(TestCase):
    def sync(self):
        call_command("sync_schedules", stdout=StringIO())

    def assert_monday_eight(self, row, zone_name):
        local = row.next_run.astimezone(zoneinfo.ZoneInfo(zone_name))
        self.assertEqual((local.weekday(), local.hour, local.minute), (0, 8, 0))
        self.assertGreater(row.next_run, timezone.now())
        self.assertLessEqual(row.next_run - timezone.now(), datetime.timedelta(days=7))

    def test_the_schedule_exists_after_sync_on_monday_morning_company_time(self):
        self.sync()

        row = Schedule.objects.get(name=WEEKLY)
        self.assertEqual(
            (row.func, row.schedule_type, row.repeats),
            ("reports.tasks.weekly_digests_send", Schedule.WEEKLY, -1),
        )
        self.assertTrue(callable(import_string(row.func)))
        self.assert_monday_eight(row, "Europe/Moscow")

    @override_settings(TIME_ZONE="Asia/Vladivostok")
    def test_it_follows_the_company_time_zone(self):
        self.sync()

        row = Schedule.objects.get(name=WEEKLY)
        self.assert_monday_eight(row, "Asia/Vladivostok")
        moscow = row.next_run.astimezone(zoneinfo.ZoneInfo("Europe/Moscow"))
        self.assertNotEqual((moscow.weekday(), moscow.hour), (0, 8))

    def test_a_second_sync_keeps_the_time(self):
        self.sync()
        first = Schedule.objects.get(name=WEEKLY).next_run

        self.sync()

        self.assertEqual(Schedule.objects.get(name=WEEKLY).next_run, first)

    def test_the_next_run_after_a_run_is_the_next_monday_at_eight(self):
        # What django-q2 does after running it: next_run plus one week, kept on local time
        # across a daylight-saving change.
        self.sync()
        row = Schedule.objects.get(name=WEEKLY)

        following = row.calculate_next_run(row.next_run)

        self.assertEqual(following - row.next_run, datetime.timedelta(weeks=1))
        local = following.astimezone(zoneinfo.ZoneInfo("Europe/Moscow"))
        self.assertEqual((local.weekday(), local.hour, local.minute), (0, 8, 0))

    def test_a_row_moved_by_hand_is_put_back_on_monday_morning(self):
        self.sync()
        Schedule.objects.filter(name=WEEKLY).update(
            next_run=timezone.now() + datetime.timedelta(hours=3, minutes=17)
        )

        self.sync()

        self.assert_monday_eight(Schedule.objects.get(name=WEEKLY), "Europe/Moscow")

    def test_the_retry_sweep(self):
        self.sync()

        row = Schedule.objects.get(name=RETRY)
        self.assertEqual(
            (row.func, row.schedule_type, row.minutes),
            ("reports.tasks.weekly_digests_retry", Schedule.MINUTES, 15),
        )
