"""The daily digest as an email: plain text and simple HTML, in the recipient's language, with
absolute links (``settings.SITE_URL``)."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ObjectDoesNotExist
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext

from lms.core.site_url import absolute_url
from lms.notifications.models import Digest


def language_of(user: AbstractBaseUser) -> str:
    """The language the person chose (Wagtail's user profile), else the site's (Russian)."""
    try:
        chosen = user.wagtail_userprofile.preferred_language
    except ObjectDoesNotExist:
        chosen = ""
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


@dataclass(frozen=True)
class DigestItem:
    title: str
    url: str
    created_at: datetime.datetime
    mandatory: bool


def digest_email_build(*, digest: Digest, connection=None) -> EmailMultiAlternatives:
    """The email of ``digest`` for its recipient (its notifications prefetched or not)."""
    user = digest.user
    inbox = absolute_url(reverse("notifications:inbox"))
    with translation.override(language_of(user)):
        items = [
            DigestItem(
                title=notification.title,
                url=absolute_url(notification.url) if notification.url else inbox,
                created_at=notification.created_at,
                mandatory=notification.mandatory,
            )
            for notification in digest.notifications.all()
        ]
        count = len(items)
        subject = ngettext(
            "%(site)s: %(count)d new notification",
            "%(site)s: %(count)d new notifications",
            count,
        ) % {"site": gettext("Nastavnik"), "count": count}
        context = {
            "user": user,
            "digest": digest,
            "items": items,
            "count": count,
            "inbox_url": inbox,
            "settings_url": absolute_url(reverse("notifications:settings")),
            "site_url": settings.SITE_URL,
            "subject": subject,
        }
        text = render_to_string("notifications/email/digest.txt", context)
        html = render_to_string("notifications/email/digest.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[user.email],
        connection=connection,
        # Tells mail servers and out-of-office replies that no person sent it.
        headers={"Auto-Submitted": "auto-generated", "X-Nastavnik-Digest": str(digest.pk)},
    )
    message.attach_alternative(html, "text/html")
    return message
