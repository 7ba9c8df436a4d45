"""Benchmark: what a learner's requests cost under gunicorn, next to a bare Django view.

Builds a course of 5 lessons (a few Markdown blocks each) whose last lesson ends with a gate quiz
of 10 questions of all seven types, and 16 signed-in learners who have reached that lesson. Starts
gunicorn on a free local port (2 workers × 4 threads by default) and, with 16 concurrent
clients keeping their connections open, measures in one run:

- a bare Django view (``/bench/bare``, bench-only, the same middleware as every request);
- GET of the learner's current lesson page;
- a quiz attempt through the JSON API: start (POST /api/v1/quizzes/{id}/attempts), one PUT per
  answer, then submit (POST /api/v1/attempts/{id}/submit). Starting and answering run as one
  phase; the submits run as their own phase, so their figures are the submit alone.

Prints requests/s, p50/p95 latency and the SQL queries of each, and how a lesson view and a
submit compare with the bare view (latency and throughput ratios). On a scratch SQLite file by default; on PostgreSQL when
``DATABASE_URL`` names one (a temporary database is created beside the one named, and dropped).
Everything is removed at the end, gunicorn included.

Run: .venv/bin/python bench/learning.py [--clients 16] [--requests 50] [--rounds 10]
"""

import argparse
import http.client
import json
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SETTINGS = "bench.settings_bench"
HOST = "127.0.0.1"

LESSON_TEXTS = [
    """## Что продаём

Тариф **«Домашний 500»** — интернет до 500 Мбит/с и 200 каналов ТВ. Клиенту важна не
скорость в цифрах, а то, что **фильмы не зависают**, а дети играют, пока родители работают.

- подключение за 1 день;
- роутер в аренду за 1 ₽ в месяц;
- первый месяц — бесплатно.
""",
    """## Как говорить о цене

Не начинайте с цены. Сначала узнайте, *как семья пользуется интернетом*: сколько устройств,
есть ли приставка, работает ли кто-то из дома. Цена звучит после пользы:

> «За 890 ₽ в месяц у вас будет и быстрый интернет, и 200 каналов — дешевле, чем по
> отдельности».
""",
    """## Частые возражения

1. **«У соседей дешевле»** — сравните цену за мегабит и что входит в пакет.
2. **«Мне не нужно ТВ»** — предложите тариф без ТВ, не спорьте.
3. **«Я подумаю»** — спросите, что мешает решить сейчас, и оставьте памятку.

Записывайте возражение в CRM в поле «Причина отказа» — по нему маркетинг меняет предложения.
""",
    """## Проверьте себя

Перед тестом перечитайте карточку продукта и шпаргалку по отстройкам. Тест короткий: десять
вопросов, проходной балл — 80 %. Если не получилось, через минуту можно попробовать снова.
""",
]


# --- The database: a scratch SQLite file, or a temporary PostgreSQL database ---------------------


@dataclass
class ScratchDatabase:
    url: str
    engine: str
    cleanup: list = field(default_factory=list)

    def drop(self) -> None:
        for step in reversed(self.cleanup):
            step()


def scratch_database(workdir: Path) -> ScratchDatabase:
    """A fresh, empty database for this run, named by a URL; ``drop()`` removes it."""
    given = os.environ.get("DATABASE_URL", "")
    if not given or given.startswith("sqlite"):
        import sqlite3

        return ScratchDatabase(
            url=f"sqlite:///{workdir / 'bench.sqlite3'}", engine=f"SQLite {sqlite3.sqlite_version}"
        )
    if not given.startswith(("postgres://", "postgresql://")):
        raise SystemExit("DATABASE_URL must be SQLite or PostgreSQL for this benchmark.")
    import psycopg
    from psycopg import sql

    parts = urlsplit(given)
    name = f"{(parts.path.lstrip('/') or 'nastavnik')[:30]}_bench_{secrets.token_hex(4)}"
    server = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        version = conn.execute("SHOW server_version").fetchone()[0].split()[0]

    def drop():
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )

    return ScratchDatabase(
        url=urlunsplit(parts._replace(path=f"/{name}")),
        engine=f"PostgreSQL {version}",
        cleanup=[drop],
    )


