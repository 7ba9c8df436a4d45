"""The newcomer's screens: "my practice" and acknowledging a session's feedback.

Anyone signed in sees only their own practice (its URL has no id). A session is acknowledged by
its newcomer only; anyone else's session is a 404, so the page does not tell that it exists.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from mentoring.forms import AcknowledgeForm
from mentoring.models import SoloClearance, SupervisedSession
from mentoring.selectors import practice_for_mentee
from mentoring.services import session_acknowledge

MESSAGE_ACKNOWLEDGED = _("Thank you: your mentor can see that you read the feedback.")


def _acknowledge_form(session: SupervisedSession, data=None) -> AcknowledgeForm:
    # The field keeps its name for the POST; the id is the session's, as there are several forms.
    return AcknowledgeForm(data, auto_id=f"session-{session.pk}-%s")


def _practice_page(
    request: HttpRequest, *, failed: AcknowledgeForm | None = None, failed_id: int | None = None
) -> HttpResponse:
    """The practice page; ``failed`` is the acknowledgement form of session ``failed_id`` that
    was refused, shown with its errors and what was typed (status 400)."""
    practice = practice_for_mentee(mentee=request.user)

    def form_for(session: SupervisedSession) -> AcknowledgeForm | None:
        if session.acknowledged_at is not None:
            return None
        return failed if session.pk == failed_id else _acknowledge_form(session)

    clearance = practice.clearance
    status = clearance.status if clearance is not None else None
    return render(
        request,
        "mentoring/newcomer/practice.html",
        {
            "practice": practice,
            "sessions": [(session, form_for(session)) for session in practice.sessions],
            "is_empty": practice.pairing is None
            and not practice.sessions
            and not practice.sign_offs,
            "cleared": status == SoloClearance.Status.CONFIRMED,
            "waiting": status == SoloClearance.Status.REQUESTED,
            "declined": status == SoloClearance.Status.DECLINED,
        },
        status=200 if failed is None else 400,
    )


@login_required
@require_GET
def practice_view(request: HttpRequest) -> HttpResponse:
    """My practice as a newcomer: my mentor, my skills, what is left until solo work, my
    sessions (latest first, each not yet acknowledged with a form to acknowledge it) and my
    sign-offs, revoked ones included. A fixed number of queries."""
    return _practice_page(request)


@login_required
@require_POST
def session_acknowledge_view(request: HttpRequest, session_id: int) -> HttpResponse:
    """Acknowledge one of my sessions, with an optional reflection, and go back to my practice.
    Acknowledging again changes nothing; a reflection that is too long is shown on the form
    (400); anyone else's session is a 404."""
    session = get_object_or_404(SupervisedSession, pk=session_id, mentee=request.user)
    form = _acknowledge_form(session, request.POST)
    if not form.is_valid():
        return _practice_page(request, failed=form, failed_id=session.pk)
    session_acknowledge(
        session=session, mentee=request.user, reflection=form.cleaned_data["reflection"]
    )
    messages.success(request, MESSAGE_ACKNOWLEDGED)
    return redirect(reverse("mentoring:practice") + f"#session-{session.pk}")
