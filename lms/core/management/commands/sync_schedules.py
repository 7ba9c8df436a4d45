from django.core.management.base import BaseCommand

from lms.core.scheduling import schedules_sync


class Command(BaseCommand):
    help = "Make django-q2's schedules match the jobs declared in code (idempotent)."

    def handle(self, *args, **options):
        counts = schedules_sync()
        self.stdout.write(
            "schedules: {created} created, {updated} updated, {deleted} deleted, "
            "{unchanged} unchanged".format(**counts)
        )
