"""The person-record page (``reports/views/record.py``): who may open it, what it shows, that it
prints, its queries, and the links that lead to it."""

import datetime
import re

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses.models import Assignment
from lms.people.models import StaffProfile
from mentoring.models import SignOff
from tests.mentoring.factories import INDEPENDENT, PracticeSkillFactory, session_make
from tests.quizzes.factories import attempt_take, quiz_create, single_choice_create
from tests.reports.record_factories import (
    REFLECTION,
    RIGHT_CHOICE,
    STRENGTHS,
    TO_IMPROVE,
    WRONG_CHOICE,
    RecordData,
)

# The session and its user, the record (see test_record.RECORD_QUERIES_MAX) and what the
# page's chrome asks (the navigation's badges).
PAGE_QUERIES_MAX = 40


class PersonRecordViewTests(RecordData, TestCase):
    def url(self, user=None):
        return reverse("reports:person", args=[(user or self.person).pk])

    def get(self, viewer, url=None):
        self.client.logout()
        if viewer is not None:
            self.client.force_login(viewer)
        return self.client.get(url or self.url())

    def test_url(self):
        self.assertEqual(self.url(), f"/people/{self.person.pk}/")

    def test_permission_matrix(self):
        cases = [
            ("learner looking at another person", self.colleague, 404),
            ("mentor of someone else", self.other_mentor, 404),
            ("manager of another team", self.other_manager, 404),
            ("mentor of this person", self.mentor, 200),
            ("manager of the team", self.manager, 200),
            ("HR", self.hr, 200),
            ("administrator", self.admin, 200),
            ("the person", self.person, 200),
        ]
        for label, viewer, expected in cases:
            with self.subTest(label):
                self.assertEqual(self.get(viewer).status_code, expected)

    def test_anonymous_goes_to_sign_in(self):
        response = self.get(None)
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("login"), response["Location"])

    def test_unknown_person_is_404_like_a_hidden_one(self):
        hidden = self.get(self.other_manager)
        unknown = self.get(self.admin, reverse("reports:person", args=[999_999]))
        self.assertEqual(unknown.status_code, 404)
        self.assertEqual(hidden.status_code, 404)

    def test_post_is_refused(self):
        self.client.force_login(self.manager)
        self.assertEqual(self.client.post(self.url()).status_code, 405)

    def test_every_section_shows_its_data(self):
        html = self.get(self.manager).content.decode()
        for text in [
            "Ирина",
            "E-100",
            "Контакт-центр",
            "Оператор",
            "Главная",  # the line manager
            "Наставница",  # the mentor
            "Знакомство с продуктами",  # the onboarding course
            "Работа с CRM",  # the overdue course
            "Проверка по тарифам",  # the quiz, in the plan and in the attempts
            "Итог урока",  # the gate quiz's attempt
            "Повторение правил",  # the refresher
            "Правила раз в полгода",  # the refresher policy
            STRENGTHS,
            TO_IMPROVE,
            "Принять жалобу",  # the skill rated and signed off
            "Тарифы",  # the recall topic
            'id="profile"',
            'id="plan"',
            'id="attempts"',
            'id="mentoring"',
            'id="signoffs"',
            'id="solo"',
            'id="refreshers"',
            'id="review"',
        ]:
            with self.subTest(text):
                self.assertIn(text, html)
        # The reflection is the newcomer's word to the mentor.
        self.assertNotIn(REFLECTION, html)
        # Attempts carry scores, never the questions' answers.
        self.assertNotIn(RIGHT_CHOICE, html)
        self.assertNotIn(WRONG_CHOICE, html)

    def test_the_person_and_the_mentor_read_the_reflection(self):
        for viewer in (self.person, self.mentor):
            with self.subTest(viewer.username):
                self.assertContains(self.get(viewer), REFLECTION)

    def test_leaver_is_shown_with_their_history(self):
        StaffProfile.objects.filter(user=self.person).update(
            status=StaffProfile.Status.LEFT, left_on=datetime.date(2026, 11, 30)
        )
        for viewer in (self.manager, self.hr, self.admin):
            with self.subTest(viewer.username):
                response = self.get(viewer)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "Проверка по тарифам")
        self.assertEqual(self.get(self.other_manager).status_code, 404)

    def test_printable_without_inline_script(self):
        html = self.get(self.manager).content.decode()
        # A real button (keyboard-operable), hidden until the script shows it.
        self.assertRegex(html, r'<button type="button"[^>]*data-print[^>]*hidden')
        self.assertIn("lms/js/print.js", html)
        self.assertIn("reports/record.css", html)
        self.assertIn('media="print"', html)  # the site's print stylesheet drops the chrome
        for tag in re.findall(r"<script[^>]*>", html):
            self.assertIn("src=", tag)
        self.assertNotRegex(html, r"\son[a-z]+=")  # no inline event handlers

    def test_tables_scroll_inside_their_own_box(self):
        html = self.get(self.manager).content.decode()
        tables = html.count("<table")
        self.assertGreater(tables, 0)
        self.assertEqual(html.count('class="table-scroll" tabindex="0" role="region"'), tables)

    def _count(self) -> int:
        self.client.force_login(self.manager)
        with CaptureQueriesContext(connection) as ctx:
            response = self.client.get(self.url())
        self.assertEqual(response.status_code, 200)
        return len(ctx.captured_queries)

    def test_fixed_number_of_queries(self):
        before = self._count()
        role = self.person.staff_profile.job_role
        for n in range(4):
            quiz = quiz_create(
                title=f"Ещё проверка {n}",
                questions=[single_choice_create(text=f"Ещё {n}?", right="Да", wrong=["Нет"])],
            )
            Assignment.objects.create(
                user=self.person,
                quiz_id=quiz.pk,
                source=Assignment.Source.MANUAL,
                due_at=timezone.now() + datetime.timedelta(days=n),
            )
            attempt_take(self.person, quiz)
            skill = PracticeSkillFactory(job_role=role)
            session_make(mentee=self.person, ratings=[(skill, INDEPENDENT)], strengths="Хорошо")
            SignOff.objects.create(mentee=self.person, skill=skill, signed_by=self.mentor)
        after = self._count()
        self.assertEqual(after, before)
        self.assertLessEqual(after, PAGE_QUERIES_MAX)


