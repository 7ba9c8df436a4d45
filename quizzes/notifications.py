"""What quizzes tell people: the graders of an attempt that waits for them (sent by a worker
after the submit commits), and the learner when that attempt is graded (sent inside the
grading's transaction, so it exists exactly when the grade was saved)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lms.notifications.kinds import Kind, register
from lms.notifications.services import notification_send, notifications_send_bulk
from lms.people.models import person_name
from quizzes.models import Attempt, AttemptQuestion
from quizzes.queue_selectors import graders_of_attempt

ATTEMPT_GRADED = register(
    Kind(
        key="quizzes.attempt_graded",
        label=_("Your open answers were graded"),
        title=_("Your answers in “%(quiz)s” are graded: %(percent)s %%. See your result."),
    )
)


def attempt_graded_notify(*, attempt) -> None:
    """Tell the learner their attempt is scored (once per attempt)."""
    notification_send(
        recipient=attempt.user,
        kind=ATTEMPT_GRADED.key,
        event=f"attempt:{attempt.pk}",
        params={
            "quiz": attempt.quiz.title,
            "percent": f"{attempt.percent.normalize():f}",
        },
        url=reverse("quizzes:attempt_result", kwargs={"attempt_id": attempt.pk}),
    )


ANSWERS_TO_GRADE = register(
    Kind(
        key="quizzes.answers_to_grade",
        label=_("Open answers wait for your grade"),
        title=_("%(person)s's open answers in “%(quiz)s” wait for your grade."),
    )
)


def attempt_waiting_notify(*, attempt: Attempt) -> int:
    """Tell everyone who may grade ``attempt`` (``graders_of_attempt``) that its open answers
    wait: one notification per grader and attempt, whatever the number of open answers,
    linking to the first answer waiting. Sending again adds nothing (the event is the
    attempt); nobody is told when nothing waits or nobody may grade. Returns how many were
    offered. Three queries and one insert."""
    first = (
        AttemptQuestion.objects.filter(attempt=attempt, awaiting_grading=True)
        .order_by("position")
        .values_list("pk", flat=True)
        .first()
    )
    if first is None:
        return 0
    params = {"person": person_name(attempt.user), "quiz": attempt.quiz.title}
    url = reverse("quizzes:open_answer_grade", kwargs={"answer_id": first})
    event = f"attempt:{attempt.pk}"
    graders = graders_of_attempt(attempt=attempt).values_list("pk", flat=True)
    return notifications_send_bulk(
        kind=ANSWERS_TO_GRADE.key, rows=[(pk, event, params, url) for pk in graders]
    )
