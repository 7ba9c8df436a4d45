"""Certificates: the public verification page, the PDF, the list of one's own certificates and
of those one may revoke, and revoking."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_POST

from lms.people.models import person_name
from reports.certificate_pdf import certificate_pdf_render
from reports.forms import CertificateRevokeForm
from reports.selectors.certificates import (
    certificate_by_code,
    certificate_for_viewer,
    certificates_in_scope,
    certificates_of_person,
)
from reports.selectors.scope import staff_in_scope
from reports.services.certificates import certificate_revoke

PAGE_SIZE = 25
MESSAGE_REVOKED = _("The certificate of %(name)s for “%(title)s” is revoked.")


@require_GET
def certificate_verify_view(request, code):
    """Public, no sign-in: whether the certificate is valid, expired or revoked, whose it is and
    what for. Nothing else about the person; an unknown code is 404."""
    certificate = certificate_by_code(code=code)
    response = TemplateResponse(
        request, "reports/certificates/verify.html", {"certificate": certificate}
    )
    # Search engines have no business indexing people's names from these pages.
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@login_required
@require_GET
@cache_control(private=True, no_store=True)
def certificate_pdf_view(request, code):
    """The PDF, for its holder, their managers, HR and administrators; 404 for anyone else."""
    certificate = certificate_for_viewer(code=code, user=request.user)
    response = HttpResponse(
        certificate_pdf_render(certificate=certificate), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="certificate-{certificate.code}.pdf"'
    return response


@login_required
@require_GET
def certificates_view(request):
    """The reader's own certificates and, for managers, HR and administrators, the
    certificates of the people in their scope (paginated), each with a form to revoke it."""
    own = list(certificates_of_person(person_id=request.user.pk))
    manages = staff_in_scope(user=request.user).exists()
    page = None
    if manages:
        paginator = Paginator(certificates_in_scope(user=request.user), PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "reports/certificates/list.html",
        {
            "own": own,
            "manages": manages,
            "page_obj": page,
            "others": page.object_list if page is not None else [],
            "revoke_form": CertificateRevokeForm(),
        },
    )


@login_required
@require_POST
def certificate_revoke_view(request, code):
    """Revoke a certificate of someone in the reader's scope; 404 for any other."""
    certificate = get_object_or_404(certificates_in_scope(user=request.user), code=code)
    back = request.POST.get("page")
    target = reverse("reports:certificates") + (f"?page={back}" if str(back).isdigit() else "")
    form = CertificateRevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["reason"][0])
        return redirect(target)
    try:
        certificate_revoke(
            certificate=certificate, revoked_by=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(target)
    messages.success(
        request,
        MESSAGE_REVOKED
        % {"name": person_name(certificate.user), "title": certificate.display_title},
    )
    return redirect(target)