class PersonRecordLinkTests(RecordData, TestCase):
    def test_from_the_mentors_mentee_list(self):
        self.client.force_login(self.mentor)
        response = self.client.get(reverse("mentoring:mentees"))
        self.assertContains(response, f'href="{reverse("reports:person", args=[self.person.pk])}"')

    def test_from_the_managers_team_page(self):
        newcomer = self.other_newcomer
        self.client.force_login(self.manager)
        response = self.client.get(reverse("mentoring:team"))
        self.assertContains(response, f'href="{reverse("reports:person", args=[newcomer.pk])}"')

    def test_from_the_admins_staff_listing(self):
        self.client.force_login(self.admin)
        response = self.client.get(reverse("wagtailsnippets_people_staffprofile:list"))
        self.assertContains(response, f'href="{reverse("reports:person", args=[self.person.pk])}"')

    def test_every_listed_person_is_one_the_reader_may_open(self):
        self.client.force_login(self.manager)
        response = self.client.get(reverse("wagtailsnippets_people_staffprofile:list"))
        linked = {int(pk) for pk in re.findall(r'href="/people/(\d+)/"', response.content.decode())}
        self.assertIn(self.person.pk, linked)
        for pk in linked:
            with self.subTest(pk=pk):
                user = get_user_model().objects.get(pk=pk)
                url = reverse("reports:person", args=[user.pk])
                self.assertEqual(self.client.get(url).status_code, 200)


class PersonRecordCertificatesTests(RecordData, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        from reports.models import Certificate

        cls.certificate = Certificate.objects.create(
            user=cls.person,
            kind=Certificate.Kind.COURSE,
            title="Знакомство с продуктами",
            issued_on=datetime.date(2026, 11, 2),
        )

    def page(self, viewer):
        self.client.force_login(viewer)
        return self.client.get(reverse("reports:person", args=[self.person.pk]))

    def test_the_section_lists_them_with_the_pdf_for_those_who_may_download_it(self):
        pdf = reverse("reports:certificate_pdf", args=[self.certificate.code])
        verify = reverse("reports:certificate_verify", args=[self.certificate.code])
        for viewer in (self.person, self.manager, self.hr):
            with self.subTest(viewer.username):
                response = self.page(viewer)
                self.assertContains(response, 'id="certificates"')
                self.assertContains(response, f'href="{pdf}"')
                self.assertContains(response, f'href="{verify}"')
        # The mentor sees the certificate and may verify it; the PDF is not theirs.
        response = self.page(self.mentor)
        self.assertContains(response, f'href="{verify}"')
        self.assertNotContains(response, f'href="{pdf}"')
        self.assertEqual(self.client.get(pdf).status_code, 404)
