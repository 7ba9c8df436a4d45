"""The list of training assigned by the weak-spot rule, with each criterion before and after the
training: for QA evaluators and administrators everyone's, for managers their staff's, for
mentors their mentees'; 403 for anyone else."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from quality.selectors_weak_spots import weak_spot_results, weak_spots_visible_to

PAGE_SIZE = 25


@login_required
@require_GET
def weak_spots_view(request: HttpRequest) -> HttpResponse:
    paginator = Paginator(weak_spots_visible_to(user=request.user), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "quality/weak_spots/list.html",
        {"page_obj": page, "results": weak_spot_results(spots=list(page.object_list))},
    )
