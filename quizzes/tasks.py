"""django-q2 entry points of the quizzes app: ids in, one service call, no rules."""

from quizzes import review_services, services


def attempts_expired_submit() -> int:
    """Submit the attempts whose time ran out (every minute)."""
    return services.attempts_expired_submit()


def review_term_cards_sync() -> int:
    """Flashcards for the glossary terms of recently completed lessons (daily)."""
    return review_services.review_term_cards_sync_recent()


def attempt_graders_notify(attempt_id: int) -> int:
    """Tell the graders of a submitted attempt that its open answers wait (after the submit)."""
    return services.attempt_graders_notify(attempt_id=attempt_id)
