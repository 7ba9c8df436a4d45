"""Benchmark: scoring a contact with a 15-criterion scorecard on a phone (issue 16: "the form
works on a phone and takes a minute for a 15-criterion scorecard").

Builds, in a scratch SQLite database, a scorecard of 15 criteria in four sections (yes/no, some
with "not applicable", two on points, one critical) for phone, chat and email, ``--staff``
people in ten teams (default 300: more than the form brings as suggestions, so the picker
searches as one types) and a signed-in QA evaluator. Starts the development server
(``manage.py runserver`` with ``lms.settings.dev``: DEBUG on, static files from the apps) on a
free local port, and drives ``/quality/evaluate/`` in Chromium (Playwright) at a 360 × 740
touch viewport as a person would:

1. tap the person field, type the first letters of a surname, tap the suggestion;
2. tap the channel; tap the date field and pick the day before yesterday;
3. tap the reference field and type a CRM number;
4. one tap per criterion (yes, no, N/A and points mixed);
5. tap the comment field and type one sentence; tap "save".

It prints the taps and keystroke groups, the screens scrolled, the page's requests and bytes
(as transferred, and gzipped for comparison: the development server compresses nothing), the
server's time to the first byte of the form's GET and of the POST, the time from the first tap to
the result page at machine speed, and an estimate of a person's time from stated per-action
times. Each of ``--rounds`` rounds loads the form afresh (the first with an empty cache); the
times are the median of the rounds.

Run: .venv/bin/python bench/evaluation_form.py [--staff 300] [--rounds 5]
"""

import argparse
import datetime
import gzip
import math
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SETTINGS = "lms.settings.dev"
HOST = "127.0.0.1"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
VIEWPORT = {"width": 360, "height": 740}

# Per-action times of a person, in seconds (the estimate's assumptions, printed with it).
TAP_S = 2.0  # find the target, read the criterion, tap
SCROLL_S = 1.0  # one swipe of at most SCROLL_SCREEN of the screen
SCROLL_SCREEN = 0.8
TYPE_CHARS_PER_S = 3.0
SUGGESTION_WAIT_S = 0.5  # waiting for the picker's suggestions after typing

# Section, code, wording, scale, max points, N/A allowed, critical.
CRITERIA = [
    ("Приветствие", "greeting", "Поздоровался, назвал своё имя и компанию", "yes_no", None, False, False),
    ("Приветствие", "name", "Обратился к клиенту по имени", "yes_no", None, True, False),
    ("Приветствие", "tone", "Доброжелательный тон с первой фразы", "yes_no", None, False, False),
    ("Потребность", "need", "Выяснил, как клиент пользуется услугой", "yes_no", None, False, False),
    ("Потребность", "questions", "Задал открытые вопросы", "points", 3, False, False),
    ("Потребность", "summary", "Подытожил потребность своими словами", "yes_no", None, True, False),
    ("Продукт", "tariff", "Точно назвал условия тарифа", "points", 5, False, False),
    ("Продукт", "benefit", "Говорил о пользе, а не о характеристиках", "yes_no", None, False, False),
    ("Продукт", "objections", "Отработал возражение", "yes_no", None, True, False),
    ("Продукт", "upsell", "Предложил подходящую допуслугу", "yes_no", None, True, False),
    ("Продукт", "honesty", "Не обещал того, чего нет", "yes_no", None, False, True),
    ("Завершение", "next_step", "Договорился о следующем шаге", "yes_no", None, False, False),
    ("Завершение", "crm", "Занёс итог разговора в CRM", "yes_no", None, False, False),
    ("Завершение", "thanks", "Поблагодарил за обращение", "yes_no", None, False, False),
    ("Завершение", "polite", "Был вежлив весь разговор", "yes_no", None, False, False),
]  # fmt: skip
# The answer tapped for each criterion, in order: a mix of yes, no, N/A and points.
ANSWERS = ["yes", "na", "yes", "yes", "2", "no", "4", "yes", "na", "no", "yes", "yes", "no",
           "yes", "yes"]  # fmt: skip