# --- Content and learners (in this process, before gunicorn starts) --------------------------


def questions_create():
    from decimal import Decimal

    from quizzes.models import AcceptedAnswer, Choice, MatchPair, NumericAnswer, Question

    T = Question.Type

    def choices(question, right, wrong):
        for order, text in enumerate([*right, *wrong]):
            Choice.objects.create(
                question=question, text=text, is_correct=text in right, sort_order=order
            )
        return question

    def new(qtype, text, **fields):
        return Question.objects.create(type=qtype, text=text, **fields)

    made = [
        choices(new(T.SINGLE_CHOICE, "Сколько стоит роутер в аренду?"), ["1 ₽"], ["0 ₽", "99 ₽"]),
        choices(new(T.SINGLE_CHOICE, "С чего начать разговор?"),
                ["С потребности"], ["С цены", "С акции"]),
        choices(new(T.MULTIPLE_CHOICE, "Что входит в «Домашний 500»?"),
                ["Интернет", "ТВ"], ["Мобильная связь"]),
        choices(new(T.MULTIPLE_CHOICE, "Что записать в CRM?", partial_credit=True),
                ["Причину отказа", "Контакт"], ["Погоду"]),
        new(T.TRUE_FALSE, "Первый месяц бесплатный.", correct_bool=True),
        new(T.TRUE_FALSE, "С возражением нужно спорить.", correct_bool=False),
        new(T.NUMERIC, "Сколько каналов ТВ в тарифе?"),
    ]  # fmt: skip
    NumericAnswer.objects.create(question=made[-1], value=Decimal(200), sort_order=0)
    short = new(T.SHORT_TEXT, "Как называется тариф на 500 Мбит/с?")
    AcceptedAnswer.objects.create(question=short, text="Домашний 500", sort_order=0)
    ordering = new(T.ORDERING, "Расставьте шаги разговора.")
    for order, text in enumerate(["Поздороваться", "Выяснить потребность", "Предложить"]):
        Choice.objects.create(question=ordering, text=text, is_correct=True, sort_order=order)
    matching = new(T.MATCHING, "Сопоставьте возражение и ответ.")
    for order, (left, right) in enumerate(
        [("Дорого", "Цена за мегабит"), ("Подумаю", "Что мешает решить?"), ("Не нужно ТВ", "Тариф без ТВ")]
    ):  # fmt: skip
        MatchPair.objects.create(question=matching, left=left, right=right, sort_order=order)
    return [*made, short, ordering, matching]


def content_create():
    """The course, its five lessons and the gate quiz: ``(course, lessons, quiz)``."""
    from courses.models import CourseIndexPage, CoursePage, LessonPage
    from quizzes.models import LessonGate, Quiz, QuizQuestion

    quiz = Quiz.objects.create(title="Домашний 500: проверка", pass_mark=80, live=True)
    for order, question in enumerate(questions_create()):
        QuizQuestion.objects.create(quiz=quiz, question=question, sort_order=order)
    index = CourseIndexPage.objects.get()
    course = CoursePage(
        title="Домашний 500", slug="bench-home-500", summary="Тариф и как его продавать.",
        estimated_minutes=50,
    )  # fmt: skip
    index.add_child(instance=course)
    course.save_revision().publish()
    lessons = []
    for number in range(1, 6):
        lesson = LessonPage(
            title=f"Урок {number}",
            slug=f"lesson-{number}",
            body=[("text", text) for text in LESSON_TEXTS],
            quiz_gates=[LessonGate(quiz=quiz)] if number == 5 else [],
        )
        course.add_child(instance=lesson)
        lesson.save_revision().publish()
        lessons.append(LessonPage.objects.get(pk=lesson.pk))
    return course, lessons, quiz


