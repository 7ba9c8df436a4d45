"""``manage.py import_glossary FILE``: load glossary terms from a CSV or XLSX file."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from glossary.importing import glossary_import, glossary_import_preview


class Command(BaseCommand):
    help = (
        "Import glossary terms from a CSV (UTF-8) or XLSX file with a header row: create or "
        "update them by slug and publish them. A file with any error imports nothing; every "
        "error is printed with its line, and the command exits with status 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A .csv or .xlsx file.")
        parser.add_argument(
            "--user", help="Username recorded on the new revisions (must be able to publish)."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and count; write nothing."
        )

    def handle(self, *args, file, user=None, dry_run=False, **options):
        path = Path(file)
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror or exc}") from exc
        if dry_run:
            result = glossary_import_preview(content=content, filename=path.name)
        else:
            try:
                result = glossary_import(content=content, filename=path.name, user=self._user(user))
            except PermissionDenied as exc:
                raise CommandError(str(exc)) from exc
        if not result.ok:
            raise CommandError("\n".join(result.error_lines()))
        prefix = "would have " if dry_run else ""
        self.stdout.write(f"{prefix}{result.summary()}")

    def _user(self, username: str | None):
        if not username:
            return None
        User = get_user_model()
        try:
            return User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist as exc:
            raise CommandError(f"No user {username!r}.") from exc
