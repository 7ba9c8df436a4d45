"""The quizzes app's periodic jobs (see ``lms.core.scheduling``)."""

from lms.core.scheduling import Job, register

# Time-limited attempts nobody submitted are graded at most a minute after their deadline (and
# at once if their owner comes back first).
register(
    Job(
        name="attempts-expired-submit",
        func="quizzes.tasks.attempts_expired_submit",
        minutes=1,
    )
)
