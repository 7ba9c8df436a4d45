from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentoringConfig(AppConfig):
    name = "mentoring"
    verbose_name = _("Mentoring")

    def ready(self):
        from courses.signals import course_completed
        from lms.people.signals import staff_left

        course_completed.connect(_course_completed, dispatch_uid="mentoring.course_completed")
        staff_left.connect(_staff_left, dispatch_uid="mentoring.staff_left")


def _course_completed(sender, *, user, course, **kwargs):
    # A required onboarding course may have been the last thing between a newcomer and solo
    # work; the mentor hears of it as they do after the last sign-off.
    from mentoring.notifications import readiness_notify

    readiness_notify(mentee=user)


def _staff_left(sender, *, user_ids, **kwargs):
    # A leaver's pairings end, whether they were the newcomer or the mentor.
    from mentoring.services import pairings_end_for_leavers

    pairings_end_for_leavers(user_ids=user_ids)
