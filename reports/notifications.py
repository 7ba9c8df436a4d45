"""What the reports app tells people: a certificate issued or revoked (each sent once per
certificate, inside the transaction that writes it), the managers' weekly digest, and a
manager's reminder of overdue assignments."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from lms.notifications.kinds import Kind, register
from lms.notifications.services import notification_send
from reports.models import Certificate

CERTIFICATE_ISSUED = register(
    Kind(
        key="reports.certificate_issued",
        label=_("You got a certificate"),
        title=_("Your certificate for “%(title)s” is ready: download the PDF."),
    )
)
CERTIFICATE_REVOKED = register(
    Kind(
        key="reports.certificate_revoked",
        label=_("A certificate of yours was revoked"),
        title=_("Your certificate for “%(title)s” was revoked: %(reason)s"),
        mandatory=True,
    )
)

WEEKLY_DIGEST = register(
    Kind(
        key="reports.weekly_digest",
        label=_("Weekly digest of your team"),
        title=_(
            "Your team this week: %(overdue)d overdue, %(finished)d finished, "
            "%(ready)d ready for solo work, %(waiting)d waiting for you."
        ),
        # The weekly digest sends its own email; the daily one would repeat it.
        daily_digest=False,
    )
)

OVERDUE_REMINDER = register(
    Kind(
        key="reports.overdue_reminder",
        label=_("A reminder of your overdue assignments"),
        title=ngettext_lazy(
            "%(sender)s reminds you: %(count)s of your assignments is overdue.",
            "%(sender)s reminds you: %(count)s of your assignments are overdue.",
            "count",
        ),
        mandatory=True,
    )
)


def certificate_issued_send(*, certificate: Certificate) -> None:
    """Tell the holder their certificate is ready, with a link to its PDF."""
    notification_send(
        recipient=certificate.user,
        kind=CERTIFICATE_ISSUED.key,
        event=f"certificate:{certificate.pk}",
        params={"title": str(certificate.display_title)},
        url=reverse("reports:certificate_pdf", args=[certificate.code]),
    )


def certificate_revoked_send(*, certificate: Certificate) -> None:
    """Tell the holder their certificate was revoked, and why."""
    notification_send(
        recipient=certificate.user,
        kind=CERTIFICATE_REVOKED.key,
        event=f"certificate:{certificate.pk}",
        params={"title": str(certificate.display_title), "reason": certificate.revoke_reason},
        url=reverse("reports:certificate_verify", args=[certificate.code]),
    )


# The exports' kinds live beside their concern.
from reports import notifications_exports  # noqa: E402, F401
