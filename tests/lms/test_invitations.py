"""Invitations (``lms.people.invitations``): a one-time link to set a password, on Django's
password-reset tokens, that expires after ``INVITATION_TIMEOUT_DAYS``."""

import contextlib
import datetime
import re
from unittest import mock

from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.test import TestCase, override_settings

from lms.people import invitations, tasks
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


class InvitationTaskTests(TestCase):
    """Invitations queued for the worker go one task a person: a retry after a failed send
    sends that person's email again, never a second copy of anyone else's."""

    def setUp(self):
        self.people = [
            staff_member_create(username=f"p{i}", email=f"p{i}@example.ru").user for i in range(3)
        ]

    def test_one_task_a_person(self):
        with (
            mock.patch.object(invitations, "async_task") as enqueue,
            self.captureOnCommitCallbacks(execute=True),
        ):
            invitations.invitations_send_later(user_ids=[u.pk for u in self.people])
        self.assertEqual(
            [c.args for c in enqueue.call_args_list],
            [("lms.people.tasks.invitation_send", u.pk) for u in self.people],
        )

    def test_a_failed_send_retried_sends_only_that_email_again(self):
        failing = self.people[1].email
        real_send = EmailBackend.send_messages

        def send_messages(backend, messages):
            if any(failing in m.to for m in messages):
                raise ConnectionError("the mail server hung up")
            return real_send(backend, messages)

        with mock.patch.object(EmailBackend, "send_messages", send_messages):
            for user in self.people:
                with contextlib.suppress(ConnectionError):
                    tasks.invitation_send(user.pk)
        self.assertEqual(len(mail.outbox), 2)
        tasks.invitation_send(self.people[1].pk)  # the worker's retry
        self.assertEqual(sorted(m.to[0] for m in mail.outbox), [u.email for u in self.people])

    def test_an_account_gone_before_the_task_ran_sends_nothing(self):
        gone = self.people[0].pk
        self.people[0].delete()
        tasks.invitation_send(gone)
        self.assertEqual(mail.outbox, [])
