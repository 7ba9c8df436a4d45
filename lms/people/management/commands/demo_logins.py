from django.core.management.base import BaseCommand

from lms.people.demo import ACCOUNTS, DEMO_PASSWORD


class Command(BaseCommand):
    help = "Print the site address and the demo logins. Reads nothing, writes nothing."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000, help="The port runserver uses.")

    def handle(self, *args, port, **options):
        width = max(len(account.username) for account in ACCOUNTS)
        lines = [
            "",
            f"Nastavnik is running at http://127.0.0.1:{port}/ "
            f"— demo logins (password: {DEMO_PASSWORD}):",
            *(f"  {account.username:<{width}} — {account.label}" for account in ACCOUNTS),
            f"The Wagtail admin is at http://127.0.0.1:{port}/admin/",
            "",
        ]
        self.stdout.write("\n".join(lines))
