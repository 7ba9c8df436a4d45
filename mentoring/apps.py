from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentoringConfig(AppConfig):
    name = "mentoring"
    verbose_name = _("Mentoring")

    def ready(self):
        from courses.signals import course_completed
        from lms.people.hiring import MentorPairing, mentor_pairing_register
        from lms.people.signals import (
            active_mentors_reader_register,
            active_mentorships_register,
            mentors_assigned,
            staff_left,
        )
        from mentoring.selectors import active_mentors_by_mentee, active_pairings_matching

        course_completed.connect(_course_completed, dispatch_uid="mentoring.course_completed")
        # Hiring a person in the admin can pair them with a mentor at once.
        mentor_pairing_register(MentorPairing(candidates=_mentor_candidates, pair=_pair_new_hire))
        # The staff import names mentors and deactivates leavers; it reads who mentors whom.
        mentors_assigned.connect(_mentors_assigned, dispatch_uid="mentoring.mentors_assigned")
        staff_left.connect(_staff_left, dispatch_uid="mentoring.staff_left")
        active_mentors_reader_register(active_mentors_by_mentee)
        # The quizzes' grading queue asks who mentors whom without naming this app.
        active_mentorships_register(active_pairings_matching)


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


def _mentors_assigned(sender, *, pairs, assigned_by=None, **kwargs):
    from mentoring.services import pairings_from_import

    pairings_from_import(pairs=pairs, paired_by=assigned_by)


def _staff_left(sender, *, user_ids, **kwargs):
    # A leaver's pairings end, whether they were the newcomer or the mentor.
    from mentoring.services import pairings_end_for_leavers

    pairings_end_for_leavers(user_ids=user_ids)
