"""django-q2 entry points of the quizzes app: ids in, one service call, no rules."""

from quizzes import services


def attempts_expired_submit() -> int:
    """Submit the attempts whose time ran out (every minute)."""
    return services.attempts_expired_submit()