def learners_create(count: int, course, lessons) -> list[dict]:
    """``count`` learners with the course assigned and lessons 1–4 done, each signed in:
    returns, for each, the cookies a browser would hold (session and CSRF) and the CSRF token
    it would send back in the X-CSRFToken header."""
    from django.conf import settings
    from django.middleware.csrf import CSRF_ALLOWED_CHARS
    from django.test import Client
    from django.utils.crypto import get_random_string

    from courses.services import assignment_create, lesson_complete, lesson_open
    from lms.people.services import staff_member_create

    sessions = []
    for number in range(1, count + 1):
        user = staff_member_create(username=f"bench{number}", first_name=f"Ученик {number}").user
        assignment_create(user=user, course=course, source="manual")
        for lesson in lessons[:4]:
            lesson_open(user=user, lesson=lesson)
            lesson_complete(user=user, lesson=lesson)
        client = Client()
        client.force_login(user)
        csrf = get_random_string(32, CSRF_ALLOWED_CHARS)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        sessions.append(
            {
                "cookies": {settings.SESSION_COOKIE_NAME: session, settings.CSRF_COOKIE_NAME: csrf},
                "csrf": csrf,
            }
        )
    return sessions


def queries_per_request(user, *, lesson_path: str, quiz_id: int) -> dict[str, int]:
    """SQL queries of a lesson view and of one attempt's requests, counted in this process
    through Django's test client (the same views gunicorn serves)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST=HOST)
    client.force_login(user)
    counts = {}

    def counted(label, method, path, **kwargs):
        with CaptureQueriesContext(connection) as queries:
            response = getattr(client, method)(path, content_type="application/json", **kwargs)
        assert response.status_code in (200, 201), (path, response.status_code)
        counts[label] = len(queries.captured_queries)
        return response

    # Pages are counted on a second view, as a warm worker serves them.
    for _ in range(2):
        counted("bare", "get", "/bench/bare")
        counted("lesson", "get", lesson_path)
    started = counted("start", "post", f"/api/v1/quizzes/{quiz_id}/attempts").json()
    question = started["questions"][0]
    counted("answer", "put", f"/api/v1/attempts/{started['id']}/answers/{question['id']}",
            data=answer_for(question))  # fmt: skip
    counted("submit", "post", f"/api/v1/attempts/{started['id']}/submit")
    return counts


# --- gunicorn -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def gunicorn_start(*, port: int, database_url: str, workers: int, threads: int, log: Path):
    gunicorn = Path(sys.executable).with_name("gunicorn")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": SETTINGS, "DATABASE_URL": database_url}
    with log.open("w") as output:
        process = subprocess.Popen(  # noqa: S603
            [str(gunicorn), "lms.wsgi", "--bind", f"{HOST}:{port}", "--workers", str(workers),
             "--threads", str(threads), "--keep-alive", "30", "--log-level", "warning"],
            cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
            # Its own process group, so that stopping it stops its workers and nothing else.
            start_new_session=True,
        )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited at start:\n{log.read_text()}")
        conn = http.client.HTTPConnection(HOST, port, timeout=2)
        try:
            conn.request("GET", "/bench/bare")
            if conn.getresponse().status == 200:
                return process
        except OSError:
            pass
        finally:
            conn.close()
        time.sleep(0.2)
    gunicorn_stop(process)
    raise SystemExit(f"gunicorn did not answer within a minute:\n{log.read_text()}")


def gunicorn_stop(process) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


# --- Clients --------------------------------------------------------------------------------


class BenchClient:
    """One learner's browser: a kept-open connection, their cookies, and timings by label."""

    def __init__(self, port: int, *, cookies: dict, csrf: str):
        self.port = port
        self.csrf = csrf
        self.cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
        self.conn = None
        self.timings: dict[str, list[float]] = {}

    def request(self, label: str, method: str, path: str, body=None, expect=(200,)) -> bytes:
        headers = {"Cookie": self.cookie, "Host": f"{HOST}:{self.port}"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if method != "GET":
            headers["X-CSRFToken"] = self.csrf
        for retry in (False, True):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=60)
            start = time.perf_counter()
            try:
                self.conn.request(method, path, body=data, headers=headers)
                response = self.conn.getresponse()
                content = response.read()
            except (http.client.HTTPException, ConnectionError):
                # The server closed a kept-open connection between requests: reconnect once.
                self.conn.close()
                self.conn = None
                if retry:
                    raise
                continue
            elapsed = time.perf_counter() - start
            if response.status not in expect:
                raise RuntimeError(f"{method} {path}: {response.status} {content[:500]!r}")
            self.timings.setdefault(label, []).append(elapsed)
            return content
        raise AssertionError("unreachable")


