"""Periodic jobs, declared in code and synced into django-q2's Schedule table.

Apps declare their jobs with ``register(...)`` at import time of their ``schedules`` module;
``schedules_sync()`` (run by ``manage.py sync_schedules``, by ``make run`` and on deploy) makes the
table match the declarations: it creates, updates and removes rows by name, so running it any
number of times leaves exactly one row per job.
"""

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
    name: str
    func: str
    # Interval schedules only: cron expressions would need croniter, which nothing needs yet.
    schedule_type: str = Schedule.MINUTES
    minutes: int | None = None


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
        row = Schedule.objects.filter(name=NAME_PREFIX + job.name).first()
        if row is None:
            Schedule.objects.create(name=NAME_PREFIX + job.name, **fields)
            counts["created"] += 1
        elif any(getattr(row, key) != value for key, value in fields.items()):
            timing_changed = (row.schedule_type, row.minutes) != (job.schedule_type, job.minutes)
            for key, value in fields.items():
                setattr(row, key, value)
            if timing_changed:
                # Run soon on the new timing instead of waiting out the old interval.
                row.next_run = timezone.now()
            row.save()
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
    return counts
