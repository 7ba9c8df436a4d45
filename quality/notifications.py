"""What quality control tells people: the employee of a new evaluation and of a resolved
dispute, the resolvers of a dispute, a team of its published recognition list, the mentor and
managers of a person with a weak spot. The services call these inside their transaction, so a
notification exists exactly when its event was saved."""

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from lms.notifications.kinds import Kind, register
from lms.notifications.services import notification_send, notifications_send_bulk
from lms.people import roles
from lms.people.models import StaffProfile, person_name
from quality.models import Evaluation, Recognition

EVALUATED = register(
    Kind(
        key="quality.evaluated",
        label=_("A contact of yours was evaluated"),
        title=_("%(evaluator)s evaluated your contact of %(date)s: %(score)s."),
        mandatory=True,
    )
)
DISPUTED = register(
    Kind(
        key="quality.disputed",
        label=_("An evaluation is disputed"),
        title=_("%(person)s disputes the evaluation of their contact of %(date)s."),
        mandatory=True,
    )
)
RESOLVED = register(
    Kind(
        key="quality.resolved",
        label=_("Your dispute was resolved"),
        title=_("%(resolver)s resolved your dispute of the evaluation of %(date)s."),
        mandatory=True,
    )
)

WEAK_SPOT = register(
    Kind(
        key="quality.weak_spot",
        label=_("A person you manage or mentor has a weak spot"),
        title=ngettext_lazy(
            "%(person)s scored below %(threshold)s %% on “%(criterion)s” in %(below)s of their "
            "last %(of_last)s evaluation (%(evidence)s). Training: %(training)s.",
            "%(person)s scored below %(threshold)s %% on “%(criterion)s” in %(below)s of their "
            "last %(of_last)s evaluations (%(evidence)s). Training: %(training)s.",
            "of_last",
        ),
    )
)
WEAK_SPOT_CRITICAL = register(
    Kind(
        key="quality.weak_spot_critical",
        label=_("A person you manage or mentor failed a critical criterion"),
        title=_(
            "%(person)s failed the critical criterion “%(criterion)s” (%(evidence)s). "
            "Training: %(training)s."
        ),
    )
)


def _url(evaluation: Evaluation) -> str:
    return reverse("quality:evaluation_detail", args=[evaluation.pk])


def _score_text(evaluation: Evaluation) -> str:
    return "—" if evaluation.score is None else f"{evaluation.score} %"


def evaluation_notify(*, evaluation: Evaluation) -> None:
    """Tell the person that their contact was evaluated."""
    notification_send(
        recipient=evaluation.person,
        kind=EVALUATED.key,
        event=f"evaluation:{evaluation.pk}",
        params={
            "evaluator": person_name(evaluation.evaluator),
            "date": evaluation.contact_date.isoformat(),
            "score": _score_text(evaluation),
        },
        url=_url(evaluation),
    )


def dispute_resolvers(*, evaluation: Evaluation) -> list[AbstractBaseUser]:
    """Who is asked to resolve a dispute of ``evaluation``: the person's managers (of their
    teams, and their line manager); when they have none, the QA evaluators. Never the original
    evaluator nor the person."""
    users = (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(pk__in=[evaluation.evaluator_id, evaluation.person_id])
    )
    managers = users.filter(
        Q(managed_teams__members__user=evaluation.person_id)
        | Q(direct_reports__user=evaluation.person_id)
    ).distinct()
    found = list(managers)
    if found:
        return found
    return list(users.filter(groups__name=roles.QA_EVALUATORS).distinct())


def dispute_notify(*, evaluation: Evaluation) -> None:
    """Ask the resolvers (``dispute_resolvers``) to resolve the dispute of ``evaluation``."""
    params = {
        "person": person_name(evaluation.person),
        "date": evaluation.contact_date.isoformat(),
    }
    for resolver in dispute_resolvers(evaluation=evaluation):
        notification_send(
            recipient=resolver,
            kind=DISPUTED.key,
            event=f"evaluation:{evaluation.pk}",
            params=params,
            url=_url(evaluation),
        )


def resolution_notify(*, evaluation: Evaluation, resolver: AbstractBaseUser, shown: Evaluation):
    """Tell the person that their dispute of ``evaluation`` was resolved; the link opens
    ``shown`` (the new evaluation when it was changed)."""
    notification_send(
        recipient=evaluation.person,
        kind=RESOLVED.key,
        event=f"evaluation:{evaluation.pk}",
        params={
            "resolver": person_name(resolver),
            "date": evaluation.contact_date.isoformat(),
        },
        url=_url(shown),
    )


RECOGNITION = register(
    Kind(
        key="quality.recognition",
        label=_("Your team's recognition list is published"),
        title=_("%(manager)s published the recognition list of %(team)s for %(period)s."),
    )
)


def recognition_notify(*, recognition: Recognition) -> int:
    """Tell the current members of the recognition's team (not its publisher) that the list is
    published; one batch of inserts, never twice for one list."""
    members = (
        StaffProfile.objects.filter(team_id=recognition.team_id)
        .exclude(status=StaffProfile.Status.LEFT)
        .exclude(user_id=recognition.published_by_id)
        .values_list("user_id", flat=True)
    )
    params = {
        "manager": person_name(recognition.published_by) if recognition.published_by else "",
        "team": recognition.team.name,
        "period": f"{recognition.period_start:%d.%m.%Y}–{recognition.period_end:%d.%m.%Y}",
    }
    url = f"{reverse('quality:recognition')}#recognition-{recognition.pk}"
    event = f"recognition:{recognition.pk}"
    return notifications_send_bulk(
        kind=RECOGNITION.key, rows=[(user_id, event, params, url) for user_id in members]
    )


def weak_spots_notify(rows: list[tuple[int, bool, str, dict, str]]) -> int:
    """Tell mentors and managers of weak spots: ``rows`` of (recipient id, found by a critical
    fail, event, params, url). Each event is sent to a recipient once, so a repeated scan
    sends nothing again. Returns how many were offered."""
    sent = 0
    for critical, kind in ((False, WEAK_SPOT), (True, WEAK_SPOT_CRITICAL)):
        chosen = [
            (r, event, params, url) for r, crit, event, params, url in rows if crit == critical
        ]
        for start in range(0, len(chosen), 5_000):
            sent += notifications_send_bulk(kind=kind.key, rows=chosen[start : start + 5_000])
    return sent
