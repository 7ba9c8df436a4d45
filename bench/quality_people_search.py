"""Benchmark: the evaluation form's person search (``GET /quality/people/?q=``) for a QA
evaluator, whose scope is all the staff, at company scale.

Builds, with bulk inserts, ``--staff`` people (default 50,000) with Russian names drawn from a
few hundred first and last names (so a query matches many), in ten teams, and one QA evaluator.
Times the view's work (``people_to_evaluate`` → ``people_search`` → the first 20 rows with their
team) for a few typical queries: a last name's start in lower case, a first and last name, a
login, an employee ID, and one that matches nobody (the whole scan). Each is run ``--repeat``
times; the median is printed. The form's own first page of suggestions (50 people by name) is
timed too.

The database is the one ``DATABASE_URL`` names (PostgreSQL: the name must contain "bench"; it
is dropped and created afresh); without it, a scratch SQLite file is used and removed.

The last line is the slowest query's median: "people search: 50000 staff, slowest 0.12 s".

Run: .venv/bin/python bench/quality_people_search.py [--staff 50000] [--repeat 5]
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

from bench.refreshers import SETTINGS, bulk, database_prepare

TEAMS = 10
FIRST = ["Анна", "Мария", "Екатерина", "Ольга", "Полина", "Иван", "Никита", "Тимур", "Руслан",
         "Алексей", "Дарья", "Светлана", "Игорь", "Марина", "Семён", "Вера", "Лев", "Галина"]  # fmt: skip
LAST_ROOTS = ["Морозов", "Орлов", "Сафин", "Гаврилов", "Лебедев", "Воронин", "Соколов",
              "Кузнецов", "Белов", "Ковалёв", "Миронов", "Новиков", "Гришин", "Петров",
              "Смирнов", "Попов", "Васильев", "Зайцев", "Павлов", "Семёнов"]  # fmt: skip


def data_build(*, staff: int, rng: random.Random):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from lms.people import roles
    from lms.people.models import StaffProfile, Team

    User = get_user_model()
    teams = bulk(Team, [Team(name=f"Команда {n}") for n in range(TEAMS)])
    users = []
    for i in range(staff + 1):
        root = rng.choice(LAST_ROOTS) + rng.choice(["", "ский", "ин", "ич"])
        users.append(
            User(username=f"user{i:06d}", first_name=rng.choice(FIRST), last_name=root,
                 email=f"user{i:06d}@example.com", password="!")  # noqa: S106
        )  # fmt: skip
    bulk(User, users)
    users = list(User.objects.order_by("pk"))
    qa = users[0]
    Group.objects.get_or_create(name=roles.QA_EVALUATORS)[0].user_set.add(qa)
    bulk(
        StaffProfile,
        [
            StaffProfile(
                user=user,
                team=rng.choice(teams),
                employee_id=f"{100000 + n}",
                hire_date=datetime.date(2024, 1, 1),
            )
            for n, user in enumerate(users)
        ],
    )
    return qa


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--staff", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=5)
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

        from quality.selectors import people_search, people_to_evaluate
        from quality.views.evaluations import PICKER_RESULTS, _person_row, _picker_options

        print(f"{engine}: migrate, then {args.staff} staff…", flush=True)
        call_command("migrate", verbosity=0, interactive=False)
        qa = data_build(staff=args.staff, rng=random.Random(args.seed))
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

        def search(query: str) -> int:
            people = people_search(people=people_to_evaluate(user=qa), query=query)
            return len([_person_row(p) for p in people[:PICKER_RESULTS]])

        def first_page() -> int:
            return len(_picker_options(people_to_evaluate(user=qa))["person_options"])

        cases = [
            ("«мороз» (lower case)", lambda: search("мороз")),
            ("«анна морозов»", lambda: search("анна морозов")),
            ("a login", lambda: search("user004711")),
            ("an employee ID", lambda: search("104711")),
            ("nobody matches", lambda: search("щщщщ")),
            ("the form's first 50", first_page),
        ]
        slowest = 0.0
        for label, run in cases:
            times = []
            for _ in range(args.repeat):
                started = time.perf_counter()
                found = run()
                times.append(time.perf_counter() - started)
            median = statistics.median(times)
            slowest = max(slowest, median)
            print(f"{label}: {found} rows, median {median * 1000:.0f} ms", flush=True)
        print(f"people search: {args.staff} staff, slowest {slowest:.2f} s")
    finally:
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
