"""Benchmark: the daily refresher run (``courses.refreshers.refreshers_run``) at company scale.

Builds, with bulk inserts, ``--staff`` people (default 50,000) in 10 job roles and 20 teams (a
few have left or have a closed account), 20 live courses of three lessons, and 20 refresher
policies: 6 for everyone, 8 for one or two job roles, 6 for two to four teams, repeating every
90, 180 or 365 days with 14 or 30 days to complete. About 85 % of each policy's audience
completed its course at a moment spread over the last year (some twice), with every lesson of
it done; a few people have the course open already. Then it times one run (which assigns
tens of thousands of refreshers, clears those people's progress in the course and warns the
people whose certification is expiring soon) and a second run as of the same moment (which
must assign nothing).

The database is the one ``DATABASE_URL`` names. A PostgreSQL database is dropped and created
afresh, so its name must contain "bench" (``postgres://postgres@127.0.0.1:5432/bench_refreshers``);
without ``DATABASE_URL``, or with a SQLite one, a scratch SQLite file is used and removed.
Statistics are gathered (ANALYZE) before timing, as autovacuum would on a live database.

The last line is the first run's time: "refreshers: 50000 staff, 12.3 s".

Run: .venv/bin/python bench/refreshers.py [--staff 50000] [--seed 1]
"""

import argparse
import datetime
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SETTINGS = "bench.settings_bench"

JOB_ROLES = 10
TEAMS = 20
POLICIES = 20
LESSONS = 3
BATCH = 5000


def database_prepare(workdir: Path) -> tuple[str, str]:
    """The database URL to use (a fresh database) and a description of the engine."""
    given = os.environ.get("DATABASE_URL", "")
    if not given or given.startswith("sqlite"):
        import sqlite3

        return f"sqlite:///{workdir / 'bench.sqlite3'}", f"SQLite {sqlite3.sqlite_version}"
    if not given.startswith(("postgres://", "postgresql://")):
        raise SystemExit("DATABASE_URL must be SQLite or PostgreSQL for this benchmark.")
    import psycopg
    from psycopg import sql

    parts = urlsplit(given)
    name = parts.path.lstrip("/")
    if "bench" not in name:
        raise SystemExit(f"Refusing to recreate database {name!r}: its name must contain 'bench'.")
    server = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        version = conn.execute("SHOW server_version").fetchone()[0].split()[0]
    return given, f"PostgreSQL {version}"


def bulk(model, rows) -> list:
    return model.objects.bulk_create(rows, batch_size=BATCH)


