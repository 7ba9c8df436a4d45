"""Benchmark: the team dashboard (``/team/``) of a 5,000-person company.

Builds, with bulk inserts, ``--staff`` people (default 5,000) in 40 teams of 10 job roles, each
team with a manager; 2 % have left. Everyone has an onboarding plan of three courses (done,
open or overdue), 15 % are newcomers onboarding with one of 250 mentors (with sessions of the
last eight weeks and skill ratings), 40 % of the rest reached solo work through a confirmed
clearance; there are 12 quizzes of 10 questions in 8 categories with one to three submitted
attempts each per person, review cards (FSRS states) for every question answered, daily-review
logs for half the people, 4 refresher policies and 5 content changes with their assignments.

It then renders the dashboard with Django's test client ``--runs`` times (default 30) for an HR
user (everyone) and for one team's manager, after one warm-up request each, and prints the p50
and p95 of the response time and the number of SQL queries of one request. The target is a
p95 of at most 500 ms on SQLite.

Three pages are timed side by side, one request of each in turn, so that a machine busy with
other work slows them alike: ``/team/`` as people get it (its slowest figures kept for a few
minutes, see ``reports.selectors.dashboard``), ``/team/?refresh=1`` (those figures computed
again on every request: the page's cost without the kept figures) and the person's
notifications inbox, a light page with the same navigation, as the yardstick. Each line gives
the p95 as a multiple of the inbox's, which says more than milliseconds on a loaded machine, and
the p95 of the processor time the requests took (this process's, which the client, the view and
SQLite share), which leaves out the waits for a processor busy with other programs.

The database is the one ``DATABASE_URL`` names. A PostgreSQL database is dropped and created
afresh, so its name must contain "bench" (``postgres://postgres@127.0.0.1:5432/bench_dashboard``);
without ``DATABASE_URL``, or with a SQLite one, a scratch SQLite file is used and removed.

The last line is the HR dashboard's p95: "dashboard: 5000 staff, HR p95 123 ms (…)".

Run: .venv/bin/python bench/dashboard.py [--staff 5000] [--runs 30] [--seed 1]
"""

import argparse
import datetime
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.refreshers import SETTINGS, database_prepare

TEAMS = 40
JOB_ROLES = 10
MENTORS = 250
COURSES = 3
QUIZZES = 12
QUESTIONS_PER_QUIZ = 10
CATEGORIES = 8
SKILLS_PER_ROLE = 4
BATCH = 5000


def bulk(model, rows) -> list:
    return model.objects.bulk_create(rows, batch_size=BATCH)


