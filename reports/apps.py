from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from courses.signals import course_completed
        from reports import navigation_certificates  # noqa: F401 - registers the menu link

        course_completed.connect(_course_completed, dispatch_uid="reports.course_completed")


def _course_completed(sender, *, user, course, **kwargs):
    # Sent inside the transaction that completes the course: the certificate (of the course,
    # and of the plan if this was its last course) is issued with the completion, or not at all.
    from reports.services.certificates import certificates_on_course_completed

    certificates_on_course_completed(user=user, course=course)
