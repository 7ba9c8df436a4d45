"""Benchmark: the daily refresher run (``courses.services.refreshers_run``) at company scale.

Builds, with bulk inserts, ``--staff`` people (default 50,000) in 10 job roles and 20 teams (a
few have left or have a closed account), and 20 refresher policies: 16 for live courses of
three lessons and 4 for live quizzes; 6 for everyone, 8 for one or two job roles, 6 for two to
four teams, repeating every 90, 180 or 365 days with 14 or 30 days to complete and expiring
soon from 30 days before (so some people are warned, not yet assigned). About 85 % of
each policy's audience completed its course (every lesson of it done) or passed its quiz at a
moment spread over the last year (some twice); a few people have it open already, and for a
quiz a few more only failed it. Then it times one run (which assigns tens of thousands of
refreshers, clears those people's progress in the course and warns the people whose
certification is expiring soon) and a second run as of the same moment (which must assign
nothing).

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
# These policies are for a quiz, the others for a course: one for everyone, one for job roles,
# two for teams.
QUIZ_POLICIES = {4, 9, 14, 19}
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
    from quizzes.models import Attempt, Quiz

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
    # Each policy's target: a course with its lessons, or a quiz.
    targets, lessons_of = [], {}
    for number in range(POLICIES):
        if number in QUIZ_POLICIES:
            targets.append(Quiz.objects.create(title=f"Проверка {number}", live=True))
            continue
        course = CoursePage(title=f"Курс {number}", slug=f"bench-course-{number}")
        index.add_child(instance=course)
        lessons_of[course.pk] = []
        for lesson_number in range(LESSONS):
            lesson = LessonPage(title=f"Урок {lesson_number}", slug=f"lesson-{lesson_number}")
            course.add_child(instance=lesson)
            lessons_of[course.pk].append(lesson.pk)
        targets.append(course)

    assignments, progress, attempts = [], [], []
    counts = {"completions": 0, "open": 0, "passes": 0}
    for number, target in enumerate(targets):
        is_quiz = isinstance(target, Quiz)
        field = "quiz_id" if is_quiz else "course_id"
        kind = "everyone" if number < 6 else "roles" if number < 14 else "teams"
        policy = RefresherPolicy.objects.create(
            title=f"Политика {number}",
            quiz_id=target.pk if is_quiz else None,
            course=None if is_quiz else target,
            audience="everyone" if kind == "everyone" else "selected",
            every_days=rng.choice([90, 180, 365]),
            due_days=rng.choice([14, 30]),
            expiring_soon_days=30,
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
                moments = [done]
                if chance < 0.15:  # an earlier completion too, a cycle before
                    moments.insert(0, done - datetime.timedelta(days=policy.every_days))
                for attempt_number, moment in enumerate(moments, start=1):
                    if is_quiz:
                        attempts.append(
                            _attempt(Attempt, person.user_id, target.pk, attempt_number, moment)
                        )
                    else:
                        assignments.append(
                            _completed(Assignment, person.user_id, target.pk, moment)
                        )
                if not is_quiz:
                    progress.extend(
                        LessonProgress(user_id=person.user_id, lesson_id=lesson_id,
                                       started_at=done, completed_at=done)
                        for lesson_id in lessons_of[target.pk]
                    )  # fmt: skip
                counts["completions"] += 1
                counts["passes"] += is_quiz
            elif chance < 0.88:
                assignments.append(
                    Assignment(user_id=person.user_id, source="manual", **{field: target.pk},
                               assigned_at=now - datetime.timedelta(days=3),
                               due_at=now + datetime.timedelta(days=11))
                )  # fmt: skip
                counts["open"] += 1
            elif is_quiz and chance < 0.93:  # tried the quiz and failed: not certified
                failed = now - datetime.timedelta(days=rng.uniform(0, 365))
                attempts.append(
                    _attempt(Attempt, person.user_id, target.pk, 1, failed, passed=False)
                )
        if len(assignments) + len(attempts) > 20 * BATCH:
            bulk(Assignment, assignments)
            bulk(LessonProgress, progress)
            bulk(Attempt, attempts)
            assignments, progress, attempts = [], [], []
    bulk(Assignment, assignments)
    bulk(LessonProgress, progress)
    bulk(Attempt, attempts)
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


def _attempt(Attempt, user_id, quiz_id, number, submitted_at, *, passed=True):
    return Attempt(
        user_id=user_id,
        quiz_id=quiz_id,
        number=number,
        status="submitted",
        started_at=submitted_at - datetime.timedelta(minutes=12),
        submitted_at=submitted_at,
        max_score=10,
        score=10 if passed else 4,
        percent=100 if passed else 40,
        passed=passed,
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
        from courses.services import refreshers_run
        from lms.notifications.models import Notification
        from quizzes.models import Attempt

        print(f"{engine}: migrate, then {args.staff} staff, {POLICIES} policies…", flush=True)
        call_command("migrate", verbosity=0, interactive=False)
        started = time.perf_counter()
        counts = data_build(staff=args.staff, rng=random.Random(args.seed), now=timezone.now())
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(
            f"built in {time.perf_counter() - started:.1f} s: {counts['completions']} people "
            f"certified under a policy ({counts['passes']} by a quiz), {counts['open']} with "
            f"the course or quiz open; {Assignment.objects.count()} assignments, "
            f"{Attempt.objects.count()} quiz attempts, "
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
        quiz_refreshers = Assignment.objects.filter(source="refresher", quiz_id__isnull=False)
        print(
            f"first run: {run.assigned} refreshers assigned ({quiz_refreshers.count()} of a "
            f"quiz), {run.expiring} certifications expiring soon ({warnings} warnings stored)"
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
