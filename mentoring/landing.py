"""Where a mentor lands after signing in: their mentees (see ``lms.core.landing``).

A mentor is someone with active mentees, an active mentor profile or the Mentors role; a
manager who also mentors lands on their team first (the ranks decide)."""

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q

from lms.core import landing
from lms.people import roles
from mentoring.models import MentorProfile, Pairing


def _is_mentor(user) -> bool:
    return (
        get_user_model()
        .objects.filter(pk=user.pk)
        .filter(
            Q(groups__name=roles.MENTORS)
            | Q(Exists(MentorProfile.objects.filter(user=OuterRef("pk"), is_active=True)))
            | Q(Exists(Pairing.objects.filter(mentor=OuterRef("pk"), status=Pairing.Status.ACTIVE)))
        )
        .exists()
    )


landing.register(
    landing.LandingRule(
        name="mentor",
        rank=landing.MENTOR,
        destination="mentoring:mentees",
        applies=_is_mentor,
    )
)
