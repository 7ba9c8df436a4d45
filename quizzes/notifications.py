"""What quizzes tell people: a learner's attempt that waited for a person to grade its open
answers is graded. Sent inside the grading's transaction, so it exists exactly when the
grade was saved."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lms.notifications.kinds import Kind, register
from lms.notifications.services import notification_send

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
