"""Benchmark: assigning a change to re-learn (``courses.services.content_change_assign``) at
company scale.

Builds, with bulk inserts, ``--staff`` people (default 50,000; a few have left or have a closed
account), one live product card shown in two of the three lessons of a course (a product card
block in the lesson body, so Wagtail's reference index links the lessons to the card), one
question on the card in a quiz, and as noise a few unrelated courses, a second card and three
quizzes of eight questions that most people took. About 60 % of the staff completed one or both of the card's lessons, about 20 %
answered the card's question in a submitted attempt (the two overlap); a few only opened a
lesson, only completed the lesson without the card, or have the quiz still open. The card is
then published with "staff must re-learn this", which records the change (and queues the
worker's task, which nobody runs here); a few people complete a card lesson after that, and
must not be reached. The benchmark times the assignment (one ``INSERT … SELECT``) and a second
run, which must assign nothing, and checks that exactly the staying staff who completed a card
lesson or answered its question before the change got it: the script exits with status 1
otherwise.

The database is the one ``DATABASE_URL`` names. A PostgreSQL database is dropped and created
afresh, so its name must contain "bench" (``postgres://postgres@127.0.0.1:5432/bench_changes``);
without ``DATABASE_URL``, or with a SQLite one, a scratch SQLite file is used and removed.
Statistics are gathered (ANALYZE) before timing, as autovacuum would on a live database.
``--explain`` prints the database's plan for the selection of the people a change reaches.

The last line is the first run's time: "changes: 50000 staff, 1.2 s".

Run: .venv/bin/python bench/changes.py [--staff 50000] [--seed 1] [--explain]
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

from bench.refreshers import BATCH, SETTINGS, bulk, database_prepare

NOISE_COURSES = 4
NOISE_QUIZZES = 3
NOISE_QUESTIONS = 8
LESSONS = 3
CHANGE_NOTE = "Цена выросла на 50 ₽, роутер теперь в подарок."


def pages_build() -> dict:
    """The card, its course (lessons 0 and 1 show the card, lesson 2 does not), a second card
    shown in a lesson of the first noise course, and the noise courses; page ids by role."""
    from courses.models import (
        CourseIndexPage,
        CoursePage,
        LessonPage,
        ProductCardPage,
        ProductIndexPage,
    )

    products = ProductIndexPage.objects.get()
    cards = []
    for number in range(2):
        card = ProductCardPage(
            title=f"Домашний интернет {number + 1}00",
            slug=f"bench-card-{number}",
            pitch="Быстрый интернет без вечерних провалов",
            description="Интернет до 500 Мбит/с и роутер в аренду.",
        )
        products.add_child(instance=card)
        card.save_revision().publish()
        cards.append(card)
    card, other_card = cards

    courses = CourseIndexPage.objects.get()
    lessons = {"card_lessons": [], "plain": [], "noise": []}
    for number in range(1 + NOISE_COURSES):
        course = CoursePage(title=f"Курс {number}", slug=f"bench-course-{number}")
        courses.add_child(instance=course)
        for lesson_number in range(LESSONS):
            shown = None
            if number == 0 and lesson_number < 2:
                shown = card
            elif number == 1 and lesson_number == 0:
                shown = other_card
            body = [("text", f"Урок {lesson_number} курса {number}.")]
            if shown is not None:
                body.append(("product_card", {"card": shown, "note": ""}))
            lesson = LessonPage(
                title=f"Урок {lesson_number}", slug=f"lesson-{lesson_number}", body=body
            )
            course.add_child(instance=lesson)
            lesson.save_revision().publish()
            kind = "noise" if number else "card_lessons" if shown is not None else "plain"
            lessons[kind].append(lesson.pk)
    return {"card": card, "other_card": other_card, **lessons}


def quizzes_build(*, card, other_card) -> dict:
    """A quiz on the card (its question and one on the other card) and noise quizzes of
    questions on nothing in particular, which most people took."""
    from quizzes.models import Question, Quiz, QuizQuestion

    def question(text, page):
        return Question.objects.create(
            type=Question.Type.TRUE_FALSE, text=text, knowledge_page=page, correct_bool=True
        )

    card_question = question("Роутер входит в тариф?", card)
    other_question = question("Тариф подходит семьям?", other_card)
    card_quiz = Quiz.objects.create(title="Тарифы", live=True)
    quiz_questions = {card_quiz.pk: [card_question.pk, other_question.pk]}
    noise_quizzes = []
    for number in range(NOISE_QUIZZES):
        quiz = Quiz.objects.create(title=f"Стандарты {number}", live=True)
        quiz_questions[quiz.pk] = [
            question(f"Вопрос {position} о стандартах {number}", None).pk
            for position in range(NOISE_QUESTIONS)
        ]
        noise_quizzes.append(quiz)
    QuizQuestion.objects.bulk_create(
        QuizQuestion(quiz_id=quiz_id, question_id=question_id, sort_order=position)
        for quiz_id, question_ids in quiz_questions.items()
        for position, question_id in enumerate(question_ids)
    )
    return {
        "card_quiz": card_quiz,
        "noise_quizzes": noise_quizzes,
        "card_question": card_question,
        "quiz_questions": quiz_questions,
    }


def staff_build(*, staff: int, rng: random.Random, now: datetime.datetime) -> dict:
    """Users and their staff profiles; the ids of all and of those who stay (active, not
    left)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from lms.people.models import StaffProfile

    User = get_user_model()
    unusable = make_password(None)
    bulk(
        User,
        [
            User(username=f"bench{i:06d}", first_name=f"Имя{i}", last_name=f"Фамилия{i}",
                 password=unusable, is_active=rng.random() > 0.01)
            for i in range(staff)
        ],
    )  # fmt: skip
    active = dict(User.objects.filter(username__startswith="bench").values_list("pk", "is_active"))
    statuses = [StaffProfile.Status.SOLO] * 88 + [StaffProfile.Status.ONBOARDING] * 10
    statuses += [StaffProfile.Status.LEFT] * 2
    people, staying = [], set()
    for user_id, is_active in active.items():
        status = rng.choice(statuses)
        people.append(
            StaffProfile(
                user_id=user_id,
                hire_date=(now - datetime.timedelta(days=rng.randint(30, 2000))).date(),
                status=status,
            )
        )
        if is_active and status != StaffProfile.Status.LEFT:
            staying.add(user_id)
    bulk(StaffProfile, people)
    return {"users": list(active), "staying": staying}


