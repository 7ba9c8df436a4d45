from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from lms.core.demo import loaders

ERROR_PRODUCTION = (
    "Refusing to load demo data with DEBUG off: it creates accounts whose password is "
    "“demo”, a superuser among them. Pass --allow-production for a throwaway try-out."
)


class Command(BaseCommand):
    help = (
        "Load the Russian demo data: creates what is missing, never changes what exists. "
        "Safe to run any number of times."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load even when DEBUG is off (a try-out deployment, never a real one).",
        )

    def handle(self, *args, allow_production=False, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(ERROR_PRODUCTION)
        for name, loader in loaders():
            with transaction.atomic():
                loader(stdout=self.stdout)
            self.stdout.write(f"demo: {name} ready")
