"""Invitations (``lms.people.invitations``): a one-time link to set a password, on Django's
password-reset tokens, that expires after ``INVITATION_TIMEOUT_DAYS``."""

import datetime
import re

from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.test import TestCase, override_settings

from lms.people.invitations import (
    InvitationTokenGenerator,
    invitation_send,
    invitation_token_generator,
)
from lms.people.services import staff_member_create


class ClockedGenerator(InvitationTokenGenerator):
    def __init__(self, now):
        super().__init__()
        self.now = now

    def _now(self):
        return self.now


class InvitationTests(TestCase):
    def setUp(self):
        self.user = staff_member_create(username="new", email="new@example.ru").user

    def link(self) -> str:
        self.assertTrue(invitation_send(user=self.user))
        found = re.search(r"https?://\S+(/accounts/invitation/\S+/)", mail.outbox[-1].body)
        return found.group(1)

    def test_the_link_sets_the_password_once(self):
        link = self.link()
        self.assertEqual(mail.outbox[0].to, ["new@example.ru"])

        form = self.client.get(link, follow=True)
        self.assertTrue(form.context["validlink"])
        response = self.client.post(
            form.redirect_chain[-1][0],
            {"new_password1": "a-long-passphrase-42", "new_password2": "a-long-passphrase-42"},
        )

        self.assertRedirects(response, "/accounts/reset/done/")
        self.user.refresh_from_db()
        self.assertTrue(self.user.check_password("a-long-passphrase-42"))
        self.client.logout()
        self.assertFalse(self.client.get(link, follow=True).context["validlink"])

    def test_it_expires_after_the_configured_days(self):
        now = datetime.datetime.now()
        token = ClockedGenerator(now - datetime.timedelta(days=6)).make_token(self.user)
        self.assertTrue(ClockedGenerator(now).check_token(self.user, token))
        old = ClockedGenerator(now - datetime.timedelta(days=8)).make_token(self.user)
        self.assertFalse(ClockedGenerator(now).check_token(self.user, old))
        with override_settings(INVITATION_TIMEOUT_DAYS=3):
            self.assertFalse(ClockedGenerator(now).check_token(self.user, token))

    def test_a_password_reset_token_is_no_invitation(self):
        token = default_token_generator.make_token(self.user)

        self.assertFalse(invitation_token_generator.check_token(self.user, token))

    def test_nothing_is_sent_without_an_email_or_to_a_closed_account(self):
        self.user.email = ""
        self.assertFalse(invitation_send(user=self.user))
        self.user.email, self.user.is_active = "new@example.ru", False
        self.assertFalse(invitation_send(user=self.user))
        self.assertEqual(mail.outbox, [])
