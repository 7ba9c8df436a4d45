"""Reads of certificates: one person's, those a reader may see and revoke, one by its code.

Who may see a certificate's PDF: its holder, and whoever has the holder in their reports scope
(``reports.selectors.scope.staff_in_scope``: the holder's managers, HR, administrators). Anyone
else is told it does not exist. The public verification page shows any certificate by its code,
but only its status, the holder's name and what it certifies.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse

from lms.core.site_url import absolute_url
from reports.models import Certificate
from reports.selectors.scope import staff_in_scope


def certificates_of_person(*, person_id: int) -> QuerySet[Certificate]:
    """Every certificate of the person whose user id is ``person_id``, revoked ones included,
    newest first, with the holder loaded. For pages that have already checked who may read the
    person's record; one query."""
    return Certificate.objects.filter(user_id=person_id).select_related("user")


def certificates_in_scope(*, user: AbstractBaseUser) -> QuerySet[Certificate]:
    """The certificates of the people in ``user``'s reports scope (never their own unless they
    see everyone), newest first, with the holder and whoever revoked it loaded."""
    return Certificate.objects.filter(
        user_id__in=staff_in_scope(user=user).values("user_id")
    ).select_related("user", "revoked_by")


def certificate_by_code(*, code: str) -> Certificate:
    """The certificate with ``code`` and its holder; raises ``Http404`` for an unknown code."""
    certificate = Certificate.objects.select_related("user").filter(code=code).first()
    if certificate is None:
        raise Http404("No such certificate.")
    return certificate


def certificate_viewable_by(*, certificate: Certificate, user: AbstractBaseUser) -> bool:
    """Whether ``user`` may download the certificate: its holder, or someone with the holder in
    their scope. One query at most."""
    if not user.is_authenticated:
        return False
    if certificate.user_id == user.pk:
        return True
    return staff_in_scope(user=user).filter(user_id=certificate.user_id).exists()


def certificate_for_viewer(*, code: str, user: AbstractBaseUser) -> Certificate:
    """The certificate with ``code`` if ``user`` may download it; ``Http404`` otherwise, so that
    nobody learns whether a code they may not see exists."""
    certificate = certificate_by_code(code=code)
    if not certificate_viewable_by(certificate=certificate, user=user):
        raise Http404("No such certificate.")
    return certificate


def certificate_verify_url(*, code: str) -> str:
    """The absolute address of the public verification page (``SITE_URL``), as printed on the
    PDF and encoded in its QR code."""
    return absolute_url(reverse("reports:certificate_verify", args=[code]))


def certificate_pdf_url(*, code: str) -> str:
    """The absolute address of the certificate's PDF (sign-in required)."""
    return absolute_url(reverse("reports:certificate_pdf", args=[code]))
