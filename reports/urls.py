"""The reports app's pages, mounted at the site root (``/team/``, ``/people/…``,
``/certificates/…``) before Wagtail's page tree."""

app_name = "reports"

urlpatterns = []