def data_build(*, staff: int, rng: random.Random, now: datetime.datetime) -> dict:
    """The company; returns the HR user, one manager and counts for the report."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType

    from courses.models import (
        Assignment,
        ContentChange,
        CourseIndexPage,
        CoursePage,
        RefresherPolicy,
    )
    from lms.people import roles
    from lms.people.models import JobRole, StaffProfile, Team
    from mentoring.models import (
        MentorProfile,
        Pairing,
        PracticeSkill,
        SkillRating,
        SoloClearance,
        SupervisedSession,
    )
    from quizzes.models import (
        Attempt,
        AttemptQuestion,
        Question,
        QuestionCategory,
        Quiz,
        QuizQuestion,
        ReviewCard,
        ReviewLog,
    )

    User = get_user_model()
    day = datetime.timedelta(days=1)
    job_roles = bulk(
        JobRole, [JobRole(name=f"Роль {i}", slug=f"role-{i}") for i in range(JOB_ROLES)]
    )
    teams = bulk(Team, [Team(name=f"Команда {i}") for i in range(TEAMS)])
    bulk(
        User,
        [User(username=f"bench{i:06d}", first_name=f"Имя{i}", last_name=f"Фамилия{i}", password="!")  # noqa: S106
         for i in range(staff + TEAMS + 1)],
    )  # fmt: skip
    users = list(User.objects.filter(username__startswith="bench").order_by("pk"))
    hr, managers, people = users[0], users[1 : TEAMS + 1], users[TEAMS + 1 :]
    Group.objects.get_or_create(name=roles.HR)[0].user_set.add(hr)
    Team.managers.through.objects.bulk_create(
        Team.managers.through(team_id=team.pk, user_id=manager.pk)
        for team, manager in zip(teams, managers, strict=True)
    )
    mentors = people[:MENTORS]
    newcomers = {u.pk for u in rng.sample(people[MENTORS:], len(people) * 15 // 100)}
    profiles = []
    for user in people:
        is_new = user.pk in newcomers
        status = StaffProfile.Status.ONBOARDING if is_new else StaffProfile.Status.SOLO
        if rng.random() < 0.02:
            status = StaffProfile.Status.LEFT
        hired = now - day * (rng.randint(5, 80) if is_new else rng.randint(90, 1500))
        profiles.append(
            StaffProfile(
                user=user,
                team=rng.choice(teams),
                job_role=rng.choice(job_roles),
                hire_date=hired.date(),
                status=status,
            )
        )
    bulk(StaffProfile, profiles)
    role_of = {p.user_id: p.job_role_id for p in profiles}

    index = CourseIndexPage.objects.get()
    courses = []
    for number in range(COURSES + 1):
        course = CoursePage(title=f"Курс {number}", slug=f"bench-course-{number}")
        index.add_child(instance=course)
        courses.append(course)
    plan_courses, refresher_course = courses[:COURSES], courses[COURSES]
    assignments = []
    for user in people:
        for course in plan_courses:
            roll = rng.random()
            due = now + day * rng.randint(-30, 30)
            done = roll < (0.4 if user.pk in newcomers else 0.95)
            assignments.append(
                Assignment(
                    user=user,
                    course=course,
                    source=Assignment.Source.ONBOARDING,
                    status=Assignment.Status.COMPLETED if done else Assignment.Status.ASSIGNED,
                    due_at=due,
                    completed_at=due - day if done else None,
                )
            )
    policies = [
        RefresherPolicy.objects.create(
            title=f"Переаттестация {i}", course=refresher_course, every_days=365, due_days=30
        )
        for i in range(4)
    ]
    for user in rng.sample(people, len(people) // 3):
        done = rng.random() < 0.7
        assignments.append(
            Assignment(
                user=user,
                course=refresher_course,
                source=Assignment.Source.REFRESHER,
                status=Assignment.Status.COMPLETED if done else Assignment.Status.ASSIGNED,
                due_at=now + day * rng.randint(-20, 20),
                assigned_at=now - 40 * day,
            )
        )
    policy_type = ContentType.objects.get_for_model(RefresherPolicy)
    for number in range(5):
        change = ContentChange.objects.create(
            content_type=policy_type,
            object_id=str(policies[0].pk),
            title=f"Изменение {number}",
            change_note="…",
            published_at=now - day * (10 * number + 1),
        )
        for user in rng.sample(people, len(people) // 5):
            done = rng.random() < 0.6
            assignments.append(
                Assignment(
                    user=user,
                    content_change=change,
                    source=Assignment.Source.CONTENT_CHANGE,
                    status=Assignment.Status.COMPLETED if done else Assignment.Status.ASSIGNED,
                    due_at=now + day * rng.randint(-10, 10),
                )
            )
    bulk(Assignment, assignments)

    categories = bulk(
        QuestionCategory, [QuestionCategory(name=f"Тема {i}") for i in range(CATEGORIES)]
    )
    questions = bulk(
        Question,
        [
            Question(
                type=Question.Type.TRUE_FALSE,
                title=f"Вопрос {i}",
                text=f"Верно ли утверждение {i}?",
                correct_bool=True,
                category=categories[i % CATEGORIES],
            )
            for i in range(QUIZZES * QUESTIONS_PER_QUIZ)
        ],
    )
    quizzes = bulk(Quiz, [Quiz(title=f"Проверка {i}", live=True) for i in range(QUIZZES)])
    bulk(
        QuizQuestion,
        [
            QuizQuestion(quiz=quiz, question=questions[q * QUESTIONS_PER_QUIZ + n], sort_order=n)
            for q, quiz in enumerate(quizzes)
            for n in range(QUESTIONS_PER_QUIZ)
        ],
    )
    difficulty = {q.pk: rng.uniform(0.5, 0.97) for q in questions}
    attempts, answers_of = [], []
    for user in people:
        for _q, quiz in enumerate(rng.sample(range(QUIZZES), 3)):
            for number in range(1, rng.randint(1, 3) + 1):
                asked = questions[quiz * QUESTIONS_PER_QUIZ : (quiz + 1) * QUESTIONS_PER_QUIZ]
                right = [rng.random() < difficulty[x.pk] for x in asked]
                percent = 100 * sum(right) / len(right)
                moment = now - day * rng.randint(1, 300)
                attempts.append(
                    Attempt(
                        user=user,
                        quiz=quizzes[quiz],
                        number=number,
                        status=Attempt.Status.SUBMITTED,
                        started_at=moment,
                        submitted_at=moment,
                        max_score=len(right),
                        score=sum(right),
                        percent=percent,
                        passed=percent >= 80,
                    )
                )
                answers_of.append(list(zip(asked, right, strict=True)))
    attempts = bulk(Attempt, attempts)
    bulk(
        AttemptQuestion,
        [
            AttemptQuestion(
                attempt=attempt,
                question=question,
                position=n,
                snapshot={"points": 1},
                score=int(right),
                correct=right,
            )
            for attempt, answers in zip(attempts, answers_of, strict=True)
            for n, (question, right) in enumerate(answers)
        ],
    )
    cards = {}
    for attempt, answers in zip(attempts, answers_of, strict=True):
        for question, _right in answers:
            cards[attempt.user_id, question.pk] = ReviewCard(
                user_id=attempt.user_id,
                question=question,
                state=ReviewCard.State.REVIEW,
                stability=rng.uniform(0.5, 60),
                difficulty=rng.uniform(2, 8),
                due=now + day * rng.randint(-10, 30),
                last_review=now - day * rng.randint(0, 60),
                reps=1,
            )
    cards = bulk(ReviewCard, list(cards.values()))
    reviewers = {u.pk for u in rng.sample(people, len(people) // 2)}
    bulk(
        ReviewLog,
        [
            ReviewLog(
                card=card,
                user_id=card.user_id,
                source=ReviewLog.Source.REVIEW,
                rating=3,
                correct=True,
                reviewed_at=now - day * rng.randint(0, 13),
            )
            for card in cards
            if card.user_id in reviewers and rng.random() < 0.1
        ],
    )

    bulk(MentorProfile, [MentorProfile(user=m, capacity=rng.randint(1, 4)) for m in mentors])
    skills = bulk(
        PracticeSkill,
        [
            PracticeSkill(job_role=role, title=f"Навык {n}", sessions_required=2)
            for role in job_roles
            for n in range(SKILLS_PER_ROLE)
        ],
    )
    skills_of = {}
    for skill in skills:
        skills_of.setdefault(skill.job_role_id, []).append(skill)
    pairings = bulk(
        Pairing,
        [
            Pairing(mentee_id=pk, mentor=rng.choice(mentors), started_at=now - 60 * day)
            for pk in sorted(newcomers)
        ],
    )
    sessions = bulk(
        SupervisedSession,
        [
            SupervisedSession(
                pairing=pairing,
                mentee_id=pairing.mentee_id,
                mentor_id=pairing.mentor_id,
                occurred_at=now - day * rng.randint(0, 55),
                channel=SupervisedSession.Channel.PHONE,
                situation="Клиент спрашивает про тариф",
            )
            for pairing in pairings
            for _ in range(rng.randint(1, 6))
        ],
    )
    bulk(
        SkillRating,
        [
            SkillRating(
                session=session,
                skill=rng.choice(skills_of[role_of[session.mentee_id]]),
                rating=SkillRating.Rating.INDEPENDENT,
            )
            for session in sessions
        ],
    )
    solo = [p for p in profiles if p.status == StaffProfile.Status.SOLO and rng.random() < 0.4]
    bulk(
        SoloClearance,
        [
            SoloClearance(
                mentee_id=p.user_id,
                requested_by=rng.choice(mentors),
                status=SoloClearance.Status.CONFIRMED,
                requested_at=now - day * 30,
                decided_at=now - day * rng.randint(1, 700),
                days_to_solo=rng.randint(20, 90),
            )
            for p in solo
        ],
    )
    return {
        "hr": hr,
        "manager": managers[0],
        "attempts": len(attempts),
        "cards": len(cards),
        "assignments": len(assignments),
        "sessions": len(sessions),
    }


def queries_of(client, url: str) -> int:
    """The SQL queries of one request of ``url``."""
    from django.db import connection

    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(queries)


def timed(
    client, urls: dict[str, str], runs: int
) -> tuple[dict[str, list[float]], dict[str, list[float]], dict[str, int]]:
    """Response times (ms) of ``runs`` requests of each of ``urls``, one of each in turn, after
    one warm-up request each; the processor time (ms) of each of those requests (the client, the
    view and SQLite run in this process, so it leaves out time spent waiting for a processor
    taken by other programs); and the queries of one request of each."""
    for url in urls.values():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    queries = {name: queries_of(client, url) for name, url in urls.items()}
    times: dict[str, list[float]] = {name: [] for name in urls}
    cpu: dict[str, list[float]] = {name: [] for name in urls}
    for _ in range(runs):
        for name, url in urls.items():
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            times[name].append((time.perf_counter() - started) * 1000)
            cpu[name].append((time.process_time() - started_cpu) * 1000)
            assert response.status_code == 200
    return times, cpu, queries


def p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20, method="inclusive")[18]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--staff", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="nastavnik-bench-"))
    try:
        url, engine = database_prepare(workdir)
        os.environ["DATABASE_URL"] = url
        os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client
        from django.utils import timezone

        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        print(f"{engine}: migrate, then a company of {args.staff} staff…", flush=True)
        call_command("migrate", verbosity=0, interactive=False)
        started = time.perf_counter()
        built = data_build(staff=args.staff, rng=random.Random(args.seed), now=timezone.now())
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(
            f"built in {time.perf_counter() - started:.1f} s: {built['assignments']} "
            f"assignments, {built['attempts']} attempts, {built['cards']} review cards, "
            f"{built['sessions']} supervised sessions",
            flush=True,
        )
        pages = {
            "dashboard": "/team/",
            "recomputed": "/team/?refresh=1",
            "inbox": "/notifications/",
        }
        results = {}
        for who in ("manager", "hr"):
            client = Client()
            client.force_login(built[who])
            times, cpu, queries = timed(client, pages, args.runs)
            results[who] = times
            yardstick = p95(times["inbox"])
            for name in pages:
                print(
                    f"{who} {name}: p50 {statistics.median(times[name]):.0f} ms, "
                    f"p95 {p95(times[name]):.0f} ms ({p95(times[name]) / yardstick:.1f}× the "
                    f"inbox), processor p95 {p95(cpu[name]):.0f} ms, {queries[name]} queries "
                    f"({args.runs} runs)",
                    flush=True,
                )
        hr, manager = results["hr"], results["manager"]
        print(
            f"dashboard: {args.staff} staff, HR p95 {p95(hr['dashboard']):.0f} ms, manager p95 "
            f"{p95(manager['dashboard']):.0f} ms; HR recomputed / kept figures "
            f"{p95(hr['recomputed']) / p95(hr['dashboard']):.2f}, HR / inbox "
            f"{p95(hr['dashboard']) / p95(hr['inbox']):.1f}"
        )
    finally:
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
