"""The HR role: keeps every staff record (not only a team's), imports staff, calls the people
API and gives the people roles, never the content or administrators' ones."""

import json

from django.contrib.auth.models import Group
from django.test import TestCase
from django.urls import reverse

from lms.people import roles
from lms.people.importing import staff_import
from lms.people.models import StaffProfile
from lms.people.selectors import (
    roles_grantable_by,
    staff_profiles_managed_by,
    teams_for_hiring,
    user_sees_all_staff,
)
from tests.api.helpers import API, bearer, token_for
from tests.factories import JobRoleFactory, TeamFactory, staff_user
from tests.lms.staff_files import HEADER, csv_file, person


class HrScopeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.team_a, cls.team_b = TeamFactory(), TeamFactory()
        cls.hr = staff_user(roles=[roles.HR], team=cls.team_a)
        cls.manager = staff_user(roles=[roles.MANAGERS])
        cls.team_a.managers.add(cls.manager)
        cls.in_a = staff_user(team=cls.team_a)
        cls.in_b = staff_user(team=cls.team_b)
        cls.superuser = staff_user(roles=[roles.ADMINISTRATORS])
        cls.superuser.is_superuser = True
        cls.superuser.save()

    def test_hr_keeps_everyones_record_but_superusers_and_their_own(self):
        people = set(staff_profiles_managed_by(user=self.hr).values_list("user_id", flat=True))
        self.assertTrue({self.in_a.pk, self.in_b.pk, self.manager.pk} <= people)
        self.assertNotIn(self.superuser.pk, people)
        self.assertNotIn(self.hr.pk, people)
        self.assertTrue(user_sees_all_staff(user=self.hr))
        self.assertFalse(user_sees_all_staff(user=self.manager))
        self.assertEqual(set(teams_for_hiring(user=self.hr)), {self.team_a, self.team_b})

    def test_a_deactivated_hr_account_sees_nobody_as_everyone(self):
        self.hr.is_active = False
        self.hr.save()
        self.assertFalse(user_sees_all_staff(user=self.hr))

    def test_hr_gives_the_people_roles_only(self):
        self.assertEqual(
            roles_grantable_by(user=self.hr), [roles.MENTORS, roles.MANAGERS, roles.HR]
        )

    def test_the_role_group_holds_the_import_permissions(self):
        group = Group.objects.get(name=roles.HR)
        codenames = set(group.permissions.values_list("codename", flat=True))
        self.assertTrue({"add_staffimport", "view_staffimport", "change_staffprofile"} <= codenames)
        self.assertTrue(self.hr.has_perm("people.add_staffimport"))
        self.assertFalse(self.manager.has_perm("people.add_staffimport"))

    def test_hr_lands_on_the_managers_page(self):
        self.client.force_login(self.hr)
        response = self.client.get(reverse("landing"))
        self.assertEqual(response.status_code, 302)
        self.assertNotEqual(response["Location"], "/")


class HrImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        JobRoleFactory(name="Оператор")
        cls.hr = staff_user(roles=[roles.HR])

    def run_import(self, rows):
        return staff_import(
            content=csv_file([HEADER, *rows]), filename="s.csv", imported_by=self.hr
        )

    def test_hr_imports_staff_and_gives_mentor_and_manager_roles(self):
        result = self.run_import([person("A1", roles="наставник"), person("A2", roles="кадры")])
        self.assertEqual(result.errors, [])
        mentor = StaffProfile.objects.get(employee_id="A1").user
        self.assertTrue(mentor.groups.filter(name=roles.MENTORS).exists())
        hr = StaffProfile.objects.get(employee_id="A2").user
        self.assertTrue(hr.groups.filter(name=roles.HR).exists())

    def test_hr_may_not_give_the_author_role_and_the_row_says_so(self):
        result = self.run_import([person("A1", roles="автор, наставник")])
        self.assertEqual(len(result.errors), 1)
        error = result.errors[0]
        self.assertEqual((error.line, error.column), (2, "роли"))
        self.assertIn("Авторы", str(error.message))
        self.assertNotIn("Наставники", str(error.message))
        self.assertFalse(StaffProfile.objects.filter(employee_id="A1").exists())


class HrPeopleApiTests(TestCase):
    def test_hr_token_may_list_and_put_people(self):
        JobRoleFactory(name="Оператор")
        token = token_for(staff_user(roles=[roles.HR]))
        response = self.client.put(
            f"{API}/people/E1",
            data=json.dumps(
                {
                    "last_name": "Орлов",
                    "first_name": "Николай",
                    "email": "n.orlov@example.com",
                    "job_role": "Оператор",
                    "hire_date": "2026-11-02",
                }
            ),
            content_type="application/json",
            headers=bearer(token),
        )
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(self.client.get(f"{API}/people", headers=bearer(token)).status_code, 200)