def learning_build(*, users, pages, quizzes, rng: random.Random, now) -> dict:
    """Lesson progress and quiz attempts before the change; the ids of the people who learned
    the card (completed a card lesson, answered the card's question) as the data was made."""
    from courses.models import LessonProgress
    from quizzes.models import Attempt

    progress, attempts = [], []
    completed, answered = set(), set()

    def past():
        return now - datetime.timedelta(days=rng.uniform(1, 365))

    def lesson_rows(user_id, lesson_ids, *, done=True):
        for lesson_id in lesson_ids:
            at = past()
            progress.append(
                LessonProgress(user_id=user_id, lesson_id=lesson_id, started_at=at,
                               completed_at=at if done else None)
            )  # fmt: skip

    def attempt_row(user_id, quiz, *, submitted=True):
        at = past()
        attempts.append(
            Attempt(user_id=user_id, quiz=quiz, number=1, started_at=at, max_score=2,
                    status=Attempt.Status.SUBMITTED if submitted else Attempt.Status.IN_PROGRESS,
                    submitted_at=at if submitted else None, score=1 if submitted else None)
        )  # fmt: skip

    card_a, card_b = pages["card_lessons"]
    for user_id in users:
        chance = rng.random()
        if chance < 0.60:  # completed one or both of the card's lessons, often the third too
            lesson_rows(user_id, rng.choice([[card_a], [card_b], [card_a, card_b]]))
            if rng.random() < 0.7:
                lesson_rows(user_id, pages["plain"])
            completed.add(user_id)
        elif chance < 0.64:  # opened a card lesson, never completed it
            lesson_rows(user_id, [card_a], done=False)
        elif chance < 0.68:  # completed only the lesson without the card
            lesson_rows(user_id, pages["plain"])
        # The card's question: about 20 % answered it, more often those who did the lessons.
        quiz_chance = rng.random()
        if quiz_chance < (0.25 if user_id in completed else 0.125):
            attempt_row(user_id, quizzes["card_quiz"])
            answered.add(user_id)
        elif quiz_chance > 0.98:
            attempt_row(user_id, quizzes["card_quiz"], submitted=False)
        for course_start in range(0, len(pages["noise"]), LESSONS):
            if rng.random() < 0.5:
                lesson_rows(user_id, pages["noise"][course_start : course_start + LESSONS])
        for quiz in quizzes["noise_quizzes"]:
            if rng.random() < 0.6:
                attempt_row(user_id, quiz)
    bulk(LessonProgress, progress)
    bulk(Attempt, attempts)
    attempt_questions_build(quizzes=quizzes)
    return {"completed": completed, "answered": answered, "progress": len(progress)}


