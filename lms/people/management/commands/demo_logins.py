from django.core.management.base import BaseCommand

from lms.people.demo import DEMO_PASSWORD, demo_accounts


class Command(BaseCommand):
    help = "Print the site address and the demo logins. Reads nothing, writes nothing."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000, help="The port runserver uses.")

    def handle(self, *args, port, **options):
        accounts = demo_accounts()
        width = max(len(account.username) for account in accounts)
        lines = [
            "",
            f"Nastavnik is running at http://127.0.0.1:{port}/ "
            f"— demo logins (password: {DEMO_PASSWORD}):",
            *(f"  {account.username:<{width}} — {account.label}" for account in accounts),
            f"The Wagtail admin is at http://127.0.0.1:{port}/admin/",
            "",
        ]
        self.stdout.write("\n".join(lines))
