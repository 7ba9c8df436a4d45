"""Scope in the people admin and API, as a reviewer found it broken: a manager could name
themselves manager of any team, open anyone's record through its history and usage screens, and
mark an administrator as left; HR could read a superuser's record through the people API."""

import json

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.test import TestCase
from django.urls import reverse

from lms.people import roles
from lms.people.models import StaffProfile, Team
from lms.people.services import staff_profile_update
from tests.api.helpers import API, bearer, token_for
from tests.factories import TeamFactory, staff_user

User = get_user_model()


def assert_refused(test, response):
    """Wagtail turns PermissionDenied into a redirect to the dashboard with a message."""
    test.assertEqual(response.status_code, 302)
    test.assertEqual(response["Location"], reverse("wagtailadmin_home"))


class TeamScopeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.team_a, cls.team_b = TeamFactory(name="Линия А"), TeamFactory(name="Линия Б")
        cls.manager = staff_user(roles=[roles.MANAGERS])
        cls.team_a.managers.add(cls.manager)
        cls.hr = staff_user(roles=[roles.HR])
        cls.in_b = staff_user(team=cls.team_b)

    def edit_url(self, team):
        return reverse("wagtailsnippets_people_team:edit", args=[team.pk])

    def test_a_manager_lists_and_opens_only_their_teams(self):
        self.client.force_login(self.manager)
        listing = self.client.get(reverse("wagtailsnippets_people_team:list"))
        self.assertEqual(list(listing.context["object_list"]), [self.team_a])
        self.assertEqual(self.client.get(self.edit_url(self.team_a)).status_code, 200)
        for name in ("edit", "history", "usage"):
            with self.subTest(name):
                url = reverse(f"wagtailsnippets_people_team:{name}", args=[self.team_b.pk])
                assert_refused(self, self.client.get(url))

    def test_a_manager_cannot_name_themselves_manager_of_a_team(self):
        self.client.force_login(self.manager)
        assert_refused(self, self.client.post(self.edit_url(self.team_b), {}))
        form = self.client.get(self.edit_url(self.team_a)).context["form"]
        self.assertNotIn("managers", form.fields)
        response = self.client.post(
            self.edit_url(self.team_a),
            {"name": "Линия А", "description": "", "managers": [self.manager.pk, self.hr.pk]},
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(list(self.team_a.managers.all()), [self.manager])
        person_page = reverse("reports:person", args=[self.in_b.pk])
        self.assertEqual(self.client.get(person_page).status_code, 404)

    def test_a_new_team_of_a_manager_is_theirs(self):
        self.client.force_login(self.manager)
        response = self.client.post(
            reverse("wagtailsnippets_people_team:add"),
            {"name": "Новая смена", "description": ""},
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(list(Team.objects.get(name="Новая смена").managers.all()), [self.manager])

    def test_hr_names_the_managers_of_any_team(self):
        self.client.force_login(self.hr)
        form = self.client.get(self.edit_url(self.team_b)).context["form"]
        self.assertIn("managers", form.fields)
        response = self.client.post(
            self.edit_url(self.team_b),
            {"name": "Линия Б", "description": "", "managers": [self.manager.pk]},
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(list(self.team_b.managers.all()), [self.manager])


class StaffRecordScopeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.team_a, cls.team_b = TeamFactory(), TeamFactory()
        cls.manager = staff_user(roles=[roles.MANAGERS])
        cls.team_a.managers.add(cls.manager)
        cls.hr = staff_user(roles=[roles.HR])
        cls.in_b = staff_user(team=cls.team_b)
        cls.admin_in_a = staff_user(roles=[roles.ADMINISTRATORS], team=cls.team_a)

    def test_history_and_usage_of_a_record_outside_the_scope_are_refused(self):
        self.client.force_login(self.manager)
        profile = self.in_b.staff_profile
        for name in ("history", "usage"):
            with self.subTest(name):
                url = reverse(f"wagtailsnippets_people_staffprofile:{name}", args=[profile.pk])
                assert_refused(self, self.client.get(url))
        own = reverse(
            "wagtailsnippets_people_staffprofile:history", args=[self.admin_in_a.staff_profile.pk]
        )
        self.assertEqual(self.client.get(own).status_code, 200)

    def test_only_an_administrator_changes_an_administrators_record(self):
        profile = StaffProfile.objects.get(user=self.admin_in_a)
        for user in (self.manager, self.hr):
            with self.subTest(user.username), self.assertRaises(PermissionDenied):
                staff_profile_update(
                    profile=profile, changed_by=user, status=StaffProfile.Status.LEFT
                )
        self.assertTrue(User.objects.get(pk=self.admin_in_a.pk).is_active)
        other_admin = staff_user(roles=[roles.ADMINISTRATORS])
        staff_profile_update(profile=profile, changed_by=other_admin, middle_name="Ильич")
        self.assertEqual(StaffProfile.objects.get(pk=profile.pk).middle_name, "Ильич")


class PeopleApiSuperuserTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.root = User.objects.create_superuser("root", "root@example.com", "pw")
        StaffProfile.objects.create(user=cls.root, employee_id="ROOT-1", hire_date="2020-01-01")
        cls.hr_token = token_for(staff_user(roles=[roles.HR]))
        cls.admin_token = token_for(staff_user(roles=[roles.ADMINISTRATORS]))

    def test_hr_neither_lists_nor_reads_a_superuser(self):
        listed = self.client.get(f"{API}/people", headers=bearer(self.hr_token)).json()
        self.assertNotIn("ROOT-1", [p["employee_id"] for p in listed["items"]])
        response = self.client.put(
            f"{API}/people/ROOT-1", data="{}", content_type="application/json",
            headers=bearer(self.hr_token),
        )  # fmt: skip
        self.assertEqual(response.status_code, 403)
        self.assertNotIn("root@example.com", response.content.decode())

    def test_an_administrator_does(self):
        listed = self.client.get(f"{API}/people", headers=bearer(self.admin_token)).json()
        self.assertIn("ROOT-1", [p["employee_id"] for p in listed["items"]])

    def test_the_hr_role_survives_a_round_trip(self):
        person = staff_user(roles=[roles.HR, roles.MANAGERS])
        StaffProfile.objects.filter(user=person).update(employee_id="HR-7")
        listed = self.client.get(f"{API}/people", headers=bearer(self.admin_token)).json()
        [row] = [p for p in listed["items"] if p["employee_id"] == "HR-7"]
        self.assertEqual(sorted(row["roles"]), ["hr", "manager"])
        response = self.client.put(
            f"{API}/people/HR-7", data=json.dumps({"roles": row["roles"]}),
            content_type="application/json", headers=bearer(self.admin_token),
        )  # fmt: skip
        self.assertEqual(response.status_code, 200, response.content)
        self.assertTrue(person.groups.filter(name=roles.HR).exists())
