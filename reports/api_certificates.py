"""Certificates in the JSON API: ``GET /api/v1/me/certificates``.

The signed-in person's own certificates, newest first, revoked ones included (with their
status): ``code``, ``kind`` ("course" or "plan"), ``course`` (the title), ``issued``,
``expires`` (null when it never does), ``status`` ("valid", "expired" or "revoked"),
``pdf_url`` (sign-in required; only the holder, their managers, HR and administrators get it)
and ``verify_url`` (public). Anonymous callers get 401. One query.
"""

import datetime

from django.http import HttpRequest

from ninja import Router, Schema

from lms.api.registry import router_register
from reports.selectors.certificates import (
    certificate_pdf_url,
    certificate_verify_url,
    certificates_of_person,
)

router = router_register(Router(tags=["certificates"]))


class CertificateOut(Schema):
    code: str
    kind: str
    course: str
    issued: datetime.date
    expires: datetime.date | None
    status: str
    pdf_url: str
    verify_url: str


def certificate_out(certificate) -> dict:
    """A certificate as the API gives it (``CertificateOut``)."""
    return {
        "code": certificate.code,
        "kind": certificate.kind,
        "course": str(certificate.display_title),
        "issued": certificate.issued_on,
        "expires": certificate.expires_on,
        "status": certificate.status,
        "pdf_url": certificate_pdf_url(code=certificate.code),
        "verify_url": certificate_verify_url(code=certificate.code),
    }


@router.get("/me/certificates", response=list[CertificateOut], url_name="my_certificates")
def my_certificates(request: HttpRequest):
    """My certificates, newest first."""
    return [
        certificate_out(certificate)
        for certificate in certificates_of_person(person_id=request.user.pk)
    ]
