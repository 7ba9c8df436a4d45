"""The team dashboard's pages (``reports/views/dashboard.py``): who may open it, what each one
sees, the one-click reminders, and the fixed number of queries."""

import datetime

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from courses.models import Assignment
from lms.notifications.models import Notification
from lms.people import roles
from lms.people.models import StaffProfile
from mentoring.models import Pairing, SoloClearance, SupervisedSession
from quizzes.models import Attempt, AttemptQuestion, ReviewCard, ReviewLog
from reports.notifications import OVERDUE_REMINDER
from reports.services.reminders import overdue_remind
from tests.courses.factories import course_create
from tests.factories import JobRoleFactory, TeamFactory, UserFactory, staff_user
from tests.mentoring.factories import mentor_create
from tests.quizzes.factories import quiz_create, single_choice_create

URL = reverse("reports:dashboard")
REMIND = reverse("reports:overdue_remind")
NOW = timezone.now()
DAY = datetime.timedelta(days=1)


def overdue(user, course):
    return Assignment.objects.create(
        user=user,
        course=course,
        source=Assignment.Source.ONBOARDING,
        status=Assignment.Status.OVERDUE,
        due_at=NOW - 3 * DAY,
    )


class DashboardAccessTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.team_a, cls.team_b = TeamFactory(name="Линия A"), TeamFactory(name="Линия B")
        cls.manager = staff_user(roles=(roles.MANAGERS,), username="manager")
        cls.team_a.managers.add(cls.manager)
        cls.hr = staff_user(roles=(roles.HR,), username="hr")
        cls.admin = staff_user(roles=(roles.ADMINISTRATORS,), username="admin")
        cls.learner = staff_user(username="learner", team=cls.team_a)
        cls.mentor = mentor_create(username="mentor", team=cls.team_a)
        cls.alice = staff_user(
            username="alice", first_name="Алиса", last_name="Ашева", team=cls.team_a
        )
        cls.boris = staff_user(
            username="boris", first_name="Борис", last_name="Бэшев", team=cls.team_b
        )
        cls.lead = staff_user(username="lead")
        cls.report = staff_user(
            username="report", first_name="Роман", last_name="Прямой", line_manager=cls.lead
        )
        course = course_create(lessons=1)
        for person in (cls.alice, cls.boris):
            overdue(person, course)

    def get(self, user, query=""):
        if user is not None:
            self.client.force_login(user)
        return self.client.get(URL + query)

    def test_anonymous_goes_to_login(self):
        response = self.get(None)
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("login"), response.url)

    def test_learner_and_mentor_without_reports_are_refused(self):
        for user in (self.learner, self.mentor):
            with self.subTest(user=user.username):
                self.assertEqual(self.get(user).status_code, 403)

    def test_manager_sees_their_team_only(self):
        response = self.get(self.manager)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Алиса Ашева")
        self.assertNotContains(response, "Борис")
        self.assertEqual(response.context["dashboard"].overdue.total_people, 1)

    def test_manager_cannot_reach_another_team_through_the_url(self):
        response = self.get(self.manager, f"?team={self.team_b.pk}")
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "Борис")
        self.assertTrue(response.context["form"].errors["team"])
        dashboard = response.context["dashboard"]
        self.assertEqual(dashboard.overdue.total_people, 1)
        self.assertEqual(dashboard.people, response.context["dashboard"].funnel.hired)

    def test_line_manager_sees_direct_reports(self):
        response = self.get(self.lead)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["dashboard"].people, 1)

    def test_manager_of_an_empty_team_may_open_it(self):
        empty = TeamFactory()
        newcomer_manager = staff_user()
        empty.managers.add(newcomer_manager)
        response = self.get(newcomer_manager)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["dashboard"].people, 0)

    def test_hr_and_administrators_see_everyone(self):
        for user in (self.hr, self.admin):
            with self.subTest(user=user.username):
                response = self.get(user)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "Алиса Ашева")
                self.assertContains(response, "Борис Бэшев")
                response = self.get(user, f"?team={self.team_b.pk}")
                self.assertNotContains(response, "Алиса")
                self.assertContains(response, "Борис Бэшев")

    def test_charts_are_accessible_svg_with_tables_and_the_filters_stay_in_links(self):
        response = self.get(self.hr, f"?team={self.team_a.pk}&cohort=2026-09")
        html = response.content.decode()
        self.assertIn('role="img"', html)
        self.assertIn('<title id="funnel-chart-title">', html)
        self.assertIn("<details", html)
        download = f"/reports/progress/download/?format=xlsx&team={self.team_a.pk}&cohort=2026-09"
        self.assertIn(f'href="{download.replace("&", "&amp;")}"', html)
        # The link downloads exactly what is on the screen: team A's people hired in September.
        exported = self.client.get(download)
        self.assertEqual(exported.status_code, 200)
        self.assertIn("spreadsheetml", exported["Content-Type"])
        self.assertContains(response, reverse("mentoring:team"))
        self.assertNotIn("<script", html.split('<main id="main"')[1].split("</main>")[0])

    def test_the_landing_of_managers_and_hr_is_the_dashboard(self):
        for user in (self.manager, self.hr):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(reverse("landing")).url, URL)


class RemindersTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.team_a, cls.team_b = TeamFactory(), TeamFactory()
        cls.manager = staff_user(roles=(roles.MANAGERS,))
        cls.team_a.managers.add(cls.manager)
        cls.learner = staff_user(team=cls.team_a)
        cls.alice = staff_user(team=cls.team_a)
        cls.anna = staff_user(team=cls.team_a)
        cls.boris = staff_user(team=cls.team_b)
        cls.calm = staff_user(team=cls.team_a)  # nothing overdue
        course = course_create(lessons=1)
        for person in (cls.alice, cls.anna, cls.boris):
            overdue(person, course)

    def reminders(self, user=None):
        found = Notification.objects.filter(kind=OVERDUE_REMINDER.key)
        return found.filter(recipient=user) if user is not None else found

    def post(self, user, data):
        if user is not None:
            self.client.force_login(user)
        return self.client.post(REMIND, data)

    def test_one_person_once_within_the_window(self):
        response = self.post(self.manager, {"person": self.alice.pk})
        self.assertRedirects(response, URL + "#overdue", fetch_redirect_response=False)
        [reminder] = self.reminders(self.alice)
        self.assertEqual(reminder.params["count"], 1)
        self.post(self.manager, {"person": self.alice.pk})
        self.assertEqual(self.reminders(self.alice).count(), 1)

    @override_settings(REPORTS_REMINDER_INTERVAL_HOURS=12)
    def test_again_after_the_window(self):
        earlier = NOW - datetime.timedelta(hours=13)
        overdue_remind(sender=self.manager, user_ids=[self.alice.pk], now=earlier)
        self.reminders(self.alice).update(created_at=earlier)
        result = overdue_remind(sender=self.manager, user_ids=[self.alice.pk], now=NOW)
        self.assertEqual((result.sent, result.skipped), (1, 0))
        self.assertEqual(self.reminders(self.alice).count(), 2)
        again = overdue_remind(sender=self.manager, user_ids=[self.alice.pk], now=NOW)
        self.assertEqual((again.sent, again.skipped), (0, 1))

    def test_someone_of_another_team_is_a_404_and_gets_nothing(self):
        response = self.post(self.manager, {"person": self.boris.pk})
        self.assertEqual(response.status_code, 404)
        self.assertFalse(self.reminders().exists())

    def test_the_service_refuses_people_outside_the_scope(self):
        with self.assertRaises(PermissionDenied):
            overdue_remind(sender=self.manager, user_ids=[self.alice.pk, self.boris.pk])
        self.assertFalse(self.reminders().exists())

    def test_remind_all_reaches_the_overdue_people_in_scope_only(self):
        self.post(self.manager, {"all": "1"})
        self.assertEqual(
            set(self.reminders().values_list("recipient_id", flat=True)),
            {self.alice.pk, self.anna.pk},
        )
        self.post(self.manager, {"all": "1"})
        self.assertEqual(self.reminders().count(), 2)

    def test_remind_all_keeps_the_filters(self):
        response = self.post(self.manager, {"all": "1", "team": self.team_a.pk})
        self.assertEqual(response.url, f"{URL}?team={self.team_a.pk}#overdue")

    def test_nothing_overdue_sends_nothing(self):
        self.post(self.manager, {"person": self.calm.pk})
        self.assertFalse(self.reminders().exists())

    def test_wrong_roles(self):
        self.assertEqual(self.post(self.learner, {"person": self.alice.pk}).status_code, 403)
        self.client.logout()
        self.assertEqual(self.post(None, {"person": self.alice.pk}).status_code, 302)
        self.assertFalse(self.reminders().exists())
        self.client.force_login(self.manager)
        self.assertEqual(self.client.get(REMIND).status_code, 405)


