"""Benchmark: quality trends (``quality.selectors_trends``) over a big company.

Creates ``--staff`` people (default 50,000) in ``--teams`` teams (default 100), each with
``--evaluations`` evaluations (default 20) spread over the eleven months from January to
November 2026 with a scorecard of six criteria (two yes/no, one "not applicable" allowed, two on
points, one critical) whose points criterion changes its maximum halfway (two versions); two of
each person's evaluations are mystery-shopping visits of two waves. People and teams are written
with ``bulk_create``, the evaluations and their answers as plain rows; then it times, each
once:

1. the whole company's trend by month (overall score);
2. every criterion's trend by month for the whole company (one grouped query);
3. every team's trend by month (overall score, one grouped query);
4. one criterion's trend by month for the whole company, and by wave;
5. one team's trend and one person's trend by month, with the company's beside them, and the
   two at once (``trends_read``: the company's figures computed once for both);
6. the dashboard's quality tile for everyone.

The database is the one ``DATABASE_URL`` names (see bench/staff_import.py: a PostgreSQL
database must have "bench" in its name and is recreated; else a scratch SQLite file).

Run: .venv/bin/python bench/quality_trends.py [--staff 50000] [--evaluations 20] [--seed 1]
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

BATCH = 5_000
FIRST_DAY = datetime.date(2026, 1, 1)
DAYS = 334  # to 30 November
# The criteria: code, scale, max points (version 1, version 2), N/A allowed, critical.
CRITERIA = [
    ("greeting", "yes_no", None, None, False, False),
    ("need", "yes_no", None, None, True, False),
    ("product", "points", 4, 5, False, False),
    ("objections", "points", 3, 3, True, False),
    ("crm", "yes_no", None, None, False, False),
    ("polite", "yes_no", None, None, False, True),
]


def answer(rng: random.Random, scale: str, maximum: int | None, na: bool, critical: bool):
    """A random answer (value, points) and its fraction (None for N/A)."""
    if na and rng.random() < 0.1:
        return ("na", None), None
    if scale == "points":
        points = rng.choice(range(maximum + 1))
        return ("points", points), points / maximum
    passed = rng.random() < (0.98 if critical else 0.8)
    return ("yes" if passed else "no", None), 1.0 if passed else 0.0


def insert_sql(connection, model, columns: list[str]) -> str:
    """An INSERT of ``columns`` into ``model``'s table, for ``executemany``."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    # Names from the models, quoted by the backend: nothing comes from outside.
    return f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES ({marks})"  # noqa: S608


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--staff", type=int, default=50_000)
    parser.add_argument("--teams", type=int, default=100)
    parser.add_argument("--evaluations", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--keep", action="store_true", help="keep the scratch SQLite database and print its path"
    )
    args = parser.parse_args()
    rng = random.Random(args.seed)
    workdir = Path(tempfile.mkdtemp(prefix="nastavnik-bench-"))
    try:
        url, engine = database_prepare(workdir)
        os.environ["DATABASE_URL"] = url
        os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
        import django

        django.setup()
        from django.contrib.auth import get_user_model
        from django.core.management import call_command
        from django.db import connection, reset_queries, transaction
        from django.utils import timezone

        from lms.people import roles
        from lms.people.models import StaffProfile, Team
        from lms.people.services import staff_member_create
        from quality.models import (
            Criterion,
            Evaluation,
            EvaluationAnswer,
            MysteryShoppingWave,
            Scorecard,
        )
        from quality.selectors_trends import (
            MONTH,
            WAVE,
            score_summary,
            trend_read,
            trend_subject_for,
            trends_by_criterion,
            trends_by_team,
            trends_read,
        )
        from quality.services.versions import scorecard_version_current
        from reports.selectors.dashboard import dashboard_quality
        from reports.selectors.filters import ReportFilters

        total = args.staff * args.evaluations
        print(
            f"{engine}: migrate, then {args.staff} people × {args.evaluations} evaluations "
            f"= {total} evaluations, {total * len(CRITERIA)} answers…",
            flush=True,
        )
        call_command("migrate", verbosity=0, interactive=False)
        built = time.perf_counter()
        User = get_user_model()
        teams = Team.objects.bulk_create([Team(name=f"Команда {n}") for n in range(args.teams)])
        users = User.objects.bulk_create(
            [User(username=f"p{n}", first_name=f"Имя{n}") for n in range(args.staff)],
            batch_size=BATCH,
        )
        StaffProfile.objects.bulk_create(
            [
                StaffProfile(
                    user=user, team=teams[n % args.teams], hire_date=datetime.date(2024, 1, 1)
                )
                for n, user in enumerate(users)
            ],
            batch_size=BATCH,
        )
        qa = staff_member_create(username="qa", roles_=[roles.QA_EVALUATORS]).user
        scorecard = Scorecard.objects.create(title="Разговор с клиентом")
        criteria = []
        for order, (code, scale, first_max, _second, na, critical) in enumerate(CRITERIA):
            criteria.append(
                Criterion.objects.create(
                    scorecard=scorecard, sort_order=order, code=code, text=code, scale=scale,
                    max_points=first_max, na_allowed=na, critical=critical,
                )
            )  # fmt: skip
        first = scorecard_version_current(scorecard=scorecard)
        criteria[2].max_points = CRITERIA[2][3]
        criteria[2].save()
        second = scorecard_version_current(scorecard=scorecard)
        waves = [
            MysteryShoppingWave.objects.create(
                name=name, period_start=start, period_end=start + datetime.timedelta(days=30),
                scorecard=scorecard, scorecard_version=version,
            )
            for name, start, version in [
                ("Зима", datetime.date(2026, 2, 1), first),
                ("Лето", datetime.date(2026, 8, 1), second),
            ]
        ]  # fmt: skip
        halfway = FIRST_DAY + datetime.timedelta(days=DAYS // 2)
        now = timezone.now()
        # A million evaluations and six million answers go in as plain rows (``executemany``):
        # model instances for each would take longer to build than the trends take to compute.
        evaluation_sql = insert_sql(
            connection,
            Evaluation,
            ["id", "person_id", "evaluator_id", "source", "wave_id", "location",
             "scorecard_version_id", "channel", "contact_date", "reference", "comment", "score",
             "critical_failed", "created_at", "revision"],
        )  # fmt: skip
        answer_sql = insert_sql(
            connection,
            EvaluationAnswer,
            ["id", "evaluation_id", "criterion_id", "criterion_code", "value", "points",
             "comment"],
        )  # fmt: skip
        created = connection.ops.adapt_datetimefield_value(now)
        evaluation_id = 0
        answer_id = 0
        evaluations, answers = [], []

        def flush(force=False):
            if force or len(answers) >= BATCH * 10:
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.executemany(evaluation_sql, evaluations)
                    cursor.executemany(answer_sql, answers)
                evaluations.clear()
                answers.clear()

        for user in users:
            for number in range(args.evaluations):
                wave = waves[number] if number < len(waves) else None
                if wave is not None:
                    day = wave.period_start + datetime.timedelta(days=rng.randrange(30))
                else:
                    day = FIRST_DAY + datetime.timedelta(days=rng.randrange(DAYS))
                version = first if day < halfway else second
                evaluation_id += 1
                weight = earned = 0.0
                failed = False
                for criterion, (code, scale, max1, max2, na, critical) in zip(
                    criteria, CRITERIA, strict=True
                ):
                    maximum = max1 if version is first else max2
                    (value, points), fraction = answer(rng, scale, maximum, na, critical)
                    answer_id += 1
                    answers.append(
                        (answer_id, evaluation_id, criterion.pk, code, value, points, "")
                    )
                    if fraction is not None:
                        weight += 1
                        earned += fraction
                        failed = failed or (critical and fraction == 0)
                score = "0.00" if failed else f"{earned * 100 / weight:.2f}"
                evaluations.append(
                    (
                        evaluation_id, user.pk, None if wave else qa.pk,
                        "mystery_shopping" if wave else "evaluation", wave.pk if wave else None,
                        "ТЦ" if wave else "", version.pk, "visit" if wave else "phone",
                        day.isoformat(), "", "", score, failed, created, 0,
                    )
                )  # fmt: skip
            flush()
        flush(force=True)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"built in {time.perf_counter() - built:.1f} s", flush=True)

        team = teams[0]
        person = users[0]
        timings = []

        def timed(label, work):
            reset_queries()
            started = time.perf_counter()
            result = work()
            took = time.perf_counter() - started
            timings.append(took)
            print(f"{label}: {took:.2f} s", flush=True)
            return result

        company = trend_subject_for(viewer=qa)
        overall = timed(
            "company trend by month (overall)", lambda: trend_read(subject=company, by=MONTH)
        )
        print(f"  {len(overall.points)} months, average {overall.company_average} %")
        by_criterion = timed(
            "every criterion's trend by month, company-wide",
            lambda: trends_by_criterion(by=MONTH),
        )
        print(
            "  "
            + ", ".join(
                f"{code} {points[-1].score} %" for (_s, code), points in by_criterion.items()
            )
        )
        by_team = timed("every team's trend by month", lambda: trends_by_team(by=MONTH))
        print(f"  {len(by_team)} teams × {len(next(iter(by_team.values())))} months")
        product = criteria[2]
        timed(
            "one criterion by month, company-wide",
            lambda: trend_read(subject=company, by=MONTH, criterion=product),
        )
        by_wave = timed(
            "one criterion by wave, company-wide",
            lambda: trend_read(subject=company, by=WAVE, criterion=product),
        )
        print(f"  {[(p.period, str(p.score), p.count) for p in by_wave.points]}")
        timed(
            "one team by month, with the company",
            lambda: trend_read(subject=trend_subject_for(viewer=qa, team_id=team.pk), by=MONTH),
        )
        timed(
            "one person by month, with the company",
            lambda: trend_read(subject=trend_subject_for(viewer=qa, person_id=person.pk), by=MONTH),
        )
        timed(
            "one person and their team by month, with the company (one scan)",
            lambda: trends_read(
                subjects=[
                    trend_subject_for(viewer=qa, person_id=person.pk),
                    trend_subject_for(viewer=qa, team_id=team.pk),
                ],
                by=MONTH,
            ),
        )
        timed(
            "dashboard quality tile, everyone (HR view)",
            lambda: score_summary(
                people=StaffProfile.objects.values("user_id"), start=halfway, end=None
            ),
        )
        timed(
            "dashboard quality tile as a QA evaluator",
            lambda: dashboard_quality(user=qa, filters=ReportFilters()),
        )
        print(f"total: {sum(timings):.1f} s for {len(timings)} computations")
        wrong = [
            Evaluation.objects.count() != total,
            len(overall.points) != 11,
            len(by_team) != args.teams,
            len(by_wave.points) != 2,
            len(by_criterion) != len(CRITERIA),
        ]
        if any(wrong):
            raise SystemExit(1)
    finally:
        if args.keep:
            print(f"kept: {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
