"""The team dashboard (``/team/``) and its one-click reminders.

Who may open it: HR, administrators, managers of a team and anyone with direct reports
(``reports_allowed``); anyone else gets 403, as on mentoring's manager page. Every figure is
scoped by ``reports.selectors.scope``; the filters live in the URL (a GET form), so a view can be
bookmarked and shared.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy
from django.views.decorators.http import require_GET, require_POST

from courses.selectors import overdue_by_person
from lms import charts
from quizzes.statistics_views import statistics_allowed
from reports.selectors.dashboard import (
    Dashboard,
    dashboard_people,
    dashboard_quality,
    dashboard_read,
)
from reports.selectors.filters import report_filters_read
from reports.selectors.scope import reports_allowed, staff_in_scope
from reports.services.reminders import overdue_remind

CHART_QUIZZES = 10
CHART_OVERDUE = 10
# The URL parameter that computes the kept figures again.
REFRESH = "refresh"


def _percent(value) -> str:
    # number_format cuts decimals off; round first so that 2/3 shows as 67 %, not 66 %.
    return "—" if value is None else f"{formats.number_format(round(value), 0)} %"


def _days(value) -> str:
    return "—" if value is None else formats.number_format(round(value, 1), 1)


def _charts(dashboard: Dashboard) -> dict:
    """The dashboard's figures as charts (rows for ``lms.charts``)."""
    funnel = dashboard.funnel
    hired = max(funnel.hired, 1)
    steps = [
        (pgettext_lazy("funnel", "Hired"), funnel.hired, ""),
        (_("In an onboarding plan"), funnel.in_plan, ""),
        (_("On time"), funnel.on_time, "good"),
        (pgettext_lazy("funnel", "Overdue"), funnel.overdue, "bad"),
        (_("All courses done"), funnel.all_done, ""),
        (pgettext_lazy("funnel", "Cleared for solo work"), funnel.cleared, "good"),
    ]
    mentoring = dashboard.mentoring
    return {
        "funnel": charts.bars(
            [
                (label, value, f"{value} · {_percent(value * 100 / hired)}", tone)
                for label, value, tone in steps
            ],
            maximum=funnel.hired,
        ),
        "solo_trend": charts.columns(
            (formats.date_format(m.month, "m.y"), m.median, _days(m.median))
            for m in dashboard.time_to_solo.trend
        ),
        "overdue": charts.bars(
            (p.name, p.overdue, str(p.overdue), "bad")
            for p in dashboard.overdue.people[:CHART_OVERDUE]
        ),
        "quizzes": charts.bars(
            [
                (q.title, q.pass_rate or 0, _percent(q.pass_rate))
                for q in dashboard.quizzes.quizzes[:CHART_QUIZZES]
            ],
            maximum=100,
        ),
        "first_try": charts.bars(
            [
                (q.title, q.first_try_rate or 0, _percent(q.first_try_rate))
                for q in dashboard.quizzes.quizzes[:CHART_QUIZZES]
            ],
            maximum=100,
        ),
        "policies": charts.bars(
            [
                (c.title, c.done_rate or 0, _percent(c.done_rate), "bad" if c.overdue else "good")
                for c in dashboard.refreshers.policies
            ],
            maximum=100,
        ),
        "changes": charts.bars(
            [
                (c.title, c.done_rate or 0, _percent(c.done_rate), "bad" if c.overdue else "good")
                for c in dashboard.refreshers.changes
            ],
            maximum=100,
        ),
        "recall": charts.bars(
            [
                (
                    t.category or _("No category"),
                    t.recall * 100,
                    _percent(t.recall * 100),
                    "bad" if t.recall < 0.7 else ("warn" if t.recall < 0.85 else "good"),
                )
                for t in dashboard.review.topics
            ],
            maximum=100,
        ),
        "mentor_load": charts.bars(
            [
                (
                    m.name,
                    m.load * 100 / max(m.capacity, 1),
                    f"{m.load}/{m.capacity}",
                    "bad" if m.over_capacity else ("warn" if m.load == m.capacity else "good"),
                )
                for m in mentoring.mentors
            ],
            # Full capacity is the whole bar; an overloaded mentor's bar is the longest.
            maximum=max([100.0] + [m.load * 100 / max(m.capacity, 1) for m in mentoring.mentors]),
        ),
        "sessions": charts.columns(
            (formats.date_format(w.week, "d.m"), w.count, str(w.count)) for w in mentoring.weeks
        ),
    }


@login_required
@require_GET
def dashboard_view(request: HttpRequest) -> HttpResponse:
    """The team dashboard for the filters in the URL. A fixed number of queries. The slowest
    figures are kept for a few minutes (shown "as of" when they were computed); ``refresh`` in
    the URL computes them again."""
    if not reports_allowed(user=request.user):
        raise PermissionDenied
    data = request.GET.copy()
    refresh = data.pop(REFRESH, None) is not None
    form, filters = report_filters_read(user=request.user, data=data)
    dashboard = dashboard_read(user=request.user, filters=filters, cached=True, refresh=refresh)
    query = filters.query_string()
    return render(
        request,
        "reports/dashboard/dashboard.html",
        {
            "form": form,
            "filters": filters,
            "dashboard": dashboard,
            "charts": _charts(dashboard),
            "quality": dashboard_quality(user=request.user, filters=filters),
            # The progress export of what is on the screen; a big one is made by the worker and
            # arrives in the inbox.
            "download_url": reverse("reports:export", args=["progress"])
            + "?format=xlsx"
            + (f"&{query}" if query else ""),
            "show_statistics": statistics_allowed(request.user),
            "refresh_url": reverse("reports:dashboard")
            + "?"
            + (f"{query}&" if query else "")
            + f"{REFRESH}=1",
        },
    )


@login_required
@require_POST
def overdue_remind_view(request: HttpRequest) -> HttpResponse:
    """Remind one person (``person``: their user id) or everyone overdue among the dashboard's
    people with the posted filters (``all``). A person outside the reader's scope is a 404."""
    if not reports_allowed(user=request.user):
        raise PermissionDenied
    _form, filters = report_filters_read(user=request.user, data=request.POST)
    if "person" in request.POST:
        try:
            person_id = int(request.POST["person"])
        except ValueError:
            raise Http404 from None
        if not staff_in_scope(user=request.user).filter(user_id=person_id).exists():
            raise Http404
        user_ids = [person_id]
    else:
        people = dashboard_people(user=request.user, filters=filters).order_by().values("user_id")
        user_ids = [p.user_id for p in overdue_by_person(user_ids=people, now=timezone.now())]
    result = overdue_remind(sender=request.user, user_ids=user_ids)
    if result.sent:
        messages.success(
            request,
            ngettext(
                "Reminder sent to %(count)d person.",
                "Reminder sent to %(count)d people.",
                result.sent,
            )
            % {"count": result.sent},
        )
    if result.skipped:
        messages.info(
            request,
            ngettext(
                "%(count)d person was already reminded recently: no second reminder was sent.",
                "%(count)d people were already reminded recently: no second reminder was sent.",
                result.skipped,
            )
            % {"count": result.skipped},
        )
    if not result.sent and not result.skipped:
        messages.info(request, _("Nobody has overdue assignments: no reminder was sent."))
    query = filters.query_string()
    return redirect(reverse("reports:dashboard") + (f"?{query}" if query else "") + "#overdue")