# --- A fixed number of queries ------------------------------------------------------------------


def company(size: int):
    """A manager and ``size`` people in their team, each with some of everything the dashboard
    counts: an overdue onboarding course, a submitted attempt with graded answers, a reviewed
    card, a pairing with a session, and (every other one) a solo clearance."""
    User = get_user_model()
    team, role = TeamFactory(), JobRoleFactory()
    manager = staff_user(roles=(roles.MANAGERS,))
    team.managers.add(manager)
    mentor = mentor_create(capacity=size)
    course = course_create(lessons=1)
    question = single_choice_create()
    quiz = quiz_create(questions=[question])
    users = User.objects.bulk_create(UserFactory.build_batch(size))
    StaffProfile.objects.bulk_create(
        StaffProfile(user=u, team=team, job_role=role, hire_date=datetime.date(2026, 1, 1 + n % 28))
        for n, u in enumerate(users)
    )
    Assignment.objects.bulk_create(
        Assignment(
            user=u,
            course=course,
            source=Assignment.Source.ONBOARDING,
            status=Assignment.Status.OVERDUE,
            due_at=NOW - DAY,
        )
        for u in users
    )
    attempts = Attempt.objects.bulk_create(
        Attempt(
            user=u,
            quiz=quiz,
            number=1,
            status=Attempt.Status.SUBMITTED,
            submitted_at=NOW - DAY,
            max_score=1,
            score=n % 2,
            percent=100 * (n % 2),
            passed=bool(n % 2),
        )
        for n, u in enumerate(users)
    )
    AttemptQuestion.objects.bulk_create(
        AttemptQuestion(
            attempt=a,
            question=question,
            position=1,
            snapshot={"points": 1},
            score=a.score,
            correct=a.passed,
        )
        for a in attempts
    )
    cards = ReviewCard.objects.bulk_create(
        ReviewCard(
            user=u,
            question=question,
            state=ReviewCard.State.REVIEW,
            stability=10,
            difficulty=5,
            due=NOW + DAY,
            last_review=NOW - 2 * DAY,
        )
        for u in users
    )
    ReviewLog.objects.bulk_create(
        ReviewLog(
            card=c,
            user_id=c.user_id,
            source=ReviewLog.Source.REVIEW,
            rating=3,
            correct=True,
            reviewed_at=NOW - DAY,
        )
        for c in cards
    )
    pairings = Pairing.objects.bulk_create(Pairing(mentee=u, mentor=mentor) for u in users)
    SupervisedSession.objects.bulk_create(
        SupervisedSession(
            pairing=p,
            mentee_id=p.mentee_id,
            mentor=mentor,
            occurred_at=NOW - DAY,
            channel="phone",
            situation="…",
        )
        for p in pairings
    )
    SoloClearance.objects.bulk_create(
        SoloClearance(
            mentee=u,
            requested_by=mentor,
            status=SoloClearance.Status.CONFIRMED,
            decided_at=NOW - DAY,
            days_to_solo=30 + n,
        )
        for n, u in enumerate(users[::2])
    )
    return manager


def dashboard_queries(client, user) -> tuple[int, int]:
    """The queries of the dashboard when its kept figures must be computed, and when they are
    in the cache."""
    client.force_login(user)
    client.get(URL)  # warm the per-process caches (content types, kinds, navigation)
    cache.clear()
    counts = []
    for _ in range(2):  # computed, then kept
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(URL)
        assert response.status_code == 200
        counts.append(len(ctx.captured_queries))
    return counts[0], counts[1]


@pytest.mark.django_db
def test_the_dashboard_costs_the_same_queries_for_3_and_30_people(
    client, django_assert_num_queries
):
    computed, kept = dashboard_queries(client, company(3))
    assert computed <= 40
    # Quiz results (1), questions failed (2) and recall (2) come from the cache.
    assert kept == computed - 5
    big = company(30)
    client.force_login(big)
    with django_assert_num_queries(computed):
        response = client.get(URL)
    assert response.context["dashboard"].people == 30
    with django_assert_num_queries(kept):
        response = client.get(URL)
    assert response.context["dashboard"].people == 30
    assert response.context["dashboard"].overdue.total_people == 30