SURNAME = "Сидоренко"
TYPED_SURNAME = "Сидор"
REFERENCE = "CRM-48213"
COMMENT = "Хороший разговор, но итог в CRM не занесён."


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def data_build(staff: int) -> dict:
    """The scorecard, the people and the QA evaluator's session cookie (signed in through the
    test client, so nothing is typed at the login page)."""
    from django.conf import settings
    from django.test import Client

    from lms.people import roles
    from lms.people.models import Team
    from lms.people.services import staff_member_create
    from quality.models import Criterion, Scorecard

    scorecard = Scorecard.objects.create(
        title="Разговор с клиентом", channels=["phone", "chat", "email"]
    )
    for order, (section, code, text, scale, points, na, critical) in enumerate(CRITERIA):
        Criterion.objects.create(
            scorecard=scorecard, sort_order=order, section=section, code=code, text=text,
            scale=scale, max_points=points, na_allowed=na, critical=critical,
        )  # fmt: skip
    teams = [Team.objects.create(name=f"Команда {n}") for n in range(10)]
    surnames = ["Иванов", "Петрова", "Смирнов", "Кузнецова", "Попов", "Васильева"]
    for number in range(staff - 1):
        staff_member_create(
            username=f"s{number}",
            first_name=f"Имя{number}",
            last_name=f"{surnames[number % len(surnames)]}{number}",
            team=teams[number % len(teams)],
        )
    person = staff_member_create(
        username="sidorenko", first_name="Ольга", last_name=SURNAME, team=teams[0]
    ).user
    qa = staff_member_create(username="qa", first_name="Анна", roles_=[roles.QA_EVALUATORS]).user
    client = Client()
    client.force_login(qa)
    return {
        "person": person,
        "criteria": list(scorecard.criteria.order_by("sort_order").values_list("pk", flat=True)),
        "session": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "cookie_name": settings.SESSION_COOKIE_NAME,
    }


def server_start(port: int, env: dict, log: Path) -> subprocess.Popen:
    with log.open("w") as output:
        process = subprocess.Popen(  # noqa: S603
            [sys.executable, "manage.py", "runserver", "--noreload", "--nothreading",
             f"{HOST}:{port}"],
            cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
            # Its own process group, so that stopping it stops nothing else.
            start_new_session=True,
        )  # fmt: skip
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the development server exited at start:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/accounts/login/", timeout=2):
                return process
        except OSError:
            time.sleep(0.3)
    server_stop(process)
    raise SystemExit(f"the development server did not answer:\n{log.read_text()}")


def server_stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def ttfb_ms(request) -> float:
    """From sending the request to the response's first byte: on this machine's loopback, the
    server's time."""
    return request.timing["responseStart"] - request.timing["requestStart"]


class Traffic:
    """The requests a page makes, with their sizes as transferred and gzipped."""

    def __init__(self, page):
        self.items = []
        self.page = page
        page.on("requestfinished", self._finished)

    def _finished(self, request):
        response = request.response()
        sizes = request.sizes()
        body = b""
        try:
            body = response.body() if response is not None else b""
        except Exception:  # a redirect has no body to read
            body = b""
        self.items.append(
            {
                "url": request.url,
                "method": request.method,
                "status": response.status if response else None,
                "bytes": sizes["responseBodySize"] + sizes["responseHeadersSize"],
                "gzip": len(gzip.compress(body)) + sizes["responseHeadersSize"],
                "ttfb_ms": ttfb_ms(request),
            }
        )

    def stop(self) -> None:
        self.page.remove_listener("requestfinished", self._finished)

    def take(self) -> list[dict]:
        items, self.items = self.items, []
        return items


class Actions:
    """Counts what a person does: taps, keystroke groups (characters typed), screens scrolled,
    following the targets down the page as a thumb would."""

    def __init__(self, page):
        self.page = page
        self.taps = 0
        self.groups = 0
        self.chars = 0
        self.scrolls = 0

    def _reach(self, locator) -> None:
        box = locator.evaluate(
            "e => { const r = e.getBoundingClientRect();"
            " return {top: r.top + window.scrollY, bottom: r.bottom + window.scrollY}; }"
        )
        view_top = self.page.evaluate("window.scrollY")
        height = VIEWPORT["height"]
        if box["bottom"] > view_top + height or box["top"] < view_top:
            distance = abs(box["top"] - (view_top + height / 2))
            self.scrolls += max(1, math.ceil(distance / (height * SCROLL_SCREEN)))
        locator.scroll_into_view_if_needed()

    def tap(self, locator) -> None:
        self._reach(locator)
        locator.tap()
        self.taps += 1

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)
        self.groups += 1
        self.chars += len(text)


