"""One employee's record as a page (``/people/<user id>/``), printable.

Anyone who may not read the record (see ``reports.selectors.record``) gets 404, the same answer
as for an id nobody has: the page does not tell whether the person exists.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from lms.people.models import person_name
from quality.charts import trend_chart
from reports.selectors.record import person_record

ERROR_NO_PERSON = _("No such person.")


@login_required
@require_GET
def person_record_view(request: HttpRequest, person_id: int) -> HttpResponse:
    record = person_record(viewer=request.user, person_id=person_id)
    if record is None:
        raise Http404(ERROR_NO_PERSON)
    quality_chart = (
        trend_chart(record.quality_trend, name=person_name(record.person))
        if record.quality_trend and record.quality_trend.points
        else None
    )
    return render(
        request,
        "reports/record/person.html",
        {"record": record, "quality_chart": quality_chart},
    )
