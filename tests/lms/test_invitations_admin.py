"""Invitations from the admin: «Отправить приглашение» for one person (their row's menu) or a
selection on the staff listing, for whoever may edit those records; and the hire form's
"Send an invitation" box."""

from django.core import mail
from django.test import TestCase

from lms.people import roles
from tests.factories import TeamFactory, staff_user
from tests.lms.test_hire import HIRE_URL, HireSetupMixin

INVITE_URL = "/admin/bulk/people/staffprofile/invite/"
LIST_URL = "/admin/snippets/people/staffprofile/"


class InviteActionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.team = TeamFactory(name="Смена А")
        cls.other_team = TeamFactory(name="Смена Б")
        cls.manager = staff_user(username="boss", roles=[roles.MANAGERS])
        cls.team.managers.add(cls.manager)
        cls.admin = staff_user(username="root", roles=[roles.ADMINISTRATORS])
        cls.ann = staff_user(username="ann", team=cls.team, email="ann@example.com")
        cls.bob = staff_user(username="bob", team=cls.team, email="bob@example.com")
        cls.nomail = staff_user(username="nomail", team=cls.team, email="")
        cls.stranger = staff_user(username="eve", team=cls.other_team, email="eve@example.com")

    def invite(self, *users):
        query = "&".join(f"id={user.staff_profile.pk}" for user in users)
        return self.client.post(f"{INVITE_URL}?{query}&next={LIST_URL}")

    def test_one_person_from_their_row(self):
        self.client.force_login(self.manager)
        listing = self.client.get(LIST_URL)
        self.assertContains(listing, f"{INVITE_URL}?id={self.ann.staff_profile.pk}")
        confirm = self.client.get(f"{INVITE_URL}?id={self.ann.staff_profile.pk}")
        self.assertEqual(confirm.status_code, 200)
        response = self.invite(self.ann)
        self.assertRedirects(response, LIST_URL, fetch_redirect_response=False)
        self.assertEqual([m.to for m in mail.outbox], [["ann@example.com"]])
        self.assertIn("/accounts/invitation/", mail.outbox[0].body)

    def test_a_selection_skips_people_without_an_email(self):
        self.client.force_login(self.admin)
        self.invite(self.ann, self.bob, self.nomail)
        self.assertEqual(
            sorted(m.to[0] for m in mail.outbox), ["ann@example.com", "bob@example.com"]
        )

    def test_a_manager_cannot_invite_someone_outside_their_teams(self):
        self.client.force_login(self.manager)
        self.invite(self.stranger, self.ann)
        self.assertEqual([m.to for m in mail.outbox], [["ann@example.com"]])
        confirm = self.client.get(f"{INVITE_URL}?id={self.stranger.staff_profile.pk}")
        self.assertEqual(confirm.status_code, 200)
        self.assertEqual(confirm.context["items"], [])

    def test_a_learner_gets_nothing_sent(self):
        self.client.force_login(self.ann)
        response = self.invite(self.bob)
        self.assertNotEqual(response.status_code, 200)
        self.assertEqual(mail.outbox, [])


class HireInvitationTests(HireSetupMixin, TestCase):
    def test_the_box_sends_an_invitation_to_the_new_person(self):
        self.client.force_login(self.admin)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(HIRE_URL, self.form_data(send_invitation="on"))
        self.assertEqual(response.status_code, 302)
        self.assertEqual([m.to for m in mail.outbox], [["N.Orlov@volna.example"]])

    def test_without_the_box_nothing_is_sent(self):
        self.client.force_login(self.admin)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(HIRE_URL, self.form_data())
        self.assertIsNotNone(self.hired())
        self.assertEqual(mail.outbox, [])

    def test_the_box_is_ticked_on_a_new_form(self):
        self.client.force_login(self.admin)
        response = self.client.get(HIRE_URL)
        self.assertContains(response, 'name="send_invitation"')
        self.assertTrue(response.context["form"].fields["send_invitation"].initial)
