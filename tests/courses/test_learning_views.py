"""The learner's screens in the page tree: "my plan" on the home page, the course catalogue,
a course, a lesson (with its blocks, its quiz panel and "mark as done"), and the refusals.
Each page costs the same number of queries with little and with much data."""

import datetime
import re

from django.conf import settings
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from courses.models import Assignment, CourseIndexPage, HomePage, LessonProgress
from courses.services import (
    ERROR_GATE_NOT_PASSED,
    ERROR_LESSON_LOCKED,
    assignment_create,
    lesson_complete,
)
from courses.views import MESSAGE_LESSON_DONE
from lms.people.services import staff_member_leave
from quizzes.models import AttemptQuestion, Quiz
from quizzes.services import attempt_answer_save, attempt_start, attempt_submit
from tests.courses.factories import (
    DocumentFactory,
    LessonPageFactory,
    ProductCardPageFactory,
    course_create,
    course_lessons,
)
from tests.factories import JobRoleFactory, staff_user
from tests.glossary.helpers import term_create
from tests.quizzes.factories import quiz_create, right_answer, single_choice_create


def _count_queries(client, url: str) -> int:
    client.get(url)  # warm up: caches of site roots, the glossary matcher, renditions
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries)


def _assign(user, course, *, due_in_days=None, source=Assignment.Source.MANUAL):
    due_at = None
    if due_in_days is not None:
        due_at = timezone.now() + datetime.timedelta(days=due_in_days)
    return assignment_create(user=user, course=course, source=source, due_at=due_at)[0]


