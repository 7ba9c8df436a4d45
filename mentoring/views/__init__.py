"""The mentoring screens, one module per audience: the mentor, the newcomer, the manager."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def refused(request: HttpRequest, message) -> HttpResponse:
    """The 403 page with the reason in words."""
    return render(request, "mentoring/refused.html", {"message": message}, status=403)