def data_build(*, staff: int, rng: random.Random, now: datetime.datetime) -> dict:
    """Everything the run reads; returns counts for the report."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from courses.models import (
        Assignment,
        CourseIndexPage,
        CoursePage,
        LessonPage,
        LessonProgress,
        RefresherPolicy,
    )
    from lms.people.models import JobRole, StaffProfile, Team

    User = get_user_model()
    roles = bulk(JobRole, [JobRole(name=f"Роль {i}", slug=f"role-{i}") for i in range(JOB_ROLES)])
    teams = bulk(Team, [Team(name=f"Команда {i}") for i in range(TEAMS)])
    unusable = make_password(None)
    bulk(
        User,
        [
            User(username=f"bench{i:06d}", first_name=f"Имя{i}", last_name=f"Фамилия{i}",
                 password=unusable, is_active=rng.random() > 0.01)
            for i in range(staff)
        ],
    )  # fmt: skip
    users = list(User.objects.filter(username__startswith="bench").values_list("pk", flat=True))
    statuses = [StaffProfile.Status.SOLO] * 88 + [StaffProfile.Status.ONBOARDING] * 10
    statuses += [StaffProfile.Status.LEFT] * 2
    people = []
    for user_id in users:
        people.append(
            StaffProfile(
                user_id=user_id,
                team_id=rng.choice(teams).pk,
                job_role_id=rng.choice(roles).pk,
                hire_date=(now - datetime.timedelta(days=rng.randint(30, 2000))).date(),
                status=rng.choice(statuses),
            )
        )
    bulk(StaffProfile, people)

    index = CourseIndexPage.objects.get()
    courses, lessons_of = [], {}
    for number in range(POLICIES):
        course = CoursePage(title=f"Курс {number}", slug=f"bench-course-{number}")
        index.add_child(instance=course)
        lessons_of[course.pk] = []
        for lesson_number in range(LESSONS):
            lesson = LessonPage(title=f"Урок {lesson_number}", slug=f"lesson-{lesson_number}")
            course.add_child(instance=lesson)
            lessons_of[course.pk].append(lesson.pk)
        courses.append(course)

    assignments, progress = [], []
    counts = {"completions": 0, "open": 0}
    for number, course in enumerate(courses):
        kind = "everyone" if number < 6 else "roles" if number < 14 else "teams"
        policy = RefresherPolicy.objects.create(
            title=f"Политика {number}",
            course=course,
            audience="everyone" if kind == "everyone" else "selected",
            every_days=rng.choice([90, 180, 365]),
            due_days=rng.choice([14, 30]),
            expiring_soon_days=14,
        )
        chosen_roles = rng.sample(roles, rng.randint(1, 2)) if kind == "roles" else []
        chosen_teams = rng.sample(teams, rng.randint(2, 4)) if kind == "teams" else []
        policy.job_roles.set(chosen_roles)
        policy.teams.set(chosen_teams)
        role_ids = {r.pk for r in chosen_roles}
        team_ids = {t.pk for t in chosen_teams}
        for person in people:
            if kind == "roles" and person.job_role_id not in role_ids:
                continue
            if kind == "teams" and person.team_id not in team_ids:
                continue
            chance = rng.random()
            if chance < 0.85:
                done = now - datetime.timedelta(days=rng.uniform(0, 365))
                if chance < 0.15:  # an earlier completion too, a cycle before
                    earlier = done - datetime.timedelta(days=policy.every_days)
                    assignments.append(_completed(Assignment, person.user_id, course.pk, earlier))
                assignments.append(_completed(Assignment, person.user_id, course.pk, done))
                progress.extend(
                    LessonProgress(user_id=person.user_id, lesson_id=lesson_id, started_at=done,
                                   completed_at=done)
                    for lesson_id in lessons_of[course.pk]
                )  # fmt: skip
                counts["completions"] += 1
            elif chance < 0.88:
                assignments.append(
                    Assignment(user_id=person.user_id, course_id=course.pk, source="manual",
                               assigned_at=now - datetime.timedelta(days=3),
                               due_at=now + datetime.timedelta(days=11))
                )  # fmt: skip
                counts["open"] += 1
        if len(assignments) > 20 * BATCH:
            bulk(Assignment, assignments)
            bulk(LessonProgress, progress)
            assignments, progress = [], []
    bulk(Assignment, assignments)
    bulk(LessonProgress, progress)
    return counts


def _completed(Assignment, user_id, course_id, done):
    return Assignment(
        user_id=user_id,
        course_id=course_id,
        source="manual",
        status="completed",
        assigned_at=done - datetime.timedelta(days=5),
        due_at=done + datetime.timedelta(days=2),
        completed_at=done,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--staff", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="nastavnik-bench-"))
    try:
        url, engine = database_prepare(workdir)
        os.environ["DATABASE_URL"] = url
        os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection
        from django.utils import timezone

        from courses.models import Assignment, LessonProgress
        from courses.refreshers import refreshers_run
        from lms.notifications.models import Notification

        print(f"{engine}: migrate, then {args.staff} staff, {POLICIES} policies…", flush=True)
        call_command("migrate", verbosity=0, interactive=False)
        started = time.perf_counter()
        counts = data_build(staff=args.staff, rng=random.Random(args.seed), now=timezone.now())
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(
            f"built in {time.perf_counter() - started:.1f} s: {counts['completions']} people "
            f"certified under a policy, {counts['open']} with the course open; "
            f"{Assignment.objects.count()} assignments, "
            f"{LessonProgress.objects.count()} lesson progress rows",
            flush=True,
        )

        started = time.perf_counter()
        run = refreshers_run()
        first = time.perf_counter() - started
        started = time.perf_counter()
        again = refreshers_run(at=run.at)  # the same moment: it must find nothing to do
        second = time.perf_counter() - started
        warnings = Notification.objects.filter(kind="courses.certification_expiring").count()
        print(
            f"first run: {run.assigned} refreshers assigned, {run.expiring} certifications "
            f"expiring soon ({warnings} warnings stored)"
        )
        print(f"second run: {again.assigned} assigned, {second:.1f} s")
        print(f"refreshers: {args.staff} staff, {first:.1f} s")
    finally:
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
