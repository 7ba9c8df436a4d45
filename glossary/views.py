from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from glossary.models import GlossaryTerm
from glossary.selectors import glossary_az, glossary_search, term_get_for_learner


@login_required
def glossary_index_view(request):
    """The A–Z page with letter navigation, a category filter and search."""
    query = request.GET.get("q", "").strip()[:100]
    if query:
        context = {"query": query, "results": glossary_search(query=query), "az": None}
    else:
        context = {
            "query": query,
            "results": None,
            "az": glossary_az(category_slug=request.GET.get("category", "")),
        }
    return render(request, "glossary/index.html", context)


@login_required
def term_detail_view(request, slug):
    try:
        term = term_get_for_learner(slug=slug)
    except GlossaryTerm.DoesNotExist:
        raise Http404(slug) from None
    return render(request, "glossary/term_detail.html", {"term": term})