def _in_english(client):
    """Assertions below name the English labels: they must not depend on what is translated."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _en(text) -> str:
    with translation.override("en"):
        return str(text)


def _home_url():
    return HomePage.objects.get().url


def _catalogue_url():
    return CourseIndexPage.objects.get().url


class LearningPagesAccessTests(TestCase):
    """Every learner page: anonymous → login, a person who left → login, a learner → 200."""

    @classmethod
    def setUpTestData(cls):
        cls.learner = staff_user()
        cls.left = staff_user()
        staff_member_leave(profile=cls.left.staff_profile)
        cls.course = course_create(lessons=2)
        cls.urls = [
            _home_url(),
            _catalogue_url(),
            cls.course.url,
            course_lessons(cls.course)[0].url,
        ]

    def test_anonymous_is_sent_to_login(self):
        for url in self.urls:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 302)
                self.assertTrue(response["Location"].startswith("/accounts/login/?next="))

    def test_a_person_who_left_is_sent_to_login(self):
        self.client.force_login(self.left)
        for url in self.urls:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 302)
                self.assertIn("/accounts/login/", response["Location"])

    def test_learner_sees_every_page(self):
        self.client.force_login(self.learner)
        for url in self.urls:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 200)


class MyPlanTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.learner = staff_user()
        cls.soon = course_create(lessons=2, title="Курс скоро")
        cls.later = course_create(lessons=3, title="Курс позже")
        cls.late = course_create(lessons=2, title="Курс просрочен")
        cls.done = course_create(lessons=1, title="Курс пройден")
        _assign(cls.learner, cls.later, due_in_days=20)
        _assign(cls.learner, cls.soon, due_in_days=3)
        _assign(cls.learner, cls.late, due_in_days=-2)
        _assign(cls.learner, cls.done, due_in_days=5)
        lesson_complete(user=cls.learner, lesson=course_lessons(cls.done)[0])
        lesson_complete(user=cls.learner, lesson=course_lessons(cls.soon)[0])

    def setUp(self):
        self.client.force_login(self.learner)
        _in_english(self.client)

    def test_open_assignments_soonest_due_first_with_overdue_marked_in_words(self):
        html = self.client.get(_home_url()).content.decode()
        current = html.split('class="plan-completed"')[0]
        positions = [
            current.index(title) for title in ("Курс просрочен", "Курс скоро", "Курс позже")
        ]
        self.assertEqual(positions, sorted(positions))
        overdue_entry = re.search(
            r'<li class="plan-entry card plan-entry--overdue">(.*?)</li>', html, re.S
        )
        self.assertIsNotNone(overdue_entry)
        self.assertIn("Курс просрочен", overdue_entry.group(1))
        self.assertIn("overdue", overdue_entry.group(1))
        self.assertEqual(html.count("plan-entry--overdue"), 1)

    def test_completed_courses_are_in_a_collapsed_section(self):
        html = self.client.get(_home_url()).content.decode()
        current, completed = html.split('<details class="plan-completed">')
        self.assertNotIn("Курс пройден", current)
        self.assertIn("Курс пройден", completed.split("</details>")[0])

    def test_one_continue_button_to_the_next_lesson_of_the_first_course(self):
        response = self.client.get(_home_url())
        html = response.content.decode()
        # The overdue course comes first and has not been started.
        first_lesson = course_lessons(self.late)[0]
        self.assertEqual(len(re.findall(r"button--big", html)), 1)
        self.assertRegex(
            html, rf'<a class="button button--wide button--big" href="{first_lesson.url}">'
        )

    def test_a_completed_course_says_when_and_shows_no_lesson_count(self):
        # After a refresher its lessons start afresh; the finished assignment stays finished.
        LessonProgress.objects.filter(
            user=self.learner, lesson__in=course_lessons(self.done)
        ).delete()

        html = self.client.get(_home_url()).content.decode()

        completed = html.split('<details class="plan-completed">')[1].split("</details>")[0]
        self.assertIn("completed", completed)
        self.assertNotIn("lessons done", completed)
        self.assertNotIn(f"progress-current-{self.done.pk}", html)

    def test_progress_is_a_labelled_progress_bar(self):
        html = self.client.get(_home_url()).content.decode()
        self.assertRegex(
            html, rf'<progress id="progress-current-{self.soon.pk}" max="2" value="1">'
        )
        self.assertIn(f'for="progress-current-{self.soon.pk}"', html)
        self.assertIn("1 of 2 lessons done", html)

    def test_assignment_source_and_due_date_are_shown(self):
        response = self.client.get(_home_url())
        self.assertContains(response, _en(Assignment.Source.MANUAL.label))
        self.assertContains(response, "<time datetime=")

    def test_knowledge_base_sections_stay_below(self):
        html = self.client.get(_home_url()).content.decode()
        self.assertLess(html.index("plan-entry"), html.index('href="/knowledge/products/"'))

    def test_nothing_assigned_points_to_the_catalogue_and_the_knowledge_base(self):
        self.client.force_login(staff_user())
        response = self.client.get(_home_url())
        self.assertContains(response, "Nothing is assigned to you yet.")
        self.assertContains(response, 'class="button" href="/courses/"')
        self.assertContains(response, 'href="/knowledge/"')
        self.assertNotContains(response, "button--big")

    def test_queries_do_not_grow_with_assignments(self):
        user = staff_user()
        self.client.force_login(user)
        _assign(user, course_create(lessons=2), due_in_days=1)
        small = _count_queries(self.client, _home_url())
        for n in range(14):
            course = course_create(lessons=3)
            _assign(user, course, due_in_days=n - 3)
            if n % 3 == 0:
                lesson_complete(user=user, lesson=course_lessons(course)[0])
        large = _count_queries(self.client, _home_url())
        self.assertEqual(small, large)


class CourseCatalogueTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.learner = staff_user()
        cls.course = course_create(
            lessons=1, title="Продажи для новичков", summary="Как **продавать** тарифы.",
            estimated_minutes=45,
        )  # fmt: skip

    def setUp(self):
        self.client.force_login(self.learner)
        _in_english(self.client)

    def test_lists_courses_with_summary_and_time(self):
        response = self.client.get(_catalogue_url())
        self.assertContains(response, f'href="{self.course.url}"')
        self.assertContains(response, "<strong>продавать</strong>")
        self.assertContains(response, "45")

    def test_queries_do_not_grow_with_courses(self):
        small = _count_queries(self.client, _catalogue_url())
        for _n in range(10):
            course_create(lessons=0)
        large = _count_queries(self.client, _catalogue_url())
        self.assertEqual(small, large)


class CoursePageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.learner = staff_user()
        cls.quiz = quiz_create(questions=[single_choice_create()], title="Проверка по тарифам")
        cls.course = course_create(
            lessons=3, gates={1: cls.quiz}, summary="Курс про *тарифы*.", title="Тарифы"
        )
        cls.lessons = course_lessons(cls.course)

    def setUp(self):
        self.client.force_login(self.learner)
        _in_english(self.client)

    def test_first_lesson_open_others_locked_and_not_links(self):
        response = self.client.get(self.course.url)
        first, second, third = self.lessons
        self.assertContains(response, f'href="{first.url}"')
        for locked in (second, third):
            self.assertNotContains(response, f'href="{locked.url}"')
            self.assertContains(response, locked.title)
        self.assertContains(response, "lesson-row--locked", count=2)
        self.assertContains(response, "lesson-state--locked", count=2)
        self.assertContains(response, ">locked</span>", count=2)
        self.assertContains(response, "<em>тарифы</em>")
        self.assertContains(response, "ends with a quiz")

    def test_start_then_continue_then_done(self):
        first = self.lessons[0]
        response = self.client.get(self.course.url)
        self.assertContains(
            response, f'<a class="button button--wide" href="{first.url}">Start</a>'
        )
        lesson_complete(user=self.learner, lesson=first)
        response = self.client.get(self.course.url)
        self.assertContains(
            response, f'<a class="button button--wide" href="{self.lessons[1].url}">Continue</a>'
        )
        self.assertContains(response, "lesson-row--completed", count=1)
        self.assertContains(response, '<progress id="progress-', count=1)
        self.assertContains(response, 'max="3" value="1"')

    def test_queries_do_not_grow_with_lessons(self):
        small_course = course_create(lessons=2)
        large_course = course_create(lessons=20)
        for course in (small_course, large_course):
            lesson_complete(user=self.learner, lesson=course_lessons(course)[0])
        small = _count_queries(self.client, small_course.url)
        large = _count_queries(self.client, large_course.url)
        self.assertEqual(small, large)


class LessonPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.learner = staff_user()
        cls.quiz = quiz_create(
            questions=[single_choice_create()], title="Проверка по тарифам", pass_mark=70
        )
        cls.course = course_create(lessons=3, gates={0: cls.quiz}, title="Тарифы")
        cls.lessons = course_lessons(cls.course)
        cls.plain_course = course_create(lessons=2, title="Без проверок")
        cls.plain_lessons = course_lessons(cls.plain_course)

    def setUp(self):
        self.client.force_login(self.learner)
        _in_english(self.client)

    def test_locked_lesson_by_direct_url_is_403_with_the_reason(self):
        response = self.client.get(self.lessons[1].url)
        self.assertEqual(response.status_code, 403)
        self.assertTemplateUsed(response, "courses/lesson_locked.html")
        self.assertContains(response, _en(ERROR_LESSON_LOCKED), status_code=403)
        self.assertContains(response, f'href="{self.course.url}"', status_code=403)
        self.assertFalse(
            LessonProgress.objects.filter(user=self.learner, lesson=self.lessons[1]).exists()
        )

    def test_gated_lesson_shows_the_quiz_panel_and_no_mark_as_done(self):
        response = self.client.get(self.lessons[0].url)
        self.assertContains(response, "Проверка по тарифам")
        self.assertContains(response, "Pass mark: 70 %")
        self.assertContains(response, f'href="{reverse("quizzes:quiz", args=[self.quiz.pk])}"')
        self.assertContains(response, "Take the quiz")
        self.assertContains(response, "Not passed yet.")
        self.assertNotContains(response, "Mark as done")

    def test_next_is_disabled_with_the_reason_while_locked(self):
        response = self.client.get(self.lessons[0].url)
        self.assertContains(response, 'disabled aria-describedby="next-locked-reason"')
        self.assertContains(response, "Pass the quiz above to open the next lesson.")
        self.assertNotContains(response, f'href="{self.lessons[1].url}"')

    def test_plain_lesson_has_mark_as_done_posting_to_the_next_lesson(self):
        first, second = self.plain_lessons
        response = self.client.get(first.url)
        action = reverse("courses:lesson_complete", args=[first.pk])
        self.assertContains(response, f'action="{action}"')
        self.assertContains(response, f'name="next" value="{second.url}"')
        self.assertContains(response, "Mark this lesson as done to open the next one.")

    def test_completed_lesson_links_to_previous_and_next(self):
        first, second = self.plain_lessons
        lesson_complete(user=self.learner, lesson=first)
        response = self.client.get(first.url)
        self.assertContains(response, f'rel="next" href="{second.url}"')
        self.assertNotContains(response, "Mark as done")
        response = self.client.get(second.url)
        self.assertContains(response, f'rel="prev" href="{first.url}"')
        self.assertContains(response, f'href="{self.plain_course.url}"')

    def test_passed_quiz_shows_in_the_panel_and_opens_next(self):
        attempt, _ = attempt_start(user=self.learner, quiz=self.quiz)
        for row in AttemptQuestion.objects.filter(attempt=attempt):
            attempt_answer_save(
                attempt=attempt, question_id=row.question_id, data=right_answer(row.snapshot)
            )
        attempt_submit(attempt=attempt)
        response = self.client.get(self.lessons[0].url)
        self.assertContains(response, "You passed this quiz.")
        self.assertContains(response, "gate--passed")
        self.assertContains(response, f'rel="next" href="{self.lessons[1].url}"')
        self.assertNotContains(response, "Take the quiz")

    def test_unpublished_quiz_says_so_instead_of_a_dead_link(self):
        Quiz.objects.filter(pk=self.quiz.pk).update(live=False)
        response = self.client.get(self.lessons[0].url)
        self.assertContains(response, "The quiz is not published yet.")
        self.assertNotContains(response, reverse("quizzes:quiz", args=[self.quiz.pk]))

    def test_queries_do_not_grow_with_lessons(self):
        small_course = course_create(lessons=2)
        large_course = course_create(lessons=20)
        small = _count_queries(self.client, course_lessons(small_course)[0].url)
        large = _count_queries(self.client, course_lessons(large_course)[0].url)
        self.assertEqual(small, large)


class LessonBlocksTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.learner = staff_user()
        cls.card = ProductCardPageFactory(title="Интернет 500", pitch="Фильмы без пауз вечером")
        cls.term = term_create(
            term_ru="Отстройка", slug="otstroyka", definition_ru="Чем мы лучше конкурента."
        )
        cls.document = DocumentFactory(title="Памятка по тарифам")
        cls.document.file_size = 2048
        cls.document.save()
        cls.video = DocumentFactory(title="Видео")
        cls.video.file.name = "documents/lesson.mp4"
        cls.video.save()
        course = course_create(lessons=0)
        cls.lesson = LessonPageFactory(
            parent=course,
            title="Урок с блоками",
            body=[
                ("text", "Начните с **пользы**."),
                ("product_card", {"card": cls.card, "note": "Обратите внимание на цену."}),
                ("glossary_callout", {"term": cls.term, "note": ""}),
                (
                    "script",
                    {
                        "situation": "Клиент говорит «дорого»",
                        "say": "Давайте посчитаем цену за мегабит.",
                        "not_that": "У всех так.",
                        "why": "Сравнение убеждает.",
                    },
                ),
                ("document", {"document": cls.document, "note": "Покажите клиенту."}),
                ("video", {"video": cls.video, "caption": "Как показать роутер"}),
            ],
        )

    def setUp(self):
        self.client.force_login(self.learner)
        _in_english(self.client)

    def test_every_block_renders(self):
        response = self.client.get(self.lesson.url)
        self.assertContains(response, "<strong>пользы</strong>")
        # Product card: its pitch and a link.
        self.assertContains(response, "Фильмы без пауз вечером")
        self.assertContains(response, f'href="{self.card.url}"')
        # Glossary callout: the term and its plain definition.
        self.assertContains(response, "Отстройка")
        self.assertContains(response, "Чем мы лучше конкурента.")
        # Script: "say" and "not" are labelled in words, not only by colour.
        html = response.content.decode()
        say = html.index('class="script__say"')
        not_that = html.index('class="script__not"')
        self.assertIn("Давайте посчитаем цену за мегабит.", html[say:not_that])
        self.assertIn("У всех так.", html[not_that:])
        self.assertRegex(html[say:not_that], r"</svg>\s*\S+</p>")
        # Document: title, extension, size and a download link.
        self.assertContains(response, "Памятка по тарифам")
        self.assertContains(response, "PDF")
        self.assertContains(response, "2.0\xa0KB")
        self.assertContains(response, f'href="{self.document.url}" download')
        # Video: the browser's own player, fetching only metadata until played.
        self.assertContains(response, f'<video controls preload="metadata" src="{self.video.url}"')
        self.assertContains(response, "Как показать роутер")

    def test_unpublished_card_and_term_are_left_out(self):
        self.card.unpublish()
        self.term.live = False
        self.term.save()
        response = self.client.get(self.lesson.url)
        self.assertNotContains(response, "Фильмы без пауз вечером")
        self.assertNotContains(response, "Чем мы лучше конкурента.")


class LessonCompleteViewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.learner = staff_user()
        cls.quiz = quiz_create(questions=[single_choice_create()])
        cls.gated = course_create(lessons=2, gates={0: cls.quiz})
        cls.plain = course_create(lessons=2)

    def setUp(self):
        _in_english(self.client)

    def _url(self, lesson):
        return reverse("courses:lesson_complete", args=[lesson.pk])

    def test_anonymous_is_sent_to_login(self):
        lesson = course_lessons(self.plain)[0]
        response = self.client.post(self._url(lesson))
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith("/accounts/login/?next="))

    def test_only_post(self):
        self.client.force_login(self.learner)
        self.assertEqual(self.client.get(self._url(course_lessons(self.plain)[0])).status_code, 405)

    def test_unknown_lesson_is_404(self):
        self.client.force_login(self.learner)
        self.assertEqual(
            self.client.post(reverse("courses:lesson_complete", args=[999999])).status_code, 404
        )

    def test_marks_done_and_goes_to_next(self):
        self.client.force_login(self.learner)
        first, second = course_lessons(self.plain)
        response = self.client.post(self._url(first), {"next": second.url}, follow=True)
        self.assertRedirects(response, second.url)
        self.assertContains(response, _en(MESSAGE_LESSON_DONE))
        progress = LessonProgress.objects.get(user=self.learner, lesson=first)
        self.assertIsNotNone(progress.completed_at)

    def test_an_outside_next_goes_back_to_the_lesson(self):
        self.client.force_login(self.learner)
        first = course_lessons(self.plain)[0]
        response = self.client.post(self._url(first), {"next": "https://evil.example.com/"})
        self.assertRedirects(response, first.url, fetch_redirect_response=False)

    def test_locked_lesson_is_refused_with_the_reason(self):
        self.client.force_login(self.learner)
        second = course_lessons(self.plain)[1]
        response = self.client.post(self._url(second))
        self.assertEqual(response.status_code, 403)
        self.assertContains(response, _en(ERROR_LESSON_LOCKED), status_code=403)
        self.assertContains(response, f'href="{self.plain.url}"', status_code=403)
        self.assertFalse(LessonProgress.objects.filter(lesson=second).exists())

    def test_gate_not_passed_is_refused_with_the_reason(self):
        self.client.force_login(self.learner)
        first = course_lessons(self.gated)[0]
        response = self.client.post(self._url(first))
        self.assertEqual(response.status_code, 403)
        self.assertContains(response, _en(ERROR_GATE_NOT_PASSED), status_code=403)
        self.assertContains(response, f'href="{first.url}"', status_code=403)
        self.assertFalse(
            LessonProgress.objects.filter(lesson=first, completed_at__isnull=False).exists()
        )


class LearnerLanguageTests(TestCase):
    """Russian by default, whatever the browser says; English after the switch."""

    @classmethod
    def setUpTestData(cls):
        cls.learner = staff_user()
        cls.course = course_create(lessons=1)
        lesson = course_lessons(cls.course)[0]
        lesson.body = [("script", {"situation": "Приветствие", "say": "Здравствуйте!"})]
        lesson.save_revision().publish()
        cls.lesson = lesson
        _assign(cls.learner, cls.course, due_in_days=3)

    def setUp(self):
        self.client.force_login(self.learner)

    def test_russian_by_default(self):
        response = self.client.get(_home_url(), headers={"accept-language": "en"})
        self.assertContains(response, '<html lang="ru">')
        self.assertContains(response, "<h2>База знаний</h2>", html=False)
        response = self.client.get(self.lesson.url, headers={"accept-language": "en"})
        self.assertContains(response, "Говорите")
        self.assertNotContains(response, "</svg>Say</p>")

    def test_english_after_switching(self):
        response = self.client.post(
            reverse("set_language"), {"language": "en", "next": _home_url()}
        )
        self.assertEqual(response.cookies[settings.LANGUAGE_COOKIE_NAME].value, "en")
        response = self.client.get(_home_url())
        self.assertContains(response, '<html lang="en">')
        self.assertContains(response, "<h1>My plan</h1>", html=False)
        self.assertContains(response, ">Courses</a>")
        self.assertContains(response, ">Continue</a>")
        self.assertContains(response, "<h2>Knowledge base</h2>", html=False)
        response = self.client.get(self.lesson.url)
        self.assertContains(response, "</svg>Say</p>")
        self.assertContains(response, "Mark as done")


class CatalogueProgressTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.learner = staff_user()
        cls.role_course = course_create(lessons=2, title="Для всех")
        cls.other_role_course = course_create(
            lessons=1, title="Для кладовщиков", job_roles=[JobRoleFactory(name="Кладовщик")]
        )
        cls.done_course = course_create(lessons=1, title="Уже пройден")
        lesson_complete(user=cls.learner, lesson=course_lessons(cls.done_course)[0])

    def setUp(self):
        self.client.force_login(self.learner)
        _in_english(self.client)

    def test_each_course_shows_the_learners_progress_and_where_to_go_on(self):
        response = self.client.get(_catalogue_url())
        first = course_lessons(self.role_course)[0]
        self.assertContains(response, "0 of 2 lessons done")
        self.assertContains(response, f'href="{first.url}"')
        self.assertContains(response, "1 of 1 lesson done")
        self.assertContains(response, "Completed")

    def test_courses_for_everyone_are_marked_as_for_the_learner(self):
        response = self.client.get(_catalogue_url())
        self.assertContains(response, "For your job role", count=2)


class GatePanelResultsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.learner = staff_user()
        cls.quiz = quiz_create(questions=[single_choice_create()], title="Тарифы: проверка")
        cls.course = course_create(lessons=2, gates={0: cls.quiz})

    def setUp(self):
        self.client.force_login(self.learner)
        _in_english(self.client)

    def test_the_panel_shows_attempts_best_and_last(self):
        lesson = course_lessons(self.course)[0]
        response = self.client.get(lesson.url)
        self.assertNotContains(response, "last result")
        attempt, _ = attempt_start(user=self.learner, quiz=self.quiz)
        attempt_submit(attempt=attempt)  # nothing answered: 0 %
        response = self.client.get(lesson.url)
        self.assertContains(response, "1 attempt, last result 0 %.")
        attempt, _ = attempt_start(user=self.learner, quiz=self.quiz)
        response = self.client.get(lesson.url)
        self.assertContains(response, "Resume the quiz")
        for row in AttemptQuestion.objects.filter(attempt=attempt):
            attempt_answer_save(
                attempt=attempt, question_id=row.question_id, data=right_answer(row.snapshot)
            )
        attempt_submit(attempt=attempt)
        response = self.client.get(lesson.url)
        self.assertContains(response, "2 attempts; best result 100 %, last 100 %.")
