"""Benchmark: the staff import (``lms.people.importing.staff_import``) of an HR file at scale.

Generates a CSV of ``--rows`` people (default 10,000), as Excel in Russian Windows saves it
(UTF-8 with BOM, semicolons, Russian headers): 10 heads of department, 2 % team managers
reporting to them and the rest of the staff reporting to a manager (by employee ID, or for
every third person by email), in 40 teams and 10 job roles each with an onboarding plan of
three courses; 5 % are mentors, 15 % newcomers onboarding with a mentor of the file, 2 % have
left. It then times, on an empty staff list:

1. the preview of the file (everything checked, nothing written);
2. the import itself (people, accounts, role groups, the onboarding plans of every new person,
   pairings, the history);
3. the import of the same file again, which must change nothing ("0 created, 0 changed").

The script checks the counts and exits with status 1 when one is wrong. The targets are 10 s
for the preview and 60 s for the import on SQLite on a two-core machine.

The database is the one ``DATABASE_URL`` names. A PostgreSQL database is dropped and created
afresh, so its name must contain "bench" (``postgres://postgres@127.0.0.1:5432/bench_staff``);
without ``DATABASE_URL``, or with a SQLite one, a scratch SQLite file is used and removed.

The last line is the import's time: "staff import: 10000 rows, 21.3 s".

Run: .venv/bin/python bench/staff_import.py [--rows 10000] [--seed 1]
"""

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.refreshers import SETTINGS, database_prepare

TEAMS = 40
JOB_ROLES = 10
HEADS = 10
PLAN_COURSES = 3
HEADER = [
    "Табельный номер", "Фамилия", "Имя", "Отчество", "Почта", "Команда", "Должность",
    "Руководитель", "Наставник", "Дата приёма", "Статус", "Дата увольнения", "Роли",
]  # fmt: skip


def file_build(*, rows: int, rng: random.Random) -> tuple[bytes, dict]:
    """The CSV file and what it should do."""
    managers = max(rows // 50, 1)
    mentors = rows // 20
    people, expected = [], {"left": 0, "paired": 0, "managers": managers + HEADS}
    mentor_ids = []
    for number in range(rows):
        employee_id = f"{100000 + number}"
        role = f"Должность {number % JOB_ROLES}"
        team = f"Команда {number % TEAMS}"
        hired = f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.{rng.randint(2015, 2025)}"
        status, left_on, manager, mentor, roles = "самостоятельно", "", "", "", ""
        if number < HEADS:
            roles = "руководитель"
        elif number < HEADS + managers:
            manager = f"{100000 + rng.randrange(HEADS)}"
            roles = "руководитель"
        else:
            boss = 100000 + HEADS + rng.randrange(managers)
            manager = f"{boss}" if number % 3 else f"p{boss}@example.ru"
            draw = rng.random()
            if draw < 0.02:
                status, left_on = "уволен", "2026-06-30"
                hired = "01.02.2015"
                expected["left"] += 1
            elif len(mentor_ids) < mentors and draw < 0.10:
                roles = "наставник"
                mentor_ids.append(employee_id)
            elif mentor_ids and draw < 0.25:
                status, mentor = "адаптация", rng.choice(mentor_ids)
                hired = "01.11.2026"
                expected["paired"] += 1
        people.append(
            [
                employee_id, f"Фамилия{number}", f"Имя{number}", "Отчество",
                f"p{employee_id}@example.ru", team, role, manager, mentor, hired, status,
                left_on, roles,
            ]
        )  # fmt: skip
    lines = [";".join(HEADER), *(";".join(row) for row in people)]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig"), expected


def plans_build() -> None:
    """Ten job roles, each with an onboarding plan of three courses (one lesson each)."""
    from courses.models import (
        CourseIndexPage,
        CoursePage,
        LessonPage,
        OnboardingPlan,
        OnboardingPlanItem,
    )
    from lms.people.models import JobRole

    index = CourseIndexPage.objects.get()
    courses = []
    for number in range(PLAN_COURSES * 2):
        course = CoursePage(title=f"Курс {number}", slug=f"bench-course-{number}")
        index.add_child(instance=course)
        course.add_child(instance=LessonPage(title="Урок", slug="lesson"))
        courses.append(course)
    for number in range(JOB_ROLES):
        role = JobRole.objects.create(name=f"Должность {number}", slug=f"role-{number}")
        plan = OnboardingPlan.objects.create(job_role=role)
        for place in range(PLAN_COURSES):
            course = courses[(number + place) % len(courses)]
            OnboardingPlanItem.objects.create(
                plan=plan, course=course, due_days=7 * (place + 1), sort_order=place
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="nastavnik-bench-"))
    try:
        url, engine = database_prepare(workdir)
        os.environ["DATABASE_URL"] = url
        os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
        import django

        django.setup()
        from django.contrib.auth import get_user_model
        from django.core.management import call_command

        from courses.models import Assignment
        from lms.people.importing import staff_import
        from lms.people.models import StaffImportChange, StaffProfile
        from mentoring.models import Pairing

        print(f"{engine}: migrate, then a file of {args.rows} rows…", flush=True)
        call_command("migrate", verbosity=0, interactive=False)
        plans_build()
        content, expected = file_build(rows=args.rows, rng=random.Random(args.seed))
        print(f"file: {len(content) / 1024 / 1024:.1f} MB", flush=True)

        def timed(**options):
            started = time.perf_counter()
            result = staff_import(content=content, filename="staff.csv", **options)
            return result, time.perf_counter() - started

        preview, preview_time = timed(dry_run=True)
        print(f"preview: {preview.summary()}, {len(preview.errors)} errors, {preview_time:.1f} s")
        first, first_time = timed()
        print(f"import: {first.summary()}, {first_time:.1f} s")
        second, second_time = timed()
        print(f"second import of the same file: {second.summary()}, {second_time:.1f} s")
        again, again_time = timed(dry_run=True)
        print(f"preview of the same file again: {again_time:.1f} s")

        User = get_user_model()
        found = {
            "people": StaffProfile.objects.count(),
            "left": StaffProfile.objects.filter(status="left", user__is_active=False).count(),
            "paired": Pairing.objects.filter(status="active").count(),
            "managers": User.objects.filter(groups__name="Managers").count(),
            "plan assignments": Assignment.objects.filter(source="onboarding").count(),
            "history rows": StaffImportChange.objects.count(),
        }
        print(", ".join(f"{name}: {count}" for name, count in found.items()))
        wrong = [
            preview.errors != [] or preview.created != args.rows,
            first.created != args.rows or not first.applied,
            (second.created, second.changed, second.deactivated) != (0, 0, 0),
            found["people"] != args.rows,
            found["left"] != expected["left"],
            found["paired"] != expected["paired"],
            found["managers"] != expected["managers"],
            found["plan assignments"] != (args.rows - expected["left"]) * PLAN_COURSES,
        ]
        if any(wrong):
            print(f"UNEXPECTED RESULT ({expected})", file=sys.stderr)
            sys.exit(1)
        print(f"staff preview: {args.rows} rows, {preview_time:.1f} s")
        print(f"staff import: {args.rows} rows, {first_time:.1f} s")
    finally:
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
