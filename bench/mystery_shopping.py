"""Benchmark: importing mystery-shopping waves (``quality.services.mystery_shopping``) and
comparing each person with their previous wave (``quality.selectors_mystery.wave_comparison``).

Creates ``--staff`` people (default 5,000) and a scorecard of 15 criteria, then times:

1. the import of a first wave (one visit per person, UTF-8 CSV with semicolons);
2. the import of a second wave, half a year later;
3. the import of the second file again, which must create nothing;
4. the comparison of the second wave with the first, for a QA evaluator (everyone).

The database is the one ``DATABASE_URL`` names (see bench/staff_import.py: a PostgreSQL
database must have "bench" in its name and is recreated; else a scratch SQLite file).

Run: .venv/bin/python bench/mystery_shopping.py [--staff 5000] [--seed 1]
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

CRITERIA = 15


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--staff", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=1)
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

        from lms.people import roles
        from lms.people.models import StaffProfile
        from lms.people.services import staff_member_create
        from quality.models import Criterion, Evaluation, Scorecard
        from quality.selectors_mystery import wave_comparison
        from quality.services.mystery_shopping import mystery_shopping_import

        print(f"{engine}: migrate, then {args.staff} people…", flush=True)
        call_command("migrate", verbosity=0, interactive=False)
        User = get_user_model()
        users = User.objects.bulk_create(
            [User(username=f"p{n}", first_name=f"Имя{n}") for n in range(args.staff)],
            batch_size=1000,
        )
        StaffProfile.objects.bulk_create(
            [
                StaffProfile(user=user, employee_id=f"E{n}", hire_date=datetime.date(2024, 1, 1))
                for n, user in enumerate(users)
            ],
            batch_size=1000,
        )
        qa = staff_member_create(username="qa", roles_=[roles.QA_EVALUATORS]).user
        scorecard = Scorecard.objects.create(title="Визит")
        for n in range(CRITERIA):
            Criterion.objects.create(
                scorecard=scorecard, sort_order=n, code=f"c{n}", text=f"Критерий {n}",
                na_allowed=n % 3 == 0, critical=n == 0,
            )  # fmt: skip
        header = ["employee_id", "date", "location", *(f"c{n}" for n in range(CRITERIA))]

        def wave_file(day: str) -> bytes:
            lines = [";".join(header)]
            for n in range(args.staff):
                cells = ["да" if n_ == 0 or rng.random() < 0.8 else "нет" for n_ in range(CRITERIA)]
                lines.append(";".join([f"E{n}", day, "ТЦ", *cells]))
            return ("\ufeff" + "\n".join(lines)).encode()

        def timed(label, content, wave):
            started = time.perf_counter()
            result = mystery_shopping_import(content=content, wave_name=wave, scorecard=scorecard)
            took = time.perf_counter() - started
            print(f"{label}: {result.created} created, {result.unchanged} unchanged, "
                  f"{len(result.errors)} errors, {took:.1f} s", flush=True)  # fmt: skip
            return result

        first = timed("first wave", wave_file("2026-01-15"), "Зима")
        summer = wave_file("2026-07-15")
        second = timed("second wave", summer, "Лето")
        again = timed("second wave again", summer, "Лето")
        started = time.perf_counter()
        comparison = wave_comparison(wave=second.plan.wave, user=qa)
        took = time.perf_counter() - started
        print(f"comparison: {len(comparison.rows)} people, {took:.1f} s")
        wrong = [
            first.created != args.staff,
            second.created != args.staff,
            again.created != 0 or again.unchanged != args.staff,
            Evaluation.objects.count() != 2 * args.staff,
            len(comparison.rows) != args.staff,
        ]
        if any(wrong):
            raise SystemExit(1)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
