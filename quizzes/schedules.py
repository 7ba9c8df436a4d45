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

# Glossary flashcards for the terms of lessons completed without a quiz (a submitted attempt
# makes its own cards at once).
register(
    Job(
        name="review-term-cards-sync",
        func="quizzes.tasks.review_term_cards_sync",
        minutes=24 * 60,
    )
)
