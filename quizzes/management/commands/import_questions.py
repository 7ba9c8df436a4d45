"""``manage.py import_questions FILE``: load questions into the bank from a question file (GIFT,
Aiken, or any format of ``quizzes.importing.FILE_FORMATS``)."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, no_translations

from quizzes.importing import (
    FILE_FORMATS,
    QuestionImportError,
    file_format_extensions,
    question_file_decode,
    questions_import,
    questions_import_preview,
)


class Command(BaseCommand):
    help = (
        "Import questions from a question file ({}): questions the file names are updated "
        "(an [id:N] [bank:KEY] of this bank, an id of the file's source, or the same content), "
        "the others created. A file with any error imports nothing; every error is printed as "
        "'line N: message' and the command exits with status 1."
    ).format(", ".join(file_format_extensions()))

    def add_arguments(self, parser):
        parser.add_argument("file", help="A question file in UTF-8.")
        parser.add_argument(
            "--format",
            choices=list(FILE_FORMATS),
            help="The file's format, when its name does not say.",
        )
        parser.add_argument(
            "--source",
            help=(
                "Where the file's ids come from (default: the file's name); the same source "
                "updates the questions it imported before."
            ),
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and count; write nothing."
        )
        parser.add_argument(
            "--user", help="Username recorded on the new revisions (must be able to add questions)."
        )

    # English output, "line N: message", whatever the site's language: scripts read it.
    @no_translations
    def handle(self, *args, file, format=None, dry_run=False, user=None, source=None, **options):
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror or exc}") from exc
        try:
            content = question_file_decode(data=data)
            if dry_run:
                result = questions_import_preview(
                    content=content, filename=path.name, file_format=format, source=source
                )
                if result.errors:
                    raise QuestionImportError(result.errors)
            else:
                result = questions_import(
                    content=content,
                    filename=path.name,
                    user=self._user(user),
                    file_format=format,
                    source=source,
                )
        except QuestionImportError as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"{len(exc.errors)} error(s) in {path.name}; nothing was imported."
            ) from exc
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        for note in result.notes:
            self.stdout.write(f"note: {note}")
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
