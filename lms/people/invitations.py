"""Invitations: an email with a one-time link where a new person sets their password.

Built on Django's password-reset tokens (``PasswordResetTokenGenerator``), with a salt of its own
(a reset link is no invitation and the other way round) and its own lifetime,
``INVITATION_TIMEOUT_DAYS`` (default 7). A token is bound to the account's password and last
login, so it is useless once the password is set; sending again makes a fresh link.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.contrib.auth.views import PasswordResetConfirmView
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse, reverse_lazy
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode

from django_q.tasks import async_task

from lms.core.site_url import absolute_url

User = get_user_model()


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "lms.people.invitations.InvitationTokenGenerator"

    def check_token(self, user, token) -> bool:
        """Django's check, with the invitation's lifetime instead of the password reset's."""
        if not (user and token):
            return False
        try:
            timestamp = base36_to_int(token.split("-")[0])
        except ValueError:
            return False
        if self._num_seconds(self._now()) - timestamp > settings.INVITATION_TIMEOUT_DAYS * 86400:
            return False
        return any(
            constant_time_compare(self._make_token_with_timestamp(user, timestamp, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        )


invitation_token_generator = InvitationTokenGenerator()


class InvitationAcceptView(PasswordResetConfirmView):
    """Where the link of an invitation leads: set a password, then sign in."""

    token_generator = invitation_token_generator
    template_name = "people/invitation/accept.html"
    success_url = reverse_lazy("password_reset_complete")


def invitation_url(*, user: AbstractBaseUser) -> str:
    """A fresh one-time link for ``user`` to set their password."""
    path = reverse(
        "invitation_accept",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": invitation_token_generator.make_token(user),
        },
    )
    return absolute_url(path)


def invitation_send(*, user: AbstractBaseUser) -> bool:
    """Email ``user`` an invitation with a fresh link; False (and nothing sent) for an account
    without an email address or a closed one."""
    if not user.email or not user.is_active:
        return False
    context = {
        "user": user,
        "url": invitation_url(user=user),
        "days": settings.INVITATION_TIMEOUT_DAYS,
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    subject = render_to_string("people/invitation/subject.txt", context).strip()
    body = render_to_string("people/invitation/email.txt", context)
    send_mail(subject, body, None, [user.email])
    return True


def invitations_send(*, user_ids: list[int]) -> int:
    """Invite each of these people; returns how many were sent."""
    return sum(invitation_send(user=user) for user in User.objects.filter(pk__in=user_ids))


def invitation_send_by_id(*, user_id: int) -> bool:
    """Invite the person ``user_id`` (see ``invitation_send``); False for an account that is
    gone."""
    user = User.objects.filter(pk=user_id).first()
    return user is not None and invitation_send(user=user)


def invitations_send_later(*, user_ids: list[int]) -> None:
    """Have the worker invite these people once the current transaction commits: one task a
    person, so that a task retried after a failed send sends that one email again, and never a
    second copy of the others'."""
    ids = list(user_ids)

    def enqueue():
        for user_id in ids:
            async_task("lms.people.tasks.invitation_send", user_id)

    transaction.on_commit(enqueue)