def one_round(context, base: str, data: dict) -> dict:
    page = context.new_page()
    page.set_default_timeout(30_000)
    traffic = Traffic(page)
    form = page.goto(base + "/quality/evaluate/").request
    page.wait_for_load_state("networkidle")
    loaded = traffic.take()
    actions = Actions(page)
    started = time.perf_counter()

    field = page.locator("input[name=person]")
    actions.tap(field)
    with page.expect_response(lambda r: "/quality/people/" in r.url):
        actions.type(TYPED_SURNAME)
    page.wait_for_function(
        "s => [...document.querySelectorAll('#person-options option')]"
        ".some(o => o.value.includes(s))",
        arg=SURNAME,
    )
    # Headless Chromium draws no datalist popup to tap: the tap on the suggestion is counted
    # and its value put in the field, as choosing it does.
    label = page.evaluate(
        "s => [...document.querySelectorAll('#person-options option')]"
        ".find(o => o.value.includes(s)).value",
        SURNAME,
    )
    field.fill(label)
    actions.taps += 1

    actions.tap(page.locator("label:has(input[name=channel][value=chat])"))
    date_field = page.locator("input[name=contact_date]")
    actions.tap(date_field)
    day = datetime.date.today() - datetime.timedelta(days=2)
    date_field.fill(day.isoformat())  # the day picked in the phone's date picker
    actions.taps += 1
    actions.tap(page.locator("input[name=reference]"))
    actions.type(REFERENCE)
    for criterion_id, answer in zip(data["criteria"], ANSWERS, strict=True):
        actions.tap(page.locator(f"label:has(input[name=c{criterion_id}][value='{answer}'])"))
    actions.tap(page.locator("textarea[name=comment]"))
    actions.type(COMMENT)
    with page.expect_navigation(url=lambda url: "/quality/evaluations/" in url) as navigation:
        actions.tap(page.locator("form.eval-form button[type=submit]"))
    page.wait_for_load_state("load")
    machine = time.perf_counter() - started
    page.wait_for_load_state("networkidle")
    during = traffic.take()
    traffic.stop()
    result_page = navigation.value.request
    post = result_page.redirected_from
    page.close()
    return {
        "loaded": loaded,
        "form_ttfb_ms": ttfb_ms(form),
        "post_ttfb_ms": ttfb_ms(post),
        "result_ttfb_ms": ttfb_ms(result_page),
        "searches": sum(1 for i in during if "/quality/people/" in i["url"]),
        "machine_s": machine,
        "actions": actions,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--staff", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="nastavnik-bench-"))
    process = None
    try:
        url = f"sqlite:///{workdir / 'bench.sqlite3'}"
        env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": SETTINGS}
        os.environ.update(DATABASE_URL=url, DJANGO_SETTINGS_MODULE=SETTINGS)
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
        data = data_build(args.staff)
        port = free_port()
        process = server_start(port, env, workdir / "server.log")
        base = f"http://{HOST}:{port}"

        from playwright.sync_api import sync_playwright

        from quality.models import Evaluation

        rounds = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            context = browser.new_context(
                locale="ru-RU", viewport=VIEWPORT, has_touch=True, is_mobile=True
            )
            context.add_cookies(
                [{"name": data["cookie_name"], "value": data["session"], "url": base}]
            )
            for _round in range(args.rounds):
                rounds.append(one_round(context, base, data))
            browser.close()
        saved = Evaluation.objects.filter(person=data["person"]).count()
        if saved != args.rounds:
            raise SystemExit(f"{saved} evaluations saved, {args.rounds} expected")
        report(rounds, data)
    finally:
        if process is not None:
            server_stop(process)
        shutil.rmtree(workdir, ignore_errors=True)


def report(rounds: list[dict], data: dict) -> None:
    first = rounds[0]
    actions = first["actions"]
    cold, warm = first["loaded"], rounds[-1]["loaded"]

    def median(key):
        return statistics.median(r[key] for r in rounds)

    print(f"15-criterion scorecard, 360 × 740 touch viewport, {len(rounds)} rounds")
    print(
        f"actions: {actions.taps} taps, {actions.groups} keystroke groups "
        f"({actions.chars} characters), {actions.scrolls} screens scrolled"
    )
    print(
        f"form page, empty cache: {len(cold)} requests, "
        f"{sum(i['bytes'] for i in cold) / 1024:.1f} KiB transferred "
        f"({sum(i['gzip'] for i in cold) / 1024:.1f} KiB if gzipped)"
    )
    for item in cold:
        print(f"  {item['bytes'] / 1024:7.1f} KiB  {item['url'].split('/', 3)[-1]}")
    print(
        f"form page, warm cache: {len(warm)} requests, "
        f"{sum(i['bytes'] for i in warm) / 1024:.1f} KiB"
    )
    print(f"people searches while typing: {first['searches']}")
    print(
        f"server time to first byte (median): form GET {median('form_ttfb_ms'):.0f} ms, "
        f"POST {median('post_ttfb_ms'):.0f} ms, result page {median('result_ttfb_ms'):.0f} ms"
    )
    each = ", ".join(f"{r['machine_s']:.2f}" for r in rounds)
    print(
        f"first tap to result page at machine speed (median): {median('machine_s'):.2f} s "
        f"(rounds: {each})"
    )
    tapping = actions.taps * TAP_S
    scrolling = actions.scrolls * SCROLL_S
    typing = actions.chars / TYPE_CHARS_PER_S
    human = tapping + scrolling + typing + SUGGESTION_WAIT_S
    print(
        f"a person, estimated: {human:.0f} s = {actions.taps} taps × {TAP_S:g} s "
        f"+ {actions.scrolls} scrolls × {SCROLL_S:g} s + {actions.chars} characters at "
        f"{TYPE_CHARS_PER_S:g}/s ({typing:.0f} s) + {SUGGESTION_WAIT_S:g} s waiting for the "
        f"suggestions"
    )
    print(
        "  assumed: a tap (find the target, read the criterion, tap) 2 s; a swipe of at most "
        f"{SCROLL_SCREEN:.0%} of the screen 1 s; typing 3 characters a second; the server's "
        "and the network's time left out (measured above)"
    )


if __name__ == "__main__":
    main()
