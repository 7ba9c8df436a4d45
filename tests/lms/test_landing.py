"""Each role lands somewhere useful after signing in: a mentor on their mentees, a manager on
their team, authors, content leads and administrators in the admin, everyone else on their plan;
an explicit, safe ``next`` always wins and everyone can still open their own plan."""

from io import StringIO

from django.contrib.auth import get_user_model
from django.test import TestCase, override_settings
from django.urls import reverse

from lms.core import landing
from lms.people import roles
from lms.people.demo import DEMO_PASSWORD, people_demo_load
from mentoring.models import MentorProfile, Pairing
from tests.factories import PASSWORD, TeamFactory, staff_user

User = get_user_model()

PLAN = "/"
ADMIN = "/admin/"
MENTEES = "/mentoring/mentees/"
TEAM = "/team/"


class LandingMixin:
    def landing_after_login(self, username: str, password: str, **extra) -> str:
        """Where the browser ends up after posting the login form: the login answers with the
        landing view (or the ``next`` asked for), which sends the person on."""
        response = self.client.post(
            reverse("login"), {"username": username, "password": password, **extra}
        )
        self.assertEqual(response.status_code, 302, username)
        if response.url != reverse("landing"):
            return response.url
        response = self.client.get(response.url)
        self.assertEqual(response.status_code, 302)
        return response.url


class DemoRoleLandingTests(LandingMixin, TestCase):
    """The demo accounts, one per role, made by the demo loader itself."""

    @classmethod
    def setUpTestData(cls):
        people_demo_load(stdout=StringIO())

    def test_each_demo_role_lands_where_it_works(self):
        expected = {
            "admin": ADMIN,  # administrator
            "lead": ADMIN,  # content lead: the dashboard with what awaits their review
            "author": ADMIN,  # author: the dashboard with their edits and pages in review
            "manager": TEAM,
            "mentor": MENTEES,
            "newbie": PLAN,
            "staff": PLAN,
        }
        for username, destination in expected.items():
            with self.subTest(username=username):
                self.client.logout()
                self.assertEqual(self.landing_after_login(username, DEMO_PASSWORD), destination)

    def test_an_explicit_safe_next_always_wins(self):
        for username in ("admin", "manager", "mentor", "author", "staff"):
            with self.subTest(username=username):
                self.client.logout()
                self.assertEqual(
                    self.landing_after_login(username, DEMO_PASSWORD, next="/glossary/"),
                    "/glossary/",
                )

    def test_an_unsafe_next_is_ignored_and_the_person_lands_by_role(self):
        self.assertEqual(
            self.landing_after_login("manager", DEMO_PASSWORD, next="https://evil.example/"),
            TEAM,
        )

    def test_opening_the_login_page_when_signed_in_lands_by_role(self):
        self.client.force_login(User.objects.get(username="mentor"))
        response = self.client.get(reverse("login"))
        self.assertRedirects(response, reverse("landing"), fetch_redirect_response=False)
        self.assertEqual(self.client.get(reverse("landing")).url, MENTEES)

    def test_the_wagtail_admin_login_keeps_going_to_the_admin(self):
        for username in ("manager", "author"):
            with self.subTest(username=username):
                self.client.logout()
                response = self.client.post(
                    reverse("wagtailadmin_login"),
                    {"username": username, "password": DEMO_PASSWORD},
                )
                self.assertRedirects(response, ADMIN, fetch_redirect_response=False)

    def test_every_role_can_still_open_its_own_plan_from_the_menu(self):
        for username in ("manager", "mentor", "author"):
            with self.subTest(username=username):
                self.client.force_login(User.objects.get(username=username))
                response = self.client.get(reverse("profile"))
                self.assertContains(response, '<a href="/">Мой план</a>', html=True)

    @override_settings(LANDING_MANAGER_URL="/team/")
    def test_the_managers_landing_is_one_setting(self):
        self.assertEqual(self.landing_after_login("manager", DEMO_PASSWORD), "/team/")


class SeveralRolesLandingTests(LandingMixin, TestCase):
    """A person with several roles lands by the highest: administrator, manager, mentor,
    author or content lead, learner."""

    def land(self, user) -> str:
        return self.landing_after_login(user.username, PASSWORD)

    def test_manager_who_also_mentors_and_writes_lands_on_the_team(self):
        user = staff_user(roles=[roles.MANAGERS, roles.MENTORS, roles.AUTHORS])
        self.assertEqual(self.land(user), TEAM)

    def test_mentor_who_also_writes_lands_on_the_mentees(self):
        user = staff_user(roles=[roles.MENTORS, roles.CONTENT_LEADS])
        self.assertEqual(self.land(user), MENTEES)

    def test_administrator_who_also_manages_lands_in_the_admin(self):
        user = staff_user(roles=[roles.ADMINISTRATORS, roles.MANAGERS, roles.MENTORS])
        self.assertEqual(self.land(user), ADMIN)

    def test_a_team_manager_without_the_role_lands_on_the_team(self):
        user = staff_user()
        team = TeamFactory()
        team.managers.add(user)
        staff_user(team=team)
        self.assertEqual(self.land(user), TEAM)

    def test_being_a_line_manager_alone_is_no_manager_role(self):
        # As the demo content lead, who is the demo author's line manager.
        user = staff_user(roles=[roles.CONTENT_LEADS])
        staff_user(line_manager=user)
        self.assertEqual(self.land(user), ADMIN)

    def test_a_mentor_with_active_mentees_but_not_the_role_lands_on_the_mentees(self):
        user = staff_user()
        MentorProfile.objects.create(user=user, is_active=False)
        Pairing.objects.create(mentor=user, mentee=staff_user())
        self.assertEqual(self.land(user), MENTEES)

    def test_a_mentor_profile_that_takes_mentees_is_enough(self):
        user = staff_user()
        MentorProfile.objects.create(user=user)
        self.assertEqual(self.land(user), MENTEES)

    def test_a_mentor_whose_pairings_ended_and_who_takes_none_lands_on_the_plan(self):
        user = staff_user()
        MentorProfile.objects.create(user=user, is_active=False)
        Pairing.objects.create(mentor=user, mentee=staff_user(), status=Pairing.Status.ENDED)
        self.assertEqual(self.land(user), PLAN)

    def test_a_learner_lands_on_the_plan(self):
        self.assertEqual(self.land(staff_user()), PLAN)

    def test_a_signed_out_visitor_of_the_landing_page_is_asked_to_log_in(self):
        response = self.client.get(reverse("landing"))
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response.url.startswith(reverse("login")))


class LandingRegistryTests(TestCase):
    def test_rules_are_ordered_by_rank(self):
        ranks = [rule.rank for rule in landing.registered_rules()]
        self.assertEqual(ranks, sorted(ranks))
        self.assertEqual(
            [rule.name for rule in landing.registered_rules()],
            ["administrator", "manager", "qa_evaluator", "mentor", "content"],
        )
