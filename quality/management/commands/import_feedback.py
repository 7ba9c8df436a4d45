from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from quality.services.feedback_import import feedback_import


class Command(BaseCommand):
    help = (
        "Import customer feedback (complaints, thanks, CSAT and NPS scores) from a CSV (UTF-8 or "
        "Windows-1251, comma or semicolon) or XLSX file, keyed on external_id (see "
        "docs/quality.md). A file with any error imports nothing, lists every error with its "
        "line and column, and exits with status 1; rows recorded before are left as they are."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The CSV or XLSX file.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and say what would be recorded; write nothing.",
        )

    def handle(self, *args, file, dry_run, **options):
        path = Path(file)
        try:
            content = path.read_bytes()
        except OSError as exc:
            message = _("Cannot read %(file)s: %(error)s") % {"file": file, "error": exc}
            raise CommandError(message) from None
        result = feedback_import(content=content, filename=path.name, dry_run=dry_run)
        for warning in result.warnings:
            self.stderr.write(_("Warning: %(warning)s") % {"warning": warning})
        if result.errors:
            for error in result.errors:
                self.stderr.write(str(error))
            count = len(result.errors)
            raise CommandError(
                ngettext(
                    "The file has %(count)s error; nothing was imported.",
                    "The file has %(count)s errors; nothing was imported.",
                    count,
                )
                % {"count": count}
            )
        if dry_run:
            self.stdout.write(
                _("Dry run, nothing written: %(summary)s.") % {"summary": result.summary()}
            )
        elif result.created == 0:
            self.stdout.write(
                _("Nothing new: every row was recorded before (%(summary)s).")
                % {"summary": result.summary()}
            )
        else:
            self.stdout.write(_("Imported: %(summary)s.") % {"summary": result.summary()})
