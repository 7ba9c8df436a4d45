"""django-q2 entry points of notifications: no rules here, one service call each."""

from lms.notifications import services


def digests_send() -> dict[str, int]:
    """Make today's digests when it is time and send what is due (retries included)."""
    result = services.digests_run()
    return {"sent": result.sent, "retrying": result.retrying, "failed": result.failed}
