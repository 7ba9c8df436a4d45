import argparse
import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from courses.services import refreshers_run


def _moment(value: str) -> datetime.datetime:
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO-8601 date or moment: {value!r}") from None
    if timezone.is_naive(moment):
        # A plain date or local time means the site's time zone, as people read dates here.
        moment = timezone.make_aware(moment)
    return moment


class Command(BaseCommand):
    help = (
        "Assign the periodic refreshers that are due (source “refresher”) and tell people whose "
        "certification is expiring soon. Safe to run any number of times."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--at",
            type=_moment,
            default=None,
            help="Run as of this moment (ISO-8601, e.g. 2025-03-01 or 2025-03-01T06:00+03:00) "
            "instead of now.",
        )

    def handle(self, *args, at=None, **options):
        if isinstance(at, str):  # call_command(..., at="…") skips the parser
            at = _moment(at)
        run = refreshers_run(at=at)
        for policy in run.policies:
            self.stdout.write(
                f"  {policy.title}: {policy.assigned} assigned, {policy.expiring} expiring soon"
            )
        self.stdout.write(
            f"refreshers: {run.assigned} assigned, {run.expiring} expiring soon, "
            f"{len(run.policies)} active policies, as of {run.at.isoformat()}"
        )
