"""django-q2 entry points of the reports app: no rules here, one service call each."""

from reports.services import digest


def weekly_digests_send() -> dict[str, int]:
    """Monday morning: make this week's managers' digests and send them."""
    result = digest.weekly_digests_run()
    return {"sent": result.sent, "retrying": result.retrying, "failed": result.failed}


def weekly_digests_retry() -> dict[str, int]:
    """Send the weekly digests whose earlier send failed and is due again."""
    result = digest.weekly_digests_deliver()
    return {"sent": result.sent, "retrying": result.retrying, "failed": result.failed}


# The exports' tasks live beside their concern.
from reports.tasks_exports import report_export_run, report_exports_expire  # noqa: E402, F401
