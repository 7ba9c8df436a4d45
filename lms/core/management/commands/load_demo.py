from django.core.management.base import BaseCommand
from django.db import transaction

from lms.core.demo import loaders


class Command(BaseCommand):
    help = "Load the Russian demo data. Safe to run any number of times."

    def handle(self, *args, **options):
        for name, loader in loaders():
            with transaction.atomic():
                loader(stdout=self.stdout)
            self.stdout.write(f"demo: {name} ready")
