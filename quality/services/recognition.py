"""Publishing a team's recognition list: a period's most thanked and best-scoring members,
frozen as they stand, shown to the team on /quality/recognition/ and announced in their inbox."""

import datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.people.models import Team
from lms.people.selectors import user_is_administrator
from quality.models import Recognition
from quality.notifications import recognition_notify
from quality.selectors_recognition import (
    MIN_EVALUATIONS,
    recognition_for_team_and_period,
    recognition_ranking,
)

ERROR_MAY_NOT_PUBLISH = _("Only the team's managers and administrators publish its recognition.")
ERROR_NOTHING_TO_PUBLISH = _(
    "Nobody in this team was thanked or scored often enough in this period: there is nothing to "
    "publish."
)
ERROR_PERIOD_ORDER = _("The period cannot end before it starts.")


def user_may_publish_recognition(*, user: AbstractBaseUser, team: Team) -> bool:
    """The team's managers and administrators publish its recognition list."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user_is_administrator(user=user) or team.managers.filter(pk=user.pk).exists()


def recognition_publish(
    *,
    user: AbstractBaseUser,
    team: Team,
    start: datetime.date,
    end: datetime.date,
    min_evaluations: int = MIN_EVALUATIONS,
) -> tuple[Recognition, bool]:
    """Publish ``team``'s recognition list from ``start`` to ``end`` (``recognition_ranking``
    as it stands now, frozen in ``entries``) and tell the team's current members in their inbox.

    Returns ``(recognition, created)``: when the list of this team and period was published
    before, it is returned unchanged with ``created`` False and nobody is told again (also when
    two publish at once). Raises ``PermissionDenied`` unless ``user`` manages the team or is an
    administrator, and ``ValidationError`` for a reversed period or a list with nobody in it."""
    if not user_may_publish_recognition(user=user, team=team):
        raise PermissionDenied(ERROR_MAY_NOT_PUBLISH)
    if end < start:
        raise ValidationError(ERROR_PERIOD_ORDER)
    existing = recognition_for_team_and_period(team=team, start=start, end=end)
    if existing is not None:
        return existing, False
    ranking = recognition_ranking(
        user=user, start=start, end=end, team=team, min_evaluations=min_evaluations
    )
    if ranking.empty:
        raise ValidationError(ERROR_NOTHING_TO_PUBLISH)
    recognition = Recognition(
        team=team,
        period_start=start,
        period_end=end,
        entries=ranking.entries_json(),
        published_by=user,
        published_at=timezone.now(),
    )
    recognition.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            recognition.save()
            recognition_notify(recognition=recognition)
    except IntegrityError:
        # Published by someone else in the meantime: theirs stands.
        return recognition_for_team_and_period(team=team, start=start, end=end), False
    return recognition, True
