"""Periodic jobs, declared in code and synced into django-q2's Schedule table.

Apps declare their jobs with ``register(...)`` at import time of their ``schedules`` module;
``schedules_sync()`` (run by ``manage.py sync_schedules``, by ``make run`` and on deploy) makes the
table match the declarations: it creates, updates and removes rows by name, so running it any
number of times leaves exactly one row per job.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from django_q.models import Schedule

# Rows whose name starts with this prefix belong to the code; other rows (made by an operator
# in the admin) are left alone.
NAME_PREFIX = "nastavnik:"


@dataclass(frozen=True)
class Job:
    """A periodic job. Interval jobs give ``minutes`` (or an hourly/daily type); a job at a
    fixed time gives ``at`` (local time, ``settings.TIME_ZONE``) and, for a weekly one,
    ``weekday`` (0 = Monday): its first run is the next such moment, and django-q2 keeps later
    runs on that local time across daylight-saving changes (``Schedule.calculate_next_run``).
    Cron expressions would need croniter, which the project does not install."""

    name: str
    func: str
    schedule_type: str = Schedule.MINUTES
    minutes: int | None = None
    weekday: int | None = None
    at: datetime.time | None = None

    def next_anchor(self, now: datetime.datetime) -> datetime.datetime | None:
        """The next moment after ``now`` at ``at`` (on ``weekday`` for a weekly job), in the
        company's time zone; None for a job without a fixed time."""
        if self.at is None:
            return None
        local = timezone.localtime(now)
        days = (self.weekday - local.weekday()) % 7 if self.weekday is not None else 0
        candidate = timezone.make_aware(
            datetime.datetime.combine(local.date() + datetime.timedelta(days=days), self.at)
        )
        if candidate <= now:
            step = 7 if self.weekday is not None else 1
            candidate = timezone.make_aware(
                datetime.datetime.combine(
                    local.date() + datetime.timedelta(days=days + step), self.at
                )
            )
        return candidate

    def is_anchored(self, next_run: datetime.datetime | None) -> bool:
        """Whether ``next_run`` falls on this job's fixed time (always, for interval jobs)."""
        if self.at is None:
            return True
        if next_run is None:
            return False
        local = timezone.localtime(next_run)
        on_day = self.weekday is None or local.weekday() == self.weekday
        return on_day and local.time().replace(microsecond=0) == self.at


_jobs: dict[str, Job] = {}


def register(job: Job) -> Job:
    """Declare ``job``; a second declaration with the same name replaces the first."""
    _jobs[job.name] = job
    return job


def declared_jobs() -> list[Job]:
    """Every job declared by the installed apps' ``schedules`` modules, sorted by name."""
    autodiscover_modules("schedules")
    return sorted(_jobs.values(), key=lambda job: job.name)


@transaction.atomic
def schedules_sync() -> dict[str, int]:
    """Make django-q2's schedules match the declared jobs; return counts of what changed."""
    jobs = declared_jobs()
    counts = {"created": 0, "updated": 0, "deleted": 0, "unchanged": 0}
    wanted = {NAME_PREFIX + job.name for job in jobs}
    deleted, _ = (
        Schedule.objects.filter(name__startswith=NAME_PREFIX).exclude(name__in=wanted).delete()
    )
    counts["deleted"] = deleted
    for job in jobs:
        fields = {
            "func": job.func,
            "schedule_type": job.schedule_type,
            "minutes": job.minutes,
            "cron": None,
            "repeats": -1,
        }
        now = timezone.now()
        row = Schedule.objects.filter(name=NAME_PREFIX + job.name).first()
        if row is None:
            anchor = job.next_anchor(now)
            if anchor is not None:
                fields["next_run"] = anchor
            Schedule.objects.create(name=NAME_PREFIX + job.name, **fields)
            counts["created"] += 1
        elif any(getattr(row, key) != value for key, value in fields.items()) or (
            not job.is_anchored(row.next_run)
        ):
            timing_changed = (row.schedule_type, row.minutes) != (job.schedule_type, job.minutes)
            for key, value in fields.items():
                setattr(row, key, value)
            if not job.is_anchored(row.next_run):
                # A job at a fixed time moved (or was edited by hand): its next fixed time.
                row.next_run = job.next_anchor(now)
            elif timing_changed and job.at is None:
                # Run soon on the new timing instead of waiting out the old interval.
                row.next_run = now
            row.save()
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
    return counts