def answer_for(question: dict) -> dict:
    """An answer of the right shape, from what the learner sees (right or wrong by chance)."""
    kind = question["type"]
    if kind in ("single_choice", "multiple_choice"):
        return {"choices": [question["choices"][0]["id"]]}
    if kind == "true_false":
        return {"value": True}
    if kind == "short_text":
        return {"text": "Домашний 500"}
    if kind == "numeric":
        return {"number": 200}
    if kind == "ordering":
        return {"order": [item["id"] for item in question["items"]]}
    right = [item["id"] for item in question["right"]]
    return {"pairs": {item["id"]: right[i % len(right)] for i, item in enumerate(question["left"])}}


def run_parallel(clients: list[BenchClient], work) -> float:
    """Run ``work(client)`` in one thread per client, released together; the wall time."""
    barrier = threading.Barrier(len(clients) + 1)
    errors = []

    def target(client):
        barrier.wait()
        try:
            work(client)
        except Exception as exc:  # reported after the threads end
            errors.append(exc)

    threads = [threading.Thread(target=target, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    barrier.wait()
    start = time.perf_counter()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - start
    if errors:
        raise errors[0]
    return wall


@dataclass
class Figure:
    label: str
    requests: int
    wall: float
    latencies: list[float]

    @property
    def rate(self) -> float:
        return self.requests / self.wall

    def percentile(self, p: int) -> float:
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[p - 1] * 1000


def collect(clients, label: str, wall: float) -> Figure:
    latencies = [t for c in clients for t in c.timings.pop(label, [])]
    return Figure(label, len(latencies), wall, latencies)


def measure(clients, *, lesson_path: str, quiz_id: int, requests: int, rounds: int):
    """Warm up, then time ``requests`` bare GETs and lesson GETs per client, and ``rounds``
    attempts per client; returns a ``Figure`` per label."""

    def gets(path: str, label: str, count: int):
        def work(client):
            for _ in range(count):
                client.request(label, "GET", path)

        return work

    attempt_ids: dict[int, int] = {}

    def start_and_answer(client):
        started = json.loads(
            client.request("start", "POST", f"/api/v1/quizzes/{quiz_id}/attempts",
                           expect=(200, 201))
        )  # fmt: skip
        attempt_ids[id(client)] = started["id"]
        for question in started["questions"]:
            client.request(
                "answer", "PUT",
                f"/api/v1/attempts/{started['id']}/answers/{question['id']}",
                body=answer_for(question),
            )  # fmt: skip

    def submit(client):
        client.request("submit", "POST", f"/api/v1/attempts/{attempt_ids[id(client)]}/submit")

    # Warm every worker and thread: imports, templates, caches, connections.
    run_parallel(clients, gets("/bench/bare", "warm", 3))
    run_parallel(clients, gets(lesson_path, "warm", 3))
    run_parallel(clients, start_and_answer)
    run_parallel(clients, submit)
    for client in clients:
        client.timings.clear()

    figures = {
        "bare": collect(clients, "bare", run_parallel(clients, gets("/bench/bare", "bare", requests))),
        "lesson": collect(clients, "lesson", run_parallel(clients, gets(lesson_path, "lesson", requests))),
    }  # fmt: skip
    walls = {"start+answer": 0.0, "submit": 0.0}
    for _ in range(rounds):
        walls["start+answer"] += run_parallel(clients, start_and_answer)
        walls["submit"] += run_parallel(clients, submit)
    starts = [t for c in clients for t in c.timings.pop("start")]
    answers = [t for c in clients for t in c.timings.pop("answer")]
    figures["start+answer"] = Figure(
        "start+answer", len(starts) + len(answers), walls["start+answer"], starts + answers
    )
    figures["start"] = Figure("start", len(starts), walls["start+answer"], starts)
    figures["answer"] = Figure("answer", len(answers), walls["start+answer"], answers)
    figures["submit"] = collect(clients, "submit", walls["submit"])
    return figures


def report(figures, *, queries: dict[str, int], engine: str, workers: int, threads: int,
           clients: int, lesson_path: str, quiz_id: int) -> None:  # fmt: skip
    rows = [
        ("bare", "bare Django view", "GET /bench/bare"),
        ("lesson", "lesson page", f"GET {lesson_path}"),
        ("start", "attempt start", f"POST /api/v1/quizzes/{quiz_id}/attempts"),
        ("answer", "answer save", "PUT /api/v1/attempts/{id}/answers/{q}"),
        ("submit", "attempt submit", "POST /api/v1/attempts/{id}/submit"),
    ]
    print(
        f"database: {engine}; gunicorn {workers} workers × {threads} threads; "
        f"{clients} concurrent clients with kept-open connections"
    )
    print(
        f"{'':16} {'requests':>8} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'queries':>7}  request"
    )
    for key, name, what in rows:
        fig = figures[key]
        rate = f"{fig.rate:8.1f}" if key not in ("start", "answer") else f"{'':>8}"
        print(
            f"{name:16} {fig.requests:8d} {rate} {fig.percentile(50):8.1f} "
            f"{fig.percentile(95):8.1f} {queries[key]:7d}  {what}"
        )
    mixed = figures["start+answer"]
    print(f"{'start + answers':16} {mixed.requests:8d} {mixed.rate:8.1f} "
          f"{mixed.percentile(50):8.1f} {mixed.percentile(95):8.1f} {'':7}  "
          "(one phase: a start, then an answer per question)")  # fmt: skip
    bare = figures["bare"]
    for key in ("lesson", "submit"):
        fig = figures[key]
        print(
            f"{key}/bare on {engine}: p50 latency ×{fig.percentile(50) / bare.percentile(50):.1f}, "
            f"p95 latency ×{fig.percentile(95) / bare.percentile(95):.1f}, "
            f"throughput ÷{bare.rate / fig.rate:.1f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--requests", type=int, default=50, help="GETs per client per page")
    parser.add_argument("--rounds", type=int, default=10, help="attempts per client")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="nastavnik-bench-"))
    database = None
    server = None
    try:
        database = scratch_database(workdir)
        os.environ["DATABASE_URL"] = database.url
        os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
        import django

        django.setup()
        from django.contrib.auth import get_user_model
        from django.core.management import call_command
        from django.db import connections

        print(f"Preparing a scratch database ({database.engine}): migrate, course, learners…")
        call_command("migrate", verbosity=0, interactive=False)
        course, lessons, quiz = content_create()
        sessions = learners_create(args.clients, course, lessons)
        lesson_path = lessons[-1].get_url()
        queries = queries_per_request(
            get_user_model().objects.get(username="bench1"), lesson_path=lesson_path,
            quiz_id=quiz.pk,
        )  # fmt: skip
        connections.close_all()

        server = gunicorn_start(
            port=(port := free_port()), database_url=database.url, workers=args.workers,
            threads=args.threads, log=workdir / "gunicorn.log",
        )  # fmt: skip
        clients = [BenchClient(port, **session) for session in sessions]
        figures = measure(
            clients, lesson_path=lesson_path, quiz_id=quiz.pk, requests=args.requests,
            rounds=args.rounds,
        )  # fmt: skip
        report(
            figures, queries=queries, engine=database.engine, workers=args.workers, threads=args.threads,
            clients=args.clients, lesson_path=lesson_path, quiz_id=quiz.pk,
        )  # fmt: skip
    finally:
        if server is not None:
            gunicorn_stop(server)
        if database is not None:
            if "django" in sys.modules:
                from django.db import connections

                connections.close_all()
            database.drop()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
