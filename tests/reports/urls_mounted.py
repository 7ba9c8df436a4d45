"""The whole site mounted under ``/intranet/`` (as behind a proxy that serves it on a path), for
the tests that check links are built with ``reverse``: those follow the prefix, a hard-coded
path does not."""

from django.urls import include, path

urlpatterns = [path("intranet/", include("lms.urls"))]
