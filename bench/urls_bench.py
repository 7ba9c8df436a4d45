"""The site's URLs plus ``/bench/bare``: a Django view that touches nothing and returns two
bytes, through the same middleware as every other request. It is the floor the benchmark
compares real pages against; it exists only under ``bench.settings_bench``."""

from django.http import HttpResponse
from django.urls import include, path


def bare_view(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [
    path("bench/bare", bare_view, name="bench_bare"),
    path("", include("lms.urls")),
]
