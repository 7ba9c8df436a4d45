"""``staff_profiles_managed_directly``: the people someone manages themselves, whatever their
role (the managers' weekly digest covers these)."""

from django.test import TestCase

from lms.people import roles
from lms.people.models import StaffProfile
from lms.people.selectors import staff_profiles_managed_by, staff_profiles_managed_directly
from tests.factories import TeamFactory, staff_user


class StaffProfilesManagedDirectlyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.team = TeamFactory()
        cls.other_team = TeamFactory()
        cls.hr = staff_user(roles=[roles.HR], team=cls.team)
        cls.team.managers.add(cls.hr)
        cls.member = staff_user(team=cls.team)
        cls.report = staff_user(team=cls.other_team, line_manager=cls.hr)
        cls.stranger = staff_user(team=cls.other_team)
        cls.leaver = staff_user(team=cls.team, status=StaffProfile.Status.LEFT)

    def test_team_members_and_direct_reports_not_everyone(self):
        users = {p.user for p in staff_profiles_managed_directly(user=self.hr)}

        self.assertEqual(users, {self.member, self.report, self.leaver})
        # HR still sees everyone where the whole staff list is theirs.
        self.assertIn(self.stranger, {p.user for p in staff_profiles_managed_by(user=self.hr)})

    def test_someone_who_manages_nobody_has_nobody(self):
        self.assertFalse(staff_profiles_managed_directly(user=self.stranger).exists())
