from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentoringConfig(AppConfig):
    name = "mentoring"
    verbose_name = _("Mentoring")

    def ready(self):
        from courses.signals import course_completed
        from lms.people.hiring import MentorPairing, mentor_pairing_register

        course_completed.connect(_course_completed, dispatch_uid="mentoring.course_completed")
        # Hiring a person in the admin can pair them with a mentor at once.
        mentor_pairing_register(MentorPairing(candidates=_mentor_candidates, pair=_pair_new_hire))


def _course_completed(sender, *, user, course, **kwargs):
    # A required onboarding course may have been the last thing between a newcomer and solo
    # work; the mentor hears of it as they do after the last sign-off.
    from mentoring.notifications import readiness_notify

    readiness_notify(mentee=user)


def _mentor_candidates():
    from mentoring.selectors import mentors_to_choose

    return mentors_to_choose()


def _pair_new_hire(*, mentee, mentor, paired_by):
    # The pairing's own rules apply: paired_by must manage the newcomer, the mentor must take
    # mentees and have room.
    from mentoring.services import pairing_create

    return pairing_create(mentee=mentee, mentor=mentor, paired_by=paired_by)
