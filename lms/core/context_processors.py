from django.utils.functional import SimpleLazyObject

from lms.core.navigation import links_for


def navigation(request):
    """``nav_links``: the apps' links for the person signed in, computed only if a template
    shows them (one query)."""
    return {"nav_links": SimpleLazyObject(lambda: links_for(request.user))}
