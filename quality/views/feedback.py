"""The customer feedback page: complaints (with their severity), thanks and scores, for the
people who evaluate (QA evaluators and administrators: everyone's; managers and HR: the people
they manage)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from quality.models import Feedback
from quality.selectors import user_evaluates
from quality.selectors_feedback import feedback_visible_to

PAGE_SIZE = 50
ERROR_NOT_READER = _("Only QA evaluators and managers read customer feedback.")


@login_required
@require_GET
def feedback_list_view(request: HttpRequest) -> HttpResponse:
    """The feedback the reader may see, newest first and paginated, narrowed by ``?kind=`` and
    ``?severity=``."""
    if not user_evaluates(user=request.user):
        raise PermissionDenied(ERROR_NOT_READER)
    kind = request.GET.get("kind", "")
    kind = kind if kind in Feedback.Kind.values else ""
    severity = request.GET.get("severity", "")
    severity = severity if severity in Feedback.Severity.values else ""
    feedback = feedback_visible_to(user=request.user, kind=kind, severity=severity)
    page = Paginator(feedback, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "quality/feedback/list.html",
        {
            "page_obj": page,
            "feedback": list(page.object_list),
            "kinds": Feedback.Kind.choices,
            "severities": Feedback.Severity.choices,
            "kind": kind,
            "severity": severity,
        },
    )
