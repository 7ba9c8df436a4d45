"""Benchmark: the progress export (``reports.selectors.exports.ProgressReport``) of 100,000 rows
as CSV and as XLSX.

Builds, with bulk inserts, ``--people`` people (default 10,000) in 20 teams and 5 job roles, each
with a line manager, and ten live courses, each of one lesson gated by its own quiz; every person
has one assignment of each course (``--people`` × 10 rows: 60 % completed, the rest open, some of
them overdue) and a fifth of them two submitted attempts at a course's quiz (the "best score"
column reads them). Then, for an administrator (everyone in scope), it times:

1. the COUNT that decides between streaming and a worker;
2. the CSV and the XLSX file written to a temporary file, as the endpoint and the worker write
   them (rows read with ``.iterator()``), with the file's size;

and, in a second pass under ``tracemalloc`` (which slows Python down several times, so those
runs are not timed), the peak of memory the writing takes, beside the memory the same rows
take as a Python list: what a non-streaming export would hold at least.

The database is the one ``DATABASE_URL`` names. A PostgreSQL database is dropped and created
afresh, so its name must contain "bench" (``postgres://postgres@127.0.0.1:5432/bench_exports``);
without ``DATABASE_URL``, or with a SQLite one, a scratch SQLite file is used and removed.

Run: .venv/bin/python bench/exports.py [--people 10000] [--seed 1] [--no-memory]
"""

import argparse
import datetime
import os
import random
import shutil
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.refreshers import SETTINGS, bulk, database_prepare

TEAMS = 20
JOB_ROLES = 5
COURSES = 10


def data_build(*, people: int, rng: random.Random, now: datetime.datetime) -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from courses.models import Assignment, CourseIndexPage, CoursePage, LessonPage
    from lms.people.models import JobRole, StaffProfile, Team
    from quizzes.models import Attempt, LessonGate, Quiz

    User = get_user_model()
    roles = bulk(
        JobRole, [JobRole(name=f"Должность {i}", slug=f"role-{i}") for i in range(JOB_ROLES)]
    )
    teams = bulk(Team, [Team(name=f"Команда {i}") for i in range(TEAMS)])
    unusable = make_password(None)
    bulk(
        User,
        [
            User(username=f"bench{i:06d}", first_name=f"Имя{i}", last_name=f"Фамилия{i}",
                 password=unusable)
            for i in range(people)
        ],
    )  # fmt: skip
    users = list(User.objects.filter(username__startswith="bench").values_list("pk", flat=True))
    managers = users[: max(people // 50, 1)]
    bulk(
        StaffProfile,
        [
            StaffProfile(
                user_id=user_id,
                employee_id=f"{100000 + number}",
                middle_name="Отчество",
                team_id=teams[number % TEAMS].pk,
                job_role_id=roles[number % JOB_ROLES].pk,
                line_manager_id=rng.choice(managers),
                hire_date=(now - datetime.timedelta(days=rng.randint(30, 900))).date(),
            )
            for number, user_id in enumerate(users)
        ],
    )
    index = CourseIndexPage.objects.get()
    courses = []
    for number in range(COURSES):
        quiz = Quiz.objects.create(title=f"Проверка {number}", live=True)
        course = CoursePage(title=f"Курс {number}", slug=f"bench-course-{number}")
        index.add_child(instance=course)
        course.add_child(
            instance=LessonPage(title="Урок", slug="lesson", quiz_gates=[LessonGate(quiz=quiz)])
        )
        courses.append((course, quiz))
    assignments, attempts = [], []
    for user_id in users:
        for course, _quiz in courses:
            assigned = now - datetime.timedelta(days=rng.randint(20, 300))
            done = rng.random() < 0.6
            assignments.append(
                Assignment(
                    user_id=user_id,
                    course_id=course.pk,
                    source=Assignment.Source.ONBOARDING,
                    assigned_at=assigned,
                    due_at=assigned + datetime.timedelta(days=rng.choice([7, 14, 400])),
                    status=Assignment.Status.COMPLETED if done else Assignment.Status.ASSIGNED,
                    completed_at=assigned + datetime.timedelta(days=5) if done else None,
                )
            )
        if rng.random() < 0.2:
            _course, quiz = rng.choice(courses)
            for number, percent in ((1, 55), (2, rng.choice([80, 90, 100]))):
                attempts.append(
                    Attempt(
                        user_id=user_id,
                        quiz_id=quiz.pk,
                        number=number,
                        status=Attempt.Status.SUBMITTED,
                        started_at=now - datetime.timedelta(days=10, minutes=number),
                        submitted_at=now - datetime.timedelta(days=10),
                        score=percent / 10,
                        max_score=10,
                        percent=percent,
                        passed=percent >= 80,
                    )
                )
    bulk(Assignment, assignments)
    bulk(Attempt, attempts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-memory", action="store_true", help="skip the tracemalloc pass")
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
        from django.db import connection
        from django.utils import timezone, translation

        from reports.selectors.exports import EXPORT_REPORTS
        from reports.selectors.filters import ReportFilters
        from reports.services.exports import export_file_write

        print(f"{engine}: migrate, then {args.people} people × {COURSES} courses…", flush=True)
        call_command("migrate", verbosity=0, interactive=False)
        started = time.perf_counter()
        data_build(people=args.people, rng=random.Random(args.seed), now=timezone.now())
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"data: {time.perf_counter() - started:.1f} s", flush=True)
        admin = get_user_model().objects.create_superuser("bench-admin", password=None)
        report, filters = EXPORT_REPORTS["progress"], ReportFilters()
        translation.activate("ru")

        started = time.perf_counter()
        rows = report.count(user=admin, filters=filters)
        print(f"count: {rows} rows, {(time.perf_counter() - started) * 1000:.0f} ms")

        def write(file_format: str) -> int:
            with tempfile.TemporaryFile() as out:
                export_file_write(
                    report=report,
                    rows=report.rows(user=admin, filters=filters),
                    file_format=file_format,
                    out=out,
                    title="Прогресс",
                )
                return out.tell()

        timings = {}
        for file_format in ("csv", "xlsx"):
            started = time.perf_counter()
            size = write(file_format)
            timings[file_format] = time.perf_counter() - started
            print(
                f"{file_format}: {rows} rows, {size / 1024 / 1024:.1f} MB, "
                f"{timings[file_format]:.1f} s",
                flush=True,
            )
        if not args.no_memory:

            def peak(work) -> float:
                tracemalloc.start()
                try:
                    work()
                    return tracemalloc.get_traced_memory()[1] / 1024 / 1024
                finally:
                    tracemalloc.stop()

            as_list = peak(lambda: list(report.rows(user=admin, filters=filters)))
            print(f"the rows as a list: {as_list:.1f} MB peak", flush=True)
            for file_format in ("csv", "xlsx"):
                print(
                    f"{file_format}: {peak(lambda f=file_format: write(f)):.1f} MB peak", flush=True
                )
        print(
            f"progress export: {rows} rows, CSV {timings['csv']:.1f} s, "
            f"XLSX {timings['xlsx']:.1f} s"
        )
    finally:
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
