from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from lms.api.services import api_token_create

DEFAULT_NAME = "Command line"


class Command(BaseCommand):
    help = (
        "Create a personal API token for USERNAME and print it. Only the token goes to standard "
        "output, so a script can capture it; it cannot be shown again later."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--name",
            default=DEFAULT_NAME,
            help=f"What the token is for, shown on the person's profile (default: {DEFAULT_NAME}).",
        )

    def handle(self, *args, username: str, name: str, **options):
        User = get_user_model()
        try:
            user = User.objects.get_by_natural_key(username)
        except User.DoesNotExist:
            raise CommandError(f"No user with the username {username!r}.") from None
        try:
            _token, plaintext = api_token_create(user=user, name=name)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(plaintext)
