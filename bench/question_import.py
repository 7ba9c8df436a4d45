"""Benchmark: importing question files (``quizzes.importing.questions_import``) at scale.

Generates a GIFT file of ``--sizes`` questions each (default 1,000 and 10,000) of every kind the
bank holds, mixed in turn: single choice with feedback, multiple choice with weights, true or
false, short answers, numbers with a tolerance, matching and ordering; in 20 categories, with
tags, half of them with ids of a foreign source (``// [id:bench-N]``), half without. For each
size it times, on SQLite unless ``DATABASE_URL`` says otherwise:

1. the first import (every question created, with its parts, tags, revision and log entry);
2. the import of the same file again, which must change nothing (ids and content fingerprints
   find every question);
3. an update: the same file with every question with an id reworded and every question without
   one given another tag, which must update them all and create none.

It prints each time with the CPU time of this process (SQLite's work included; on a busy shared
machine the wall time says as much about the neighbours), the time per 1,000 questions and how
the largest size compares with the smallest (ratio of times against ratio of sizes), checks the
counts and exits with status 1 when one is wrong or a target is missed: 1,000 questions in
10 s, 10,000 in 60 s.

The database is the one ``DATABASE_URL`` names. A PostgreSQL database is dropped and created
afresh, so its name must contain "bench" (``postgres://postgres@127.0.0.1:5432/bench_questions``);
without ``DATABASE_URL``, or with a SQLite one, a scratch SQLite file is used and removed.

The last lines are the first imports' times: "question import: 10000 questions, 21.3 s".

Run: .venv/bin/python bench/question_import.py [--sizes 1000,10000]
"""

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.refreshers import SETTINGS, database_prepare

CATEGORIES = 20
# The targets: seconds for a file of this many questions, first import.
TARGETS = {1_000: 10.0, 10_000: 60.0}


def question_gift(number: int, *, size: int, update: bool) -> str:
    """Question ``number`` of the file for ``size``; ``update`` rewords it (with an id) or
    tags it anew (without)."""
    with_id = number % 2 == 0
    lines = []
    if with_id:
        lines.append(f"// [id:bench-{size}-{number}]")
    tag = "обновлено" if update and not with_id else f"тема-{number % 7}"
    lines.append(f"// [tag:{tag}] [tag:набор-{size}]")
    changed = " (новая редакция)" if update and with_id else ""
    stem = f"Вопрос {number} из {size}{changed}"
    kind = number % 7
    if kind == 0:
        lines.append(
            f"::Тариф {number}::{stem}: какой тариф дешевле?"
            "{=Базовый#Верно ~Премиум#Дороже ~Бизнес#Для компаний ####Смотрите прайс.}"
        )
    elif kind == 1:
        lines.append(f"{stem}: что входит в тариф?{{~%50%Звонки ~%50%SMS ~%-100%Роуминг}}")
    elif kind == 2:
        lines.append(f"{stem}: небо синее.{{TRUE}}")
    elif kind == 3:
        lines.append(f"{stem}: как называется отказ от услуги?{{=отток =churn}}")
    elif kind == 4:
        lines.append(f"{stem}: сколько дней на возврат?{{#14:1}}")
    elif kind == 5:
        lines.append(f"{stem}: сопоставьте.{{=NPS -> лояльность =CSAT -> удовлетворённость}}")
    else:
        lines.append("// [type:ordering]")
        lines.append(
            f"{stem}: расставьте шаги.{{=1 -> Поздороваться =2 -> Выяснить =3 -> Предложить}}"
        )
    return "\n".join(lines)


def file_build(*, size: int, update: bool = False) -> str:
    blocks = []
    per_category = max(size // CATEGORIES, 1)
    for number in range(size):
        if number % per_category == 0:
            blocks.append(
                f"$CATEGORY: $course$/top/Бенчмарк {size}/Раздел {number // per_category}"
            )
        blocks.append(question_gift(number, size=size, update=update))
    return "\n\n".join(blocks) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="Comma-separated question counts.")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",") if size.strip()]

    workdir = Path(tempfile.mkdtemp(prefix="nastavnik-bench-"))
    try:
        url, engine = database_prepare(workdir)
        os.environ["DATABASE_URL"] = url
        os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
        import django

        django.setup()
        from django.core.management import call_command

        from quizzes.importing import questions_import
        from quizzes.models import Question

        print(f"{engine}: migrate…", flush=True)
        call_command("migrate", verbosity=0, interactive=False)

        def timed(content: str, size: int):
            started, cpu = time.perf_counter(), time.process_time()
            result = questions_import(content=content, filename=f"bench-{size}.gift", user=None)
            return result, time.perf_counter() - started, time.process_time() - cpu

        firsts: dict[int, float] = {}
        wrong = []
        for size in sizes:
            content = file_build(size=size)
            print(f"file of {size} questions: {len(content) / 1024:.0f} KB", flush=True)
            before = Question.objects.count()
            first, first_time, cpu = timed(content, size)
            print(
                f"  first import: {first.summary()}, {first_time:.1f} s (CPU {cpu:.1f} s)",
                flush=True,
            )
            again, again_time, cpu = timed(content, size)
            print(
                f"  same file again: {again.summary()}, {again_time:.1f} s (CPU {cpu:.1f} s)",
                flush=True,
            )
            changed, changed_time, cpu = timed(file_build(size=size, update=True), size)
            print(
                f"  update: {changed.summary()}, {changed_time:.1f} s (CPU {cpu:.1f} s)", flush=True
            )
            per_thousand = first_time / size * 1000
            print(f"  first import per 1,000 questions: {per_thousand:.2f} s")
            firsts[size] = first_time
            target = TARGETS.get(size)
            wrong += [
                (first.created, first.updated, first.unchanged) != (size, 0, 0),
                (again.created, again.updated, again.unchanged) != (0, 0, size),
                (changed.created, changed.updated) != (0, size),
                Question.objects.count() != before + size,
                target is not None and first_time > target,
            ]
            if target is not None:
                verdict = "within" if first_time <= target else "MISSES"
                print(f"  target {target:.0f} s: {verdict}")
        if len(sizes) > 1:
            small, large = min(sizes), max(sizes)
            print(
                f"ratio {large}/{small}: time ×{firsts[large] / firsts[small]:.1f} "
                f"for ×{large / small:.0f} the questions"
            )
        for size in sizes:
            print(f"question import: {size} questions, {firsts[size]:.1f} s")
        if any(wrong):
            print("UNEXPECTED RESULT OR TARGET MISSED", file=sys.stderr)
            sys.exit(1)
    finally:
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
