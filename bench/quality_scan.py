"""Benchmark: the weak-spot scan of quality control (``quality.services.weak_spots``) over
everyone.

Builds, with bulk inserts, ``--staff`` people (default 50,000) in 20 teams with a manager each,
a scorecard of six criteria (one critical, one scored in points, one that may be "not
applicable"), each linked to a lesson of its own course and to two quiz questions, and
``--evaluations`` evaluations per person (default 20, a week apart): about 9 answers in 10 are
right, a critical criterion fails once in 400. Then it times the full scan (which finds the
weak spots of thousands of people, assigns their courses, clears the lessons to re-learn, adds
review cards and notifies the managers) and a second scan (which must find nothing new).

The database is the one ``DATABASE_URL`` names (see bench/refreshers.py: a PostgreSQL database
must have "bench" in its name and is recreated; else a scratch SQLite file, removed after).
Statistics are gathered (ANALYZE) before timing.

The last line is the first scan's time: "weak-spot scan: 50000 staff, 1000000 evaluations, 12.3 s".

Run: .venv/bin/python bench/quality_scan.py [--staff 50000] [--evaluations 20] [--seed 1]
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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.refreshers import SETTINGS, database_prepare

TEAMS = 20
BATCH = 5000
PEOPLE_PER_ROUND = 1000
CRITERIA = [
    # code, scale, max points, N/A allowed, critical
    ("greeting", "yes_no", None, False, False),
    ("need", "yes_no", None, True, False),
    ("product", "points", 4, False, False),
    ("objections", "yes_no", None, True, False),
    ("crm", "yes_no", None, False, False),
    ("polite", "yes_no", None, False, True),
]


def data_build(*, staff: int, per_person: int, rng: random.Random) -> dict:
    """Everything the scan reads; returns counts for the report."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from courses.models import CourseIndexPage, CoursePage, LessonPage
    from lms.people.models import StaffProfile, Team
    from quality.models import Criterion, Evaluation, EvaluationAnswer, Scorecard
    from quality.services.versions import scorecard_version_current
    from quizzes.models import Question

    User = get_user_model()
    unusable = make_password(None)
    managers = User.objects.bulk_create(
        [User(username=f"manager{i}", password=unusable) for i in range(TEAMS)]
    )
    qa = User.objects.create(username="qa", password=unusable)
    teams = Team.objects.bulk_create([Team(name=f"Команда {i}") for i in range(TEAMS)])
    for team, manager in zip(teams, managers, strict=True):
        team.managers.add(manager)

    scorecard = Scorecard.objects.create(title="Разговор с клиентом по телефону")
    index = CourseIndexPage.objects.get()
    for order, (code, scale, max_points, na, critical) in enumerate(CRITERIA):
        criterion = Criterion.objects.create(
            scorecard=scorecard, sort_order=order, code=code, text=f"Критерий {code}",
            scale=scale, max_points=max_points, na_allowed=na, critical=critical,
        )  # fmt: skip
        course = CoursePage(title=f"Курс {code}", slug=f"course-{code}")
        index.add_child(instance=course)
        lessons = []
        for number in range(3):
            lesson = LessonPage(title=f"Урок {number}", slug=f"lesson-{number}")
            course.add_child(instance=lesson)
            lessons.append(lesson)
        criterion.pages.set([lessons[1]])
        criterion.questions.set(
            [
                Question.objects.create(type="true_false", text=f"{code} {n}?", correct_bool=True)
                for n in range(2)
            ]
        )
        criterion.save()  # parental many-to-many links are written on save
    version = scorecard_version_current(scorecard=scorecard)
    criteria = version.snapshot["criteria"]

    today = timezone.localdate()
    evaluations = answers = 0
    for start in range(0, staff, PEOPLE_PER_ROUND):
        count = min(PEOPLE_PER_ROUND, staff - start)
        users = User.objects.bulk_create(
            [
                User(username=f"bench{start + n:06d}", first_name=f"Имя{start + n}",
                     last_name=f"Фамилия{start + n}", password=unusable)
                for n in range(count)
            ],
            batch_size=BATCH,
        )  # fmt: skip
        StaffProfile.objects.bulk_create(
            [
                StaffProfile(user=user, team=rng.choice(teams), hire_date=datetime.date(2024, 1, 1))
                for user in users
            ],
            batch_size=BATCH,
        )
        rows, results = [], []
        for user in users:
            for week in range(per_person):
                values, earned, total, failed = [], 0.0, 0.0, False
                for criterion in criteria:
                    if criterion["na_allowed"] and rng.random() < 0.1:
                        values.append(("na", None))
                        continue
                    if criterion["critical"]:
                        right = rng.random() >= 0.0025
                        failed = failed or not right
                    else:
                        right = rng.random() < 0.9
                    if criterion["scale"] == "points":
                        points = criterion["max_points"] if right else rng.randint(0, 2)
                        values.append(("points", points))
                        earned += points / criterion["max_points"]
                    else:
                        values.append(("yes" if right else "no", None))
                        earned += 1 if right else 0
                    total += 1
                score = 0 if failed else round(100 * earned / total, 2)
                rows.append(
                    Evaluation(
                        person=user, evaluator=qa, scorecard_version=version, channel="phone",
                        contact_date=today - datetime.timedelta(days=7 * (per_person - week)),
                        score=score, critical_failed=failed,
                    )
                )  # fmt: skip
                results.append(values)
        made = Evaluation.objects.bulk_create(rows, batch_size=BATCH)
        answer_rows = [
            EvaluationAnswer(
                evaluation_id=evaluation.pk,
                criterion_id=criterion["id"],
                criterion_code=criterion["code"],
                value=value,
                points=points,
            )
            for evaluation, values in zip(made, results, strict=True)
            for criterion, (value, points) in zip(criteria, values, strict=True)
        ]
        EvaluationAnswer.objects.bulk_create(answer_rows, batch_size=BATCH)
        evaluations += len(made)
        answers += len(answer_rows)
        if (start // PEOPLE_PER_ROUND) % 10 == 9:
            print(f"  {start + count} people, {evaluations} evaluations…", flush=True)
    return {"evaluations": evaluations, "answers": answers}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--staff", type=int, default=50_000)
    parser.add_argument("--evaluations", type=int, default=20)
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

        from courses.models import Assignment
        from lms.notifications.models import Notification
        from quality.models import WeakSpot
        from quality.services.weak_spots import weak_spots_scan
        from quizzes.models import ReviewCard

        print(f"{engine}: migrate, then {args.staff} staff…", flush=True)
        call_command("migrate", verbosity=0, interactive=False)
        started = time.perf_counter()
        counts = data_build(
            staff=args.staff, per_person=args.evaluations, rng=random.Random(args.seed)
        )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(
            f"built in {time.perf_counter() - started:.1f} s: {counts['evaluations']} "
            f"evaluations, {counts['answers']} answers",
            flush=True,
        )

        started = time.perf_counter()
        first = weak_spots_scan()
        took = time.perf_counter() - started
        print(
            f"first scan: {first.found} weak spots ({WeakSpot.objects.filter(critical_failed=True).count()} "
            f"by a critical fail), {first.assigned} assignments, {first.cards} review cards, "
            f"{first.notified} notifications to managers",
            flush=True,
        )
        started = time.perf_counter()
        again = weak_spots_scan()
        second = time.perf_counter() - started
        print(f"second scan: {again.found} found, {again.assigned} assigned, {second:.1f} s")
        wrong = [
            first.found == 0,
            again.found != 0 or again.assigned != 0 or again.notified != 0,
            Assignment.objects.filter(source="quality").count() != first.assigned,
            ReviewCard.objects.count() != first.cards,
            Notification.objects.filter(kind__startswith="quality.weak_spot").count()
            != first.notified,
        ]
        print(
            f"weak-spot scan: {args.staff} staff, {counts['evaluations']} evaluations, {took:.1f} s"
        )
        if any(wrong):
            raise SystemExit("the scan's results are not what they should be")
    finally:
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