def attempt_questions_build(*, quizzes) -> None:
    """Every attempt's questions, answered when it was submitted; the snapshot is minimal."""
    from quizzes.models import Attempt, AttemptQuestion

    rows = []
    for attempt in Attempt.objects.values("pk", "quiz_id", "status", "submitted_at"):
        submitted = attempt["status"] == Attempt.Status.SUBMITTED
        for position, question_id in enumerate(quizzes["quiz_questions"][attempt["quiz_id"]]):
            rows.append(
                AttemptQuestion(
                    attempt_id=attempt["pk"], question_id=question_id, position=position,
                    snapshot={"type": "true_false", "text": "…"},
                    response={"value": True} if submitted else None,
                    answered_at=attempt["submitted_at"], score=1 if submitted else None,
                    correct=True if submitted else None,
                )
            )  # fmt: skip
        if len(rows) > 20 * BATCH:
            bulk(AttemptQuestion, rows)
            rows = []
    bulk(AttemptQuestion, rows)


def later_learners_build(*, users, pages, learned, rng: random.Random, published_at) -> int:
    """About 1 % of the people who had not learned the card complete one of its lessons after
    the change was published (before the worker runs): they learned the new version."""
    from courses.models import LessonProgress

    candidates = [user_id for user_id in users if user_id not in learned]
    later = rng.sample(candidates, min(len(candidates), len(users) // 100))
    existing = set(
        LessonProgress.objects.filter(
            user_id__in=later, lesson_id=pages["card_lessons"][1]
        ).values_list("user_id", flat=True)
    )
    rows = []
    for user_id in later:
        if user_id in existing:  # only opened it before: no second row for the same lesson
            continue
        at = published_at + datetime.timedelta(seconds=rng.uniform(1, 600))
        rows.append(
            LessonProgress(user_id=user_id, lesson_id=pages["card_lessons"][1], started_at=at,
                           completed_at=at)
        )  # fmt: skip
    bulk(LessonProgress, rows)
    return len(rows)


def change_publish(*, card):
    """Publish the card with "staff must re-learn this", as an author would; the change."""
    from courses.models import ContentChange

    editable = card.get_latest_revision_as_object()
    editable.relearn_required = True
    editable.change_note = CHANGE_NOTE
    revision = editable.save_revision()
    revision.publish()
    return ContentChange.objects.get(revision=revision)


def references_check(*, pages) -> list[str]:
    """Problems with the reference index: exactly the card's two lessons must show it."""
    from django.contrib.contenttypes.models import ContentType

    from wagtail.models import Page, ReferenceIndex

    page_type = ContentType.objects.get_for_model(Page)
    showing = set(
        ReferenceIndex.objects.filter(
            to_content_type=page_type,
            to_object_id=str(pages["card"].pk),
            base_content_type=page_type,
        ).values_list("object_id", flat=True)
    )
    expected = {str(pk) for pk in pages["card_lessons"]}
    if showing != expected:
        return [f"reference index: pages showing the card {sorted(showing)}, not {expected}"]
    return []


def expected_learners(*, change, pages, card_question) -> set:
    """Who the change must reach, by plain queries: staying staff who completed a card lesson
    or answered the card's question in a submitted attempt, before it was published."""
    from courses.models import LessonProgress
    from lms.people.models import StaffProfile
    from quizzes.models import Attempt, AttemptQuestion

    completed = LessonProgress.objects.filter(
        lesson_id__in=pages["card_lessons"], completed_at__lte=change.published_at
    ).values_list("user_id", flat=True)
    answered = AttemptQuestion.objects.filter(
        question=card_question,
        attempt__status=Attempt.Status.SUBMITTED,
        attempt__submitted_at__lte=change.published_at,
    ).values_list("attempt__user_id", flat=True)
    staying = StaffProfile.objects.filter(
        user__is_active=True,
        status__in=[StaffProfile.Status.ONBOARDING, StaffProfile.Status.SOLO],
    ).values_list("user_id", flat=True)
    return (set(completed) | set(answered)) & set(staying)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--staff", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--explain", action="store_true", help="print the selection's plan")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="nastavnik-bench-"))
    problems = []
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
        from courses.selectors import change_learners
        from courses.services import content_change_assign
        from quizzes.models import AttemptQuestion

        print(f"{engine}: migrate, then {args.staff} staff, one changed product card…", flush=True)
        call_command("migrate", verbosity=0, interactive=False)
        started = time.perf_counter()
        rng, now = random.Random(args.seed), timezone.now()
        pages = pages_build()
        quizzes = quizzes_build(card=pages["card"], other_card=pages["other_card"])
        people = staff_build(staff=args.staff, rng=rng, now=now)
        learned = learning_build(users=people["users"], pages=pages, quizzes=quizzes, rng=rng,
                                 now=now)  # fmt: skip
        learners = learned["completed"] | learned["answered"]
        problems += references_check(pages=pages)
        change = change_publish(card=pages["card"])
        later = later_learners_build(
            users=people["users"],
            pages=pages,
            learned=learners,
            rng=rng,
            published_at=change.published_at,
        )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        both = learned["completed"] & learned["answered"]
        made = learners & people["staying"]
        print(
            f"built in {time.perf_counter() - started:.1f} s: {len(people['staying'])} of "
            f"{args.staff} staff staying; {len(learned['completed'])} completed a card lesson, "
            f"{len(learned['answered'])} answered its question ({len(both)} both; "
            f"{len(learners - people['staying'])} of them left or closed), {later} "
            f"completed a card lesson after the change; {LessonProgress.objects.count()} lesson "
            f"progress rows, {AttemptQuestion.objects.count()} attempt questions",
            flush=True,
        )
        if args.explain:
            # Run for real (ANALYZE) where the database can: PostgreSQL.
            analyze = {"analyze": True} if connection.vendor == "postgresql" else {}
            selection = change_learners(change=change).order_by().values("user_id")
            print(selection.explain(**analyze))

        started = time.perf_counter()
        assigned = content_change_assign(change_id=change.pk)
        first = time.perf_counter() - started
        started = time.perf_counter()
        again = content_change_assign(change_id=change.pk)  # a redelivered task
        second = time.perf_counter() - started

        expected = expected_learners(
            change=change, pages=pages, card_question=quizzes["card_question"]
        )
        got = set(
            Assignment.objects.filter(content_change=change).values_list("user_id", flat=True)
        )
        change.refresh_from_db()
        print(
            f"first run: {len(expected)} staff reached, {assigned} refreshers assigned "
            f"(stored count {change.assigned_count}), {first:.2f} s"
        )
        print(f"second run: {again} assigned, {second:.3f} s")
        if expected != made:
            problems.append(f"the plain query finds {len(expected)} reached, the data {len(made)}")
        if got != expected or assigned != len(expected) or change.assigned_count != assigned:
            problems.append(
                f"assigned {assigned} (stored {change.assigned_count}), expected "
                f"{len(expected)}: {len(got - expected)} wrongly, {len(expected - got)} missed"
            )
        if again != 0:
            problems.append(f"the second run assigned {again}, not 0")
        for problem in problems:
            print(f"WRONG: {problem}")
        print(f"changes: {args.staff} staff, {first:.1f} s")
    finally:
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        shutil.rmtree(workdir, ignore_errors=True)
    if problems:
        sys.exit(1)


if __name__ == "__main__":
    main()
