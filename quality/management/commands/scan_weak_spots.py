"""``manage.py scan_weak_spots [--person USER_ID …]``: apply the weak-spot rule now (the daily
job does it at night)."""

from django.core.management.base import BaseCommand

from quality.services.weak_spots import weak_spots_scan


class Command(BaseCommand):
    help = "Find weak spots in quality evaluations and assign their training."

    def add_arguments(self, parser):
        parser.add_argument(
            "--person", type=int, action="append", help="Only this user id (repeatable)."
        )

    def handle(self, *args, person=None, **options):
        result = weak_spots_scan(person_ids=person)
        self.stdout.write(
            f"{result.found} weak spots found, {result.assigned} assignments, "
            f"{result.cards} review cards, {result.notified} notifications; "
            f"{result.closed} closed, {result.recovered} recovered."
        )
